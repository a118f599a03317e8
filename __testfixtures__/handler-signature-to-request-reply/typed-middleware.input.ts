import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { unauthorized } from '../errors';

// Typed as a whole: a middleware that calls next as done becomes Fastify's preHandler hook type.
export const requireAuth: RequestHandler = (req, res, next) => {
  if (!req.user) return next(unauthorized());
  next();
};

export function requireRole(role: string): RequestHandler {
  return function checkRole(req, _res, next) {
    if (req.user?.role !== role) return next(unauthorized());
    next();
  };
}

// Typed parameter by parameter: retyped.
export function audit(req: Request, _res: Response, next: NextFunction): void {
  console.log(req.method, req.url);
  next();
}
