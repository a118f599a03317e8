import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Router } from 'express';

interface IdParams {
  id: string;
}

// Type arguments: not a plain RequestHandler, so only a marker.
/* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's preHandlerHookHandler (or type request and reply) */
export const loadItem: RequestHandler<IdParams> = (request, reply, next) => {
  reply.locals.id = request.params.id;
  next();
};

// next passed on: Fastify has no next to hand over.
/* @fastify-migrate-todo: `next` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook */
/* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's preHandlerHookHandler (or type request and reply) */
export const delegate: RequestHandler = (request, reply, next) => {
  Promise.resolve(request.body).then(() => next(), next);
};

// Reads members of err (Express typed it any): the holder type stays.
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  res.status(err.status ?? 500).json({ message: err.message });
};

const router = Router();
router.get('/:id', loadItem, (request, reply) => reply.json({ id: reply.locals.id }));
export default router;
