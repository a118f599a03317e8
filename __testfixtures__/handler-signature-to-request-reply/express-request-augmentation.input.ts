import type { NextFunction, Request, Response } from 'express';
import { findUser, type User } from './users';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      user?: User;
      tenant: string;
    }
  }
}

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  const user = findUser(req.headers.authorization);
  if (user) req.user = user;
  next();
}
