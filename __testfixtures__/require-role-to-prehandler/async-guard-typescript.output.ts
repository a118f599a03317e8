import { Router, type NextFunction, type Request, type Response } from 'express';
import { findDoc } from '../docs';

export const docs = Router();

async function requireOwner(rq: Request, rs: Response) {
  const doc = await findDoc(rq.params.id);
  if (doc?.ownerId !== rq.user?.id) {
    rs.status(403).json({ error: 'not yours' });
    return rs;
  }
}

docs.put('/docs/:id', { preHandler: [requireOwner] }, (rq: Request, rs: Response) => {
  rs.status(204).end();
});
