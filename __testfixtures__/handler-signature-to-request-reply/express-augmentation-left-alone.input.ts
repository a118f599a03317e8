import type { NextFunction, Request, Response } from 'express';

// Response is augmented too: res.locals and friends have no one-to-one FastifyReply counterpart.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      startedAt?: number;
    }
    interface Response {
      timing?: boolean;
    }
  }
}

export function timing(req: Request, _res: Response, next: NextFunction): void {
  req.startedAt = Date.now();
  next();
}
