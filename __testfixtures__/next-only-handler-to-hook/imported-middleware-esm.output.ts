import express from 'express';
import cookie from '@fastify/cookie';
import { requestContext } from './middleware/request-context';
import { authenticate } from './middleware/auth';
import { notFound } from './middleware/not-found';

import { fromExpressMiddleware } from '../adapter';

export function createApp() {
  const app = express();
  /* @fastify-migrate-todo: served through the Express adapter (requestContext is Express middleware from ./middleware/request-context); list that module in migratedModules once it is migrated */
  app.addHook('onRequest', fromExpressMiddleware(requestContext));
  app.use(express.json());
  // A plugin registration is not a route: what follows still runs for every request.
  app.register(cookie);
  /* @fastify-migrate-todo: served through the Express adapter (authenticate is Express middleware from ./middleware/auth); list that module in migratedModules once it is migrated */
  app.addHook('preHandler', fromExpressMiddleware(authenticate));
  app.get('/health', (req, res) => res.send('ok'));
  // Only reached when no route answered.
  /* @fastify-migrate-todo: notFound is mounted after the routes (runs only when none answered): make it app.setNotFoundHandler(...) or, with (err, req, res, next), setErrorHandler(...); Fastify has no use(), so the app does not start until then */
  app.use(notFound);
  return app;
}
