import express from 'express';
import { errorHandler, notFound } from './middleware/errors';
import { usersRouter } from './routes/users';

export function buildApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind one load balancer.
  app.set('trust proxy', 1);

  app.use(express.json({ limit: '1mb' }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));

  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.use('/api/users', usersRouter);

  // Whatever no route answered.
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
