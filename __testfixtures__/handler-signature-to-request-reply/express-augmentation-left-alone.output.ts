import type { FastifyRequest, FastifyReply, HookHandlerDoneFunction } from 'fastify';

// Response is augmented too: res.locals and friends have no one-to-one FastifyReply counterpart.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      startedAt?: number;
    }
    interface Response {
      timing?: boolean;
    }
  }
}

export function timing(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void {
  request.startedAt = Date.now();
  next();
}
