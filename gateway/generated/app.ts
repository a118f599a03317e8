/**
 * The legacy Express 5 app ("Legacy Shop"): the app our codemods and gateway migrate.
 * `createLegacyApp()` builds it without listening; server.ts runs it.
 */
import cookieParser from '@fastify/cookie';
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

import fastifyFormbody from '@fastify/formbody';

export const APP_NAME = 'legacy-shop';
export const APP_VERSION = '3.14.2';

export function createLegacyApp(): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.addHook('onRequest', requestContext);
  /* @fastify-migrate-todo: express.json({ limit: '100kb' }): Fastify parses JSON and text itself; set bodyLimit (bytes) on the instance or route, add a content-type parser for raw bodies, then remove this */
  app.use(express.json({ limit: '100kb' }));
  /* @fastify-migrate-todo: urlencoded options limit not carried over: set bodyLimit (bytes) on the instance or route */
  app.register(fastifyFormbody);
  app.register(cookieParser);
  app.addHook('preHandler', authenticate);

  // A few endpoints straight on the app.
  app.get('/', (request, reply) => reply.redirect('/docs'));
  app.get('/health', (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return reply.type('text/html; charset=utf-8').send('ok');
  });
  app.get('/version', (request, reply) => {
    return { name: APP_NAME, version: APP_VERSION };
  });
  app.get('/api/ping', function ping(request, reply) {
    reply.header('X-Pong', 'true');
    return reply.type('text/plain; charset=utf-8').send('pong');
  });
  app.get('/api/config', (request, reply) => {
    return { features: { newCheckout: false, reviews: true }, signedIn: Boolean(request.user) };
  });
  app.get('/robots.txt', (request, reply) => {
    return reply.type('text/plain; charset=utf-8').send('User-agent: *\nDisallow: /admin\nDisallow: /account\n');
  });

  app.use('/api/users', usersRouter);
  app.use('/api/products', productsRouter);
  app.use('/api/orders', ordersRouter);
  app.use('/api/echo', echoRouter);
  app.use('/auth', authRouter);
  app.use('/account', accountRouter);
  app.use('/admin', adminRouter);
  app.use('/docs', docsRouter);

  /* @fastify-migrate-todo: notFoundHandler is mounted after the routes (runs only when none answered): make it app.setNotFoundHandler(...) or, with (err, req, res, next), setErrorHandler(...) */
  app.use(notFoundHandler);
  /* @fastify-migrate-todo: errorHandler is mounted after the routes (runs only when none answered): make it app.setNotFoundHandler(...) or, with (err, req, res, next), setErrorHandler(...) */
  app.use(errorHandler);
  return app;
}
