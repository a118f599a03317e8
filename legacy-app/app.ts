/**
 * The legacy Express 5 app ("Legacy Shop"): the app our codemods and gateway migrate.
 * `createLegacyApp()` builds it without listening; server.ts runs it.
 */
import cookieParser from 'cookie-parser';
import express from 'express';
import { authenticate } from './middleware/auth';
import { errorHandler, notFoundHandler } from './middleware/errors';
import { requestContext } from './middleware/request-context';
import { accountRouter } from './routes/account';
import adminRouter from './routes/admin';
import authRouter from './routes/auth';
import docsRouter from './routes/docs';
import { echoRouter } from './routes/echo';
import { ordersRouter } from './routes/orders';
import { productsRouter } from './routes/products';
import usersRouter from './routes/users';

export const APP_NAME = 'legacy-shop';
export const APP_VERSION = '3.14.2';

export function createLegacyApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.use(requestContext);
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false, limit: '100kb' }));
  app.use(cookieParser());
  app.use(authenticate);

  // A few endpoints straight on the app.
  app.get('/', (_req, res) => res.redirect('/docs'));
  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.send('ok');
  });
  app.get('/version', (_req, res) => {
    res.json({ name: APP_NAME, version: APP_VERSION });
  });
  app.get('/api/ping', function ping(_req, res) {
    res.header('X-Pong', 'true');
    res.type('text').send('pong');
  });
  app.get('/api/config', (req, res) => {
    res.send({ features: { newCheckout: false, reviews: true }, signedIn: Boolean(req.user) });
  });
  app.get('/robots.txt', (_req, res) => {
    res.type('text/plain').send('User-agent: *\nDisallow: /admin\nDisallow: /account\n');
  });

  app.use('/api/users', usersRouter);
  app.use('/api/products', productsRouter);
  app.use('/api/orders', ordersRouter);
  app.use('/api/echo', echoRouter);
  app.use('/auth', authRouter);
  app.use('/account', accountRouter);
  app.use('/admin', adminRouter);
  app.use('/docs', docsRouter);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
