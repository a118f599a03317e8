import type { NextFunction, Request, Response } from 'express';
import { findMembership } from '../services/teams';

// Used by route modules elsewhere as route middleware. Fastify refuses an async hook that takes done.
export async function requireTeamMember(req: Request, res: Response, next: NextFunction) {
  const membership = await findMembership(req.params.teamId, req.user?.id);
  if (!membership) {
    res.status(404).json({ error: 'no such team' });
    return;
  }
  next();
}

// A sync middleware keeps next: it is the callback hook's done.
export function requireJson(req: Request, res: Response, next: NextFunction) {
  if (req.headers['content-type'] !== 'application/json') return res.status(415).send();
  next();
}
