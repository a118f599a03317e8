import rateLimit from 'express-rate-limit';
import { requireAuth, requireRole, audit } from '../middleware/auth.js';
import adminRoutes from './admin.js';
import meRoutes from './me.js';

import { fromExpressMiddleware } from '../adapter';
const adminOnly = [requireAuth, requireRole('ADMIN')];

async function mountMiddlewareSpreadRoutes(fastify) {
  // A spread of a local array, an array literal, a package's middleware.
  fastify.register(async (instance) => {
    for (const mw of adminOnly) instance.addHook('preHandler', fromExpressMiddleware(mw));
    instance.addHook('preHandler', fromExpressMiddleware(audit));
    instance.addHook('preHandler', fromExpressMiddleware(rateLimit({ max: 10 })));
    await instance.register(adminRoutes);
  }, { prefix: '/admin' });
  // No prefix: the middleware still runs only for the routes of meRouter.
  fastify.register(async (instance) => {
    instance.addHook('preHandler', fromExpressMiddleware(requireAuth));
    await instance.register(meRoutes);
  });
  // Error middleware in front of a router cannot be a hook.
  /* @fastify-migrate-todo: Express ran requireAuth (mounted with meRoutes at '', line 13) for this mount too: the hooks now run only for meRoutes; add them here */
  /* @fastify-migrate-todo: meRoutes is mounted at '/broken' behind middleware this step cannot carry over ((err, req, res, next) => next(err) is error middleware in front of the router: make it the plugin's setErrorHandler by hand): every route of it must keep that protection */
  fastify.use('/broken', (err, req, res, next) => next(err), meRoutes);
}

export default mountMiddlewareSpreadRoutes;
