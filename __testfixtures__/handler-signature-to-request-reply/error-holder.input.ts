import type { ErrorRequestHandler } from 'express';
import { toErrorResponse } from './errors';

// Registered by the app elsewhere; the gateway entry hands it Fastify's request and reply.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const { status, body } = toErrorResponse(err);
  console.error(`${req.method} ${req.originalUrl} failed:`, err);
  res.status(status).json(body);
};
