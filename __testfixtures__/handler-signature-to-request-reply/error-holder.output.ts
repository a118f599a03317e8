import { toErrorResponse } from './errors';
import type { FastifyRequest, FastifyReply } from 'fastify';

// Registered by the app elsewhere; the gateway entry hands it Fastify's request and reply.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const errorHandler = (err: unknown, request: FastifyRequest, reply: FastifyReply, next: (err?: unknown) => void) => {
  if (reply.headersSent) return next(err);
  const { status, body } = toErrorResponse(err);
  console.error(`${request.method} ${request.originalUrl} failed:`, err);
  reply.status(status).json(body);
};
