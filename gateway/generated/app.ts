/**
 * The legacy Express 5 app ("Legacy Shop"): the app our codemods and gateway migrate.
 * `createLegacyApp()` builds it without listening; server.ts runs it.
 */
import cookieParser from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { authenticate } from './middleware/auth';
import { errorHandler, notFoundHandler } from './middleware/errors';
import { requestContext } from './middleware/request-context';
import { accountRouter } from './routes/account';
import adminRoutes from './routes/admin';
import authRoutes from './routes/auth';
import docsRoutes from './routes/docs';
import { echoRouter } from './routes/echo';
import { ordersRouter } from './routes/orders';
import { productsRouter } from './routes/products';
import usersRoutes from './routes/users';

import fastifyFormbody from '@fastify/formbody';

export const APP_NAME = 'legacy-shop';
export const APP_VERSION = '3.14.2';

export function createLegacyApp(): FastifyInstance {
  const app = Fastify({ bodyLimit: 102400, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  app.addHook('onRequest', async (request, reply) => { reply.locals = {}; });

  app.addHook('onRequest', requestContext);
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

  app.register(usersRoutes, { prefix: '/api/users' });
  app.register(productsRouter, { prefix: '/api/products' });
  app.register(ordersRouter, { prefix: '/api/orders' });
  app.register(echoRouter, { prefix: '/api/echo' });
  app.register(authRoutes, { prefix: '/auth' });
  app.register(accountRouter, { prefix: '/account' });
  app.register(adminRoutes, { prefix: '/admin' });
  app.register(docsRoutes, { prefix: '/docs' });

  app.setNotFoundHandler(notFoundHandler);
  app.setErrorHandler(errorHandler);
  return app;
}
