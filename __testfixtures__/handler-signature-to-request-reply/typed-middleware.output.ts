import { unauthorized } from '../errors';
import type {
  preHandlerHookHandler,
  FastifyRequest,
  FastifyReply,
  HookHandlerDoneFunction,
} from 'fastify';

// Typed as a whole: a middleware that calls next as done becomes Fastify's preHandler hook type.
export const requireAuth: preHandlerHookHandler = (request, reply, next) => {
  if (!request.user) return next(unauthorized());
  next();
};

export function requireRole(role: string): preHandlerHookHandler {
  return function checkRole(request, reply, next) {
    if (request.user?.role !== role) return next(unauthorized());
    next();
  };
}

// Typed parameter by parameter: retyped.
export function audit(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void {
  console.log(request.method, request.url);
  next();
}
