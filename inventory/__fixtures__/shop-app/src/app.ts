import express, { Router } from 'express';
import usersRouter from './routes/users';
import { ordersRouter } from './routes/orders';
import reports from './routes/reports';
import { registerExtraRoutes } from './routes/extra';
import { admin } from './admin/app';

function health(req: express.Request, res: express.Response): void {
  res.json({ ok: true });
}

export function createApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/health', health);
  app.all('/ping', (req, res) => {
    res.send('pong');
  });

  const api = Router();
  api.use('/users', usersRouter);
  api.use(ordersRouter);
  api.use(reports);
  app.use('/api/v1', api);
  app.use('/admin', admin);
  registerExtraRoutes(app as unknown as Router);
  return app;
}
