import { Router, type NextFunction, type Request, type Response } from 'express';
import { findOrder } from '../orders';

export const orders = Router();

orders.param('orderId', async (rq: Request, rs: Response, go: NextFunction, value: string) => {
  const order = await findOrder(value);
  if (!order) {
    rs.status(404).json({ error: 'order not found' });
    return;
  }
  rq.order = order;
  go();
});
