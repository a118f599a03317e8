import { Router, type NextFunction, type Request, type Response } from 'express';
import { findDoc } from '../docs';

export const docs = Router();

async function requireOwner(rq: Request, rs: Response, next: NextFunction) {
  const doc = await findDoc(rq.params.id);
  if (doc?.ownerId !== rq.user?.id) {
    rs.status(403).json({ error: 'not yours' });
    return;
  }
  next();
}

docs.put('/docs/:id', requireOwner, (rq: Request, rs: Response) => {
  rs.status(204).end();
});
