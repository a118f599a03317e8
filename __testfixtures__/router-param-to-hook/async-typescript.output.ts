import { Router, type NextFunction, type Request, type Response } from 'express';
import { findOrder } from '../orders';

export const orders = Router();

orders.addHook('preHandler', async (rq: Request, rs: Response) => {
  if (rq.params.orderId === undefined) {
    return;
  }

  const value = rq.params.orderId;
  const order = await findOrder(value);
  if (!order) {
    rs.status(404).json({ error: 'order not found' });
    return rs;
  }
  rq.order = order;
});
