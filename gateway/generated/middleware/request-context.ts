import type { preHandlerHookHandler } from 'fastify';

/** The caller's X-Request-Id when it is sane (letters, digits, `_.-`, at most 64), else null. */
export function requestIdFrom(header: string | undefined): string | null {
  return header && /^[\w.-]{1,64}$/.test(header) ? header : null;
}

/** Echoes the caller's X-Request-Id and keeps it in res.locals for handlers. */
export const requestContext: preHandlerHookHandler = (request, reply, next) => {
  reply.locals.requestId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
  if (reply.locals.requestId) reply.header('X-Request-Id', reply.locals.requestId);
  next();
};
