import type { NextFunction, Request, Response } from 'express';

type AsyncFn = (req: Request, res: Response, next: NextFunction) => Promise<unknown>;

export const asyncHandler = (fn: AsyncFn) => (req: Request, res: Response, next: NextFunction) => {
  fn(req, res, next).catch(next);
};

export function makeStatusHandler(label: string) {
  return function statusHandler(req: Request, res: Response) {
    res.json({ label, at: req.path });
  };
}
