// Orders: the oldest router. Inline callback-style handlers over the callback-based service.
import { promisify } from 'node:util';
import { Router, type Request } from 'express';
import { HttpError, notFound } from '../errors';
import { requireAuth, requireRole } from '../middleware/auth';
import * as orders from '../services/orders.service';
import { Checker, isPlainObject, parseId, requireObjectBody } from '../services/validation';
import type { FieldError } from '../errors';

const router = Router();
router.use(requireAuth);

function orderId(req: Request): number {
  const id = parseId(req.params.id as string);
  if (id === undefined) throw new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', [{ field: 'id', message: 'must be a positive integer' }]);
  return id;
}

function visibleTo(order: orders.Order | undefined, req: Request): order is orders.Order {
  return order !== undefined && (order.userId === req.user!.id || req.user!.role === 'ADMIN');
}

router.get('/', function (req, res, next) {
  const everyone = req.query.all === 'true' && req.user!.role === 'ADMIN';
  orders.listForUser(everyone ? null : req.user!.id, function (err, list) {
    if (err) return next(err);
    res.json({ orders: list });
  });
});

router.post('/', function (req, res, next) {
  let body: Record<string, unknown>;
  try {
    body = requireObjectBody(req.body);
  } catch (err) {
    return next(err);
  }
  const errors: FieldError[] = [];
  const items: { sku: string; qty: number }[] = [];
  if (!Array.isArray(body.items) || body.items.length === 0 || body.items.length > 20) {
    errors.push({ field: 'items', message: 'must be a list of 1 to 20 items' });
  } else {
    body.items.forEach((raw: unknown, i: number) => {
      if (!isPlainObject(raw)) return errors.push({ field: `items[${i}]`, message: 'must be an object' });
      const check = new Checker(raw);
      const sku = check.string('sku', { required: true, max: 20 });
      const qty = check.int('qty', { required: true, min: 1, max: 99 });
      for (const e of check.errors) errors.push({ field: `items[${i}].${e.field}`, message: e.message });
      if (sku && qty) items.push({ sku, qty });
    });
  }
  const check = new Checker(body);
  const note = check.string('note', { max: 200 }) ?? null;
  errors.push(...check.errors);
  if (errors.length) return res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: errors } });
  if (new Set(items.map((i) => i.sku)).size !== items.length) {
    return res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'items', message: 'each sku at most once' }] } });
  }
  orders.place(req.user!.id, items, note, (err, order) => {
    if (err) return next(err);
    res.status(201).location(`/api/orders/${order!.id}`).json(order);
  });
});

router.get('/:id', (req, res, next) => {
  let id: number;
  try {
    id = orderId(req);
  } catch (err) {
    return next(err);
  }
  orders.findById(id, (err, order) => {
    if (err) return next(err);
    if (!visibleTo(order, req)) return next(notFound(`Order ${id}`));
    res.json(order);
  });
});

router.get('/:id/receipt', (req, res, next) => {
  const id = parseId(req.params.id);
  if (!id) return res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'id', message: 'must be a positive integer' }] } });
  orders.findById(id, (err, order) => {
    if (err) return next(err);
    if (!visibleTo(order, req)) return next(notFound(`Order ${id}`));
    res.format({
      'application/json': () => res.json({ orderId: order.id, totalCents: order.totalCents, text: orders.receiptText(order) }),
      'text/plain': () => res.send(orders.receiptText(order)),
      'text/html': () => res.send(`<pre>${orders.receiptText(order)}</pre>`),
      default: () => res.status(406).json({ error: { code: 'NOT_ACCEPTABLE', message: 'Ask for application/json, text/plain or text/html' } }),
    });
  });
});

router.post('/:id/cancel', (req, res, next) => {
  const id = parseId(req.params.id);
  if (!id) return next(new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', [{ field: 'id', message: 'must be a positive integer' }]));
  orders.findById(id, (err, order) => {
    if (err) return next(err);
    if (!visibleTo(order, req)) return next(notFound(`Order ${id}`));
    orders.setStatus(id, 'PENDING', 'CANCELLED', (err2, updated) => (err2 ? next(err2) : res.json(updated)));
  });
});

const findOrder = promisify(orders.findById);
const setStatus = promisify(orders.setStatus);

// The one newer handler in this file: async, errors thrown straight to Express 5.
router.post('/:id/ship', requireRole('ADMIN'), async (req, res) => {
  const id = orderId(req);
  const order = await findOrder(id);
  if (!order) throw notFound(`Order ${id}`);
  const shipped = await setStatus(id, 'PENDING', 'SHIPPED');
  res.json(shipped);
});

export { router as ordersRouter };
