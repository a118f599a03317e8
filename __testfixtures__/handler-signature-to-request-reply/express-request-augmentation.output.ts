import { findUser, type User } from './users';
import type { FastifyRequest, FastifyReply, HookHandlerDoneFunction } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    user?: User;
    tenant: string;
  }
}

export function authenticate(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void {
  const user = findUser(request.headers.authorization);
  if (user) request.user = user;
  next();
}
