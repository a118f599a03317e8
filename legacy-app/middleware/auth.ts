/**
 * Authentication for the legacy app.
 *   - `authenticate`: sets `req.user` from `Authorization: Bearer <token>` when the token is known.
 *   - `requireAuth`: bearer token required (401 otherwise).
 *   - `sessionAuth`: sets `req.user` from the `sid` session cookie (used by the /account router).
 *   - `requireRole('ADMIN')`: 401 without a user, 403 with the wrong role.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { forbidden, unauthorized } from '../errors';
import { bearerToken, findUserBySession, findUserByToken, type AuthUser, type Role } from '../services/auth.service';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: AuthUser;
    }
  }
}

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  const token = bearerToken(req.get('authorization'));
  if (token) {
    const user = findUserByToken(token);
    if (user) req.user = user;
  }
  next();
}

export const requireAuth: RequestHandler = (req, res, next) => {
  if (!req.user) {
    const token = bearerToken(req.headers.authorization);
    const user = token ? findUserByToken(token) : undefined;
    if (!user) return next(unauthorized(token ? 'Invalid or expired token' : 'Authentication required'));
    req.user = user;
  }
  res.locals.user = req.user;
  next();
};

export function sessionAuth(req: Request, res: Response, next: NextFunction) {
  const sid: string | undefined = req.cookies?.sid;
  const user = findUserBySession(sid);
  if (!user) {
    res.status(401).json({ error: { code: 'NO_SESSION', message: 'Log in first: no valid session cookie' } });
    return;
  }
  req.user = user;
  res.locals.user = user;
  next();
}

export function requireRole(role: Role): RequestHandler {
  return function checkRole(req, _res, next) {
    if (!req.user) return next(unauthorized());
    if (req.user.role !== role) return next(forbidden(`This action requires the ${role} role`));
    next();
  };
}
