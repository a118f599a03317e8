import type { RequestHandler } from 'express';

/** Echoes the caller's X-Request-Id (when it is sane) and keeps it in res.locals for handlers. */
export const requestContext: RequestHandler = (req, res, next) => {
  const id = req.get('x-request-id');
  res.locals.requestId = id && /^[\w.-]{1,64}$/.test(id) ? id : null;
  if (res.locals.requestId) res.set('X-Request-Id', res.locals.requestId);
  next();
};
