/**
 * Authentication for the legacy app.
 *   - `authenticate`: sets `req.user` from `Authorization: Bearer <token>` when the token is known.
 *   - `requireAuth`: bearer token required (401 otherwise).
 *   - `sessionAuth`: sets `req.user` from the `sid` session cookie (used by the /account router).
 *   - `requireRole('ADMIN')`: 401 without a user, 403 with the wrong role.
 */
import { forbidden, unauthorized } from '../../../legacy-app/errors';
import { bearerToken, findUserBySession, findUserByToken, type AuthUser, type Role } from '../../../legacy-app/services/auth.service';
import type {
  FastifyRequest,
  FastifyReply,
  HookHandlerDoneFunction,
  preHandlerHookHandler,
} from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}

export function authenticate(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction): void {
  const token = bearerToken(request.headers.authorization);
  if (token) {
    const user = findUserByToken(token);
    if (user) request.user = user;
  }
  next();
}

export const requireAuth: preHandlerHookHandler = (request, reply, next) => {
  if (!request.user) {
    const token = bearerToken(request.headers.authorization);
    const user = token ? findUserByToken(token) : undefined;
    if (!user) {
      throw unauthorized(token ? 'Invalid or expired token' : 'Authentication required');
    }
    request.user = user;
  }
  reply.locals.user = request.user;
  next();
};

export function sessionAuth(request: FastifyRequest, reply: FastifyReply, next: HookHandlerDoneFunction) {
  const sid: string | undefined = request.cookies?.sid;
  const user = findUserBySession(sid);
  if (!user) {
    reply.code(401).send({ error: { code: 'NO_SESSION', message: 'Log in first: no valid session cookie' } });
    return;
  }
  request.user = user;
  reply.locals.user = user;
  next();
}

export function requireRole(role: Role): preHandlerHookHandler {
  return function checkRole(request, reply, next) {
    if (!request.user) {
      throw unauthorized();
    }
    if (request.user.role !== role) {
      throw forbidden(`This action requires the ${role} role`);
    }
    next();
  };
}
