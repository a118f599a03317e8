import express from 'express';
import { requestContext } from './middleware/request-context';
import { authenticate } from './middleware/auth';
import { notFound } from './middleware/not-found';

export function createApp() {
  const app = express();
  app.use(requestContext);
  app.use(express.json());
  app.use(authenticate);
  app.get('/health', (req, res) => res.send('ok'));
  // Only reached when no route answered.
  app.use(notFound);
  return app;
}
