// Orders: the oldest router. Inline callback-style handlers over the callback-based service.
import { promisify } from 'node:util';
import { type Request } from 'express';
import { HttpError, notFound } from '../../../legacy-app/errors';
import { requireAuth, requireRole } from '../middleware/auth';
import * as orders from '../../../legacy-app/services/orders.service';
import { Checker, isPlainObject, parseId, requireObjectBody } from '../../../legacy-app/services/validation';
import type { FieldError } from '../../../legacy-app/errors';

import { fromExpressMiddleware } from '../../adapter';
import type { FastifyInstance } from 'fastify';

async function ordersRoutes(fastify: FastifyInstance) {
  fastify.use(requireAuth);

  fastify.get('/', function(request, reply) {
    const everyone = request.query.all === 'true' && request.user!.role === 'ADMIN';
    orders.listForUser(everyone ? null : request.user!.id, function (err, list) {
      if (err) return reply.send(err);
      reply.send({ orders: list });
    });
  });

  fastify.post('/', function(request, reply) {
    let body: Record<string, unknown>;
    try {
      body = requireObjectBody(request.body);
    } catch (err) {
      throw err;
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
    if (errors.length) return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: errors } });
    if (new Set(items.map((i) => i.sku)).size !== items.length) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'items', message: 'each sku at most once' }] } });
    }
    orders.place(request.user!.id, items, note, (err, order) => {
      if (err) return reply.send(err);
      reply.code(201).header('location', `/api/orders/${order!.id}`).send(order);
    });
  });

  fastify.get('/:id', (request, reply) => {
    let id: number;
    try {
      id = orderId(request);
    } catch (err) {
      throw err;
    }
    orders.findById(id, (err, order) => {
      if (err) return reply.send(err);
      if (!visibleTo(order, request)) return reply.send(notFound(`Order ${id}`));
      reply.send(order);
    });
  });

  fastify.get('/:id/receipt', (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'id', message: 'must be a positive integer' }] } });
    orders.findById(id, (err, order) => {
      if (err) return reply.send(err);
      if (!visibleTo(order, request)) return reply.send(notFound(`Order ${id}`));
      /* @fastify-migrate-todo: reply.format({...}): pick the branch from request.accepts().type([...]) (@fastify/accepts) and run it; answer 406 when none matches */
      reply.format({
        'application/json': () => reply.send({ orderId: order.id, totalCents: order.totalCents, text: orders.receiptText(order) }),
        'text/plain': () => reply.send(orders.receiptText(order)),
        'text/html': () => reply.type('text/html; charset=utf-8').send(`<pre>${orders.receiptText(order)}</pre>`),
        default: () => reply.code(406).send({ error: { code: 'NOT_ACCEPTABLE', message: 'Ask for application/json, text/plain or text/html' } }),
      });
    });
  });

  fastify.post('/:id/cancel', (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) {
      throw new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', [{ field: 'id', message: 'must be a positive integer' }]);
    }
    orders.findById(id, (err, order) => {
      if (err) return reply.send(err);
      if (!visibleTo(order, request)) return reply.send(notFound(`Order ${id}`));
      orders.setStatus(id, 'PENDING', 'CANCELLED', (err2, updated) => (err2 ? reply.send(err2) : reply.send(updated)));
    });
  });

  // The one newer handler in this file: async, errors thrown straight to Express 5.
  fastify.post('/:id/ship', { preHandler: [fromExpressMiddleware(requireRole('ADMIN'))] }, async (request, reply) => {
    const id = orderId(request);
    const order = await findOrder(id);
    if (!order) throw notFound(`Order ${id}`);
    const shipped = await setStatus(id, 'PENDING', 'SHIPPED');
    return reply.send(shipped);
  });
}

function orderId(req: Request): number {
  const id = parseId(req.params.id as string);
  if (id === undefined) throw new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', [{ field: 'id', message: 'must be a positive integer' }]);
  return id;
}

function visibleTo(order: orders.Order | undefined, req: Request): order is orders.Order {
  return order !== undefined && (order.userId === req.user!.id || req.user!.role === 'ADMIN');
}

const findOrder = promisify(orders.findById);
const setStatus = promisify(orders.setStatus);

export { ordersRoutes as ordersRouter };
