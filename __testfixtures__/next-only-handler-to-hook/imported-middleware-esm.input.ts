import express from 'express';
import cookie from '@fastify/cookie';
import { requestContext } from './middleware/request-context';
import { authenticate } from './middleware/auth';
import { notFound } from './middleware/not-found';

export function createApp() {
  const app = express();
  app.use(requestContext);
  app.use(express.json());
  // A plugin registration is not a route: what follows still runs for every request.
  app.register(cookie);
  app.use(authenticate);
  app.get('/health', (req, res) => res.send('ok'));
  // Only reached when no route answered.
  app.use(notFound);
  return app;
}
