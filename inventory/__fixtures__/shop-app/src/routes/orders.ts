import { Router, type Request, type Response } from 'express';
import { authorize } from '../middleware/auth';
import { asyncHandler, makeStatusHandler } from '../lib/async-handler';
import { chargeCard } from '../lib/payments';

export const ordersRouter = Router();

const BASE = '/orders';

async function listOrders(req: Request, res: Response): Promise<void> {
  res.json({ orders: [], user: req.headers['x-user'] });
}

ordersRouter.get(BASE, asyncHandler(listOrders));
ordersRouter.get(`${BASE}/status`, makeStatusHandler('orders'));
ordersRouter.post(`${BASE}/:id/pay`, authorize('admin', 'billing'), (req, res) => {
  chargeCard(req, res);
});
ordersRouter.get(`${BASE}/:id/receipt`, (req, res) => {
  res.render('receipt', { id: req.params.id });
});
ordersRouter.all(`${BASE}/legacy`, (req, res) => {
  res.json({ tenant: (req as unknown as { tenant?: string }).tenant });
});
