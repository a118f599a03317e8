import type { ErrorRequestHandler, RequestHandler } from 'express';
import { toErrorResponse } from '../errors';

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'NOT_FOUND', message: `Cannot ${req.method} ${req.path}` } });
};

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const { status, headers, body } = toErrorResponse(err);
  if (status >= 500 && process.env.NODE_ENV !== 'test') console.error(`${req.method} ${req.originalUrl} failed:`, err);
  res.set(headers).status(status).json(body);
};
