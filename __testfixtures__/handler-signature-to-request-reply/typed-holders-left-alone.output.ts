import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Router } from 'express';

import type { preHandlerHookHandler } from 'fastify';

interface IdParams {
  id: string;
}

// Type arguments: not a plain RequestHandler, so only a marker.
/* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's preHandlerHookHandler (or type request and reply) */
export const loadItem: RequestHandler<IdParams> = (request, reply, next) => {
  reply.locals.id = request.params.id;
  next();
};

// next handed to a promise: a callback hook's done takes the error too, so it is a preHandler.
export const delegate: preHandlerHookHandler = (request, reply, next) => {
  Promise.resolve(request.body).then(() => next(), next);
};

// Reads members of err (Express typed it any): the holder type stays.
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  res.status(err.status ?? 500).json({ message: err.message });
};

const router = Router();
router.get('/:id', loadItem, (request, reply) => reply.json({ id: reply.locals.id }));
export default router;

