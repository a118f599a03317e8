import { type NextFunction, type Request, type Response } from 'express';
import { requireAuth } from '../middleware/auth';
import ordersRoutes from './orders';
import reportsRoutes from './reports';

import type { FastifyInstance } from 'fastify';
import { fromExpressMiddleware } from '../adapter';

function onlyOwner(req: Request, res: Response, next: NextFunction) {
  if (req.params.id !== String(req.user?.id)) {
    res.status(403).json({ error: 'not yours' });
    return;
  }
  next();
}

// Skips the check for the public part, by path: relative to the mount under Express.
function auditTrail(req: Request, res: Response, next: NextFunction) {
  if (!req.path.startsWith('/public')) console.log('audit', req.baseUrl, req.method);
  next();
}

export async function accountRouter(fastify: FastifyInstance) {
  fastify.register(async (instance) => {
    instance.addHook('preHandler', fromExpressMiddleware(requireAuth));
    instance.addHook('preHandler', onlyOwner);
    await instance.register(ordersRoutes);
  }, { prefix: '/:id/orders' });
  /* @fastify-migrate-todo: auditTrail reads req.path, req.baseUrl: Express shows it the URL without the mount prefix, Fastify the whole URL; check it under the prefix */
  fastify.register(async (instance) => {
    instance.addHook('preHandler', auditTrail);
    await instance.register(reportsRoutes);
  }, { prefix: '/:id/reports' });
}
