import type { Request } from 'express';
import type { FastifyInstance } from 'fastify';
import { requireAuth } from './auth';
import * as orders from './orders.service';
import { loadThing } from './things.controller';

// Registrations as the route step leaves them: Fastify's, with Express-shaped handlers.
export default async function ordersRoutes(fastify: FastifyInstance) {
  fastify.get('/', (req, res) => {
    return orders.list({ all: req.query.all === 'true', limit: Number(req.query.limit ?? 20) });
  });

  fastify.get('/raw', (req, res) => {
    // The query passed on whole, or cast: nothing to type.
    return { query: req.query, filters: req.query as Record<string, unknown> };
  });

  fastify.get('/:id', (req, res) => {
    const order = orders.get(orderId(req));
    return ownedBy(order, req) ? order : null;
  });

  fastify.post('/:id/notes', (req, res) => {
    const { id } = req.params;
    return orders.note(Number(id), req.body ?? {});
  });

  // A handler from another module behind a preHandler: TypeScript cannot infer the route generic
  // from it, so the path's parameters are stated.
  fastify.put('/:id', { preHandler: [requireAuth] }, loadThing);
  fastify.put('/bulk', { preHandler: [requireAuth] }, loadThing);
}

// Reads a member of req.params: it and the handler that hands it the request get Params.
function orderId(req: Request): number {
  return Number(req.params.id as string);
}

// Reads only req.user: retyped, no generics.
function ownedBy(order: orders.Order, req: Request): boolean {
  return order.userId === req.user!.id;
}

// Exported: other files may call it with Express's request, left alone.
export function describe(req: Request): string {
  return `${req.method} ${req.url}`;
}
