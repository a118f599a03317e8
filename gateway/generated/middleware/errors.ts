import type { ErrorRequestHandler, RequestHandler } from 'express';
import { toErrorResponse } from '../../../legacy-app/errors';

/* @fastify-migrate-todo: typed with Express's RequestHandler: use Fastify's RouteHandlerMethod (or type request and reply) */
export const notFoundHandler: RequestHandler = (request, reply) => {
  return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `Cannot ${request.method} ${request.url.split('?')[0].slice(request.server.prefix.length) || '/'}` } });
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.sent) {
    throw err;
  }
  const { status, headers, body } = toErrorResponse(err);
  if (status >= 500 && process.env.NODE_ENV !== 'test') console.error(`${req.method} ${req.originalUrl} failed:`, err);
  res.headers(headers).code(status).send(body);
};
