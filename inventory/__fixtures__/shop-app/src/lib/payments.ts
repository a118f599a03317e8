import type { Request, Response } from 'express';

export function chargeCard(req: Request, res: Response): void {
  res.status(202).json({ charged: req.params.id });
}
