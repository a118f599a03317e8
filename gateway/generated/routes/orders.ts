// Orders: the oldest router. Inline callback-style handlers over the callback-based service.
import { promisify } from 'node:util';
import { HttpError, notFound } from '../../../legacy-app/errors';
import { requireAuth, requireRole } from '../middleware/auth';
import * as orders from '../../../legacy-app/services/orders.service';
import { Checker, isPlainObject, parseId, requireObjectBody } from '../../../legacy-app/services/validation';
import type { FieldError } from '../../../legacy-app/errors';

import type { FastifyInstance, FastifyRequest } from 'fastify';

async function ordersRoutes(fastify: FastifyInstance) {
  fastify.addHook('preHandler', requireAuth);

  fastify.get<{ Querystring: Record<string, string | string[] | undefined> }>('/', function(request, reply) {
    const everyone = request.query.all === 'true' && request.user!.role === 'ADMIN';
    orders.listForUser(everyone ? null : request.user!.id, function (err, list) {
      if (err) return reply.send(err);
      reply.send({ orders: list });
    });
  });

  fastify.post('/', function(request, reply) {
    let body: Record<string, unknown>;
    body = requireObjectBody(request.body);
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

  fastify.get<{ Params: Record<string, string> }>('/:id', (request, reply) => {
    let id: number;
    id = orderId(request);
    orders.findById(id, (err, order) => {
      if (err) return reply.send(err);
      if (!visibleTo(order, request)) return reply.send(notFound(`Order ${id}`));
      reply.send(order);
    });
  });

  fastify.get<{ Params: Record<string, string> }>('/:id/receipt', (request, reply) => {
    const id = parseId(request.params.id);
    if (!id) return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'id', message: 'must be a positive integer' }] } });
    orders.findById(id, (err, order) => {
      if (err) return reply.send(err);
      if (!visibleTo(order, request)) return reply.send(notFound(`Order ${id}`));
      formatReply(reply, {
        'application/json': () => reply.send({ orderId: order.id, totalCents: order.totalCents, text: orders.receiptText(order) }),
        'text/plain': () => reply.send(orders.receiptText(order)),
        'text/html': () => reply.type('text/html; charset=utf-8').send(`<pre>${orders.receiptText(order)}</pre>`),
        default: () => reply.code(406).send({ error: { code: 'NOT_ACCEPTABLE', message: 'Ask for application/json, text/plain or text/html' } }),
      });
    });
  });

  fastify.post<{ Params: Record<string, string> }>('/:id/cancel', (request, reply) => {
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
  fastify.post<{ Params: Record<string, string> }>(
    '/:id/ship',
    { preHandler: [requireRole('ADMIN')] },
    async (request, reply) => {
      const id = orderId(request);
      const order = await findOrder(id);
      if (!order) throw notFound(`Order ${id}`);
      const shipped = await setStatus(id, 'PENDING', 'SHIPPED');
      return reply.send(shipped);
    }
  );
}

function orderId(req: FastifyRequest<{ Params: Record<string, string> }>): number {
  const id = parseId(req.params.id as string);
  if (id === undefined) throw new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', [{ field: 'id', message: 'must be a positive integer' }]);
  return id;
}

function visibleTo(order: orders.Order | undefined, req: FastifyRequest): order is orders.Order {
  return order !== undefined && (order.userId === req.user!.id || req.user!.role === 'ADMIN');
}

const findOrder = promisify(orders.findById);
const setStatus = promisify(orders.setStatus);

export { ordersRoutes as ordersRouter };

/** Express's res.format(): answers with the branch the Accept header prefers (Vary: Accept), else `default`, else 406. */
function formatReply(reply: any, branches: Record<string, () => unknown>): void {
  const offers = Object.keys(branches).filter((type) => type !== 'default');
  const accepted = String(reply.request.headers.accept ?? '*/*').split(',').map((part, index) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim().split('=')).find(([k]) => k === 'q');
    const [type, subtype] = range.trim().split('/');
    return { type, subtype, q: q ? Number(q[1]) : 1, index };
  });
  // Per offer its most specific matching range (then q, then order); then the best offer by q, specificity, order.
  let best: { offer: string; q: number; s: number; index: number } | undefined;
  for (const offer of offers) {
    const [type, subtype] = offer.toLowerCase().split('/');
    let match: { q: number; s: number; index: number } | undefined;
    for (const a of accepted) {
      if ((a.type !== '*' && a.type !== type) || (a.subtype !== '*' && a.subtype !== subtype)) continue;
      const s = (a.type === type ? 4 : 0) + (a.subtype === subtype ? 2 : 0);
      if (!match || s > match.s || (s === match.s && (a.q > match.q || (a.q === match.q && a.index < match.index)))) match = { q: a.q, s, index: a.index };
    }
    if (!match || !(match.q > 0)) continue;
    if (!best || match.q > best.q || (match.q === best.q && (match.s > best.s || (match.s === best.s && match.index < best.index)))) best = { offer, ...match };
  }
  const vary = reply.getHeader('vary');
  if (!vary) reply.header('Vary', 'Accept');
  else if (!/(^|,)\s*(accept|\*)\s*(,|$)/i.test(String(vary))) reply.header('Vary', vary + ', Accept');
  if (best) {
    reply.type(/^text\/|^application\/(json|javascript)$/i.test(best.offer) ? best.offer + '; charset=utf-8' : best.offer);
    branches[best.offer]();
  } else if (branches.default) {
    branches.default();
  } else {
    reply.send(Object.assign(new Error('Not Acceptable'), { status: 406, statusCode: 406, types: offers }));
  }
}
