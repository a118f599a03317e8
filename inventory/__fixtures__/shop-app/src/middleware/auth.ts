import type { NextFunction, Request, Response, RequestHandler } from 'express';

export enum Role {
  Admin = 'admin',
  Editor = 'editor',
  Reader = 'reader',
}

export function authenticate(req: Request, res: Response, next: NextFunction): void {
  if (!req.headers.authorization) {
    res.status(401).json({ error: 'unauthorized' });
    return;
  }
  next();
}

export function requireRole(role: string): RequestHandler {
  return (req, res, next) => (req.headers['x-role'] === role ? next() : void res.status(403).end());
}

export function requireRoles(roles: string[]): RequestHandler {
  return (req, res, next) => (roles.includes(String(req.headers['x-role'])) ? next() : void res.status(403).end());
}

export function authorize(...roles: string[]): RequestHandler {
  return requireRoles(roles);
}

export const adminOnly = requireRole(Role.Admin);
