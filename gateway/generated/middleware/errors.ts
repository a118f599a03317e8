import { toErrorResponse } from '../../../legacy-app/errors';
import type { RouteHandlerMethod, FastifyRequest, FastifyReply } from 'fastify';

export const notFoundHandler: RouteHandlerMethod = (request, reply) => {
  return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `Cannot ${request.method} ${request.url.split('?')[0].slice(request.server.prefix.length) || '/'}` } });
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const errorHandler = (err: unknown, request: FastifyRequest, reply: FastifyReply) => {
  if (reply.sent) {
    throw err;
  }
  const { status, headers, body } = toErrorResponse(err);
  if (status >= 500 && process.env.NODE_ENV !== 'test') console.error(`${request.method} ${request.originalUrl} failed:`, err);
  reply.headers(headers).code(status).send(body);
};
