/**
 * What every migrated route shares, written to answer exactly like the legacy Express app:
 *   - parsers: cookies (cookie-parser), and express.json / express.urlencoded with body-parser's
 *     rules from ../express-compat.ts (strict JSON, 100kb limit, inflation, charsets, other types unread);
 *   - `request.user` from a bearer token (the app's own token lookup), plus `requireAuth` and
 *     `requireRole` pre-handlers, the counterparts of legacy-app/middleware/auth.ts;
 *   - the X-Request-Id echo of legacy-app/middleware/request-context.ts;
 *   - an error handler that maps every error through the app's own `toErrorResponse`, so statuses
 *     and bodies (validation 400, malformed JSON 400, oversize 413, 401, 403, 404, 500) match.
 * No not-found handler: requests no migrated route matches belong to Express (the gateway's job).
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyError, FastifyPluginAsync, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { asExpressError, expressJson, expressUrlencoded } from '../express-compat';
import { forbidden, toErrorResponse, unauthorized } from '../../legacy-app/errors';
import { requestIdFrom } from '../../legacy-app/middleware/request-context';
import { bearerToken, findUserByToken, type AuthUser, type Role } from '../../legacy-app/services/auth.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, from `Authorization: Bearer <token>`; null when anonymous (Express: `req.user`). */
    user: AuthUser | null;
  }
}

export const setup: FastifyPluginAsync = async (app) => {
  await app.register(fastifyCookie);
  // The app's express.json({ limit: '100kb' }) and express.urlencoded({ extended: false }), with body-parser's rules.
  await app.register(expressJson, { limit: '100kb' });
  await app.register(expressUrlencoded, { limit: '100kb', extended: false });

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    const requestId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
    if (requestId) reply.header('X-Request-Id', requestId);
    const token = bearerToken(request.headers.authorization);
    request.user = (token && findUserByToken(token)) || null;
  });

  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const { status, headers, body } = toErrorResponse(asExpressError(error));
    // The legacy middleware logs 5xx with console.error; here the request's logger does.
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).headers(headers).send(body);
  });
};

/** legacy requireAuth: 401 (with WWW-Authenticate) unless a valid bearer token came with the request. */
export const requireAuth: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
  if (!request.user) {
    throw unauthorized(bearerToken(request.headers.authorization) ? 'Invalid or expired token' : 'Authentication required');
  }
};

/** legacy requireRole(role): 401 without a user, 403 with another role. */
export function requireRole(role: Role): preHandlerAsyncHookHandler {
  return async function checkRole(request: FastifyRequest) {
    if (!request.user) throw unauthorized();
    if (request.user.role !== role) throw forbidden(`This action requires the ${role} role`);
  };
}
