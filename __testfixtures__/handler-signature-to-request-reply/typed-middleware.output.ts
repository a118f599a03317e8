import type { NextFunction, RequestHandler } from 'express';
import { unauthorized } from '../errors';

import type { FastifyRequest, FastifyReply } from 'fastify';

// Typed as a whole: the parameters take the type's, so only a marker can say what to change.
/* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's preHandlerHookHandler (or type request and reply) */
export const requireAuth: RequestHandler = (request, reply, next) => {
  if (!request.user) return next(unauthorized());
  next();
};

export function requireRole(role: string): RequestHandler {
  /* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's preHandlerHookHandler (or type request and reply) */
  return function checkRole(request, reply, next) {
    if (request.user?.role !== role) return next(unauthorized());
    next();
  };
}

// Typed parameter by parameter: retyped.
export function audit(request: FastifyRequest, reply: FastifyReply, next: NextFunction): void {
  console.log(request.method, request.url);
  next();
}

