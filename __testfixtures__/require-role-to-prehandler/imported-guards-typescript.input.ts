import { Router, type Request, type Response } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';
import { listAudit } from '../audit';

export const admin = Router();

admin.get('/audit', requireAuth, requireRole('AUDITOR'), async (rq: Request, rs: Response) => {
  rs.json(await listAudit(rq.user!.orgId));
});
