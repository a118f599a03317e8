import { Router, type NextFunction, type Request, type Response } from 'express';
import { requireAuth } from '../middleware/auth';
import ordersRouter from './orders';
import reportsRouter from './reports';

export const accountRouter = Router();

function onlyOwner(req: Request, res: Response, next: NextFunction) {
  if (req.params.id !== String(req.user?.id)) {
    res.status(403).json({ error: 'not yours' });
    return;
  }
  next();
}

// Skips the check for the public part, by path: relative to the mount under Express.
function auditTrail(req: Request, res: Response, next: NextFunction) {
  if (!req.path.startsWith('/public')) console.log('audit', req.baseUrl, req.method);
  next();
}

accountRouter.use('/:id/orders', requireAuth, onlyOwner, ordersRouter);
accountRouter.use('/:id/reports', auditTrail, reportsRouter);
