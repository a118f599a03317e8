import type { Request } from 'express';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireAuth } from './auth';
import * as orders from './orders.service';
import { loadThing } from './things.controller';

// Registrations as the route step leaves them: Fastify's, with Express-shaped handlers.
export default async function ordersRoutes(fastify: FastifyInstance) {
  fastify.get<{ Querystring: Record<string, string | string[] | undefined> }>('/', (request, reply) => {
    return orders.list({ all: request.query.all === 'true', limit: Number(request.query.limit ?? 20) });
  });

  fastify.get('/raw', (request, reply) => {
    // The query passed on whole, or cast: nothing to type.
    return { query: request.query, filters: request.query as Record<string, unknown> };
  });

  fastify.get<{ Params: Record<string, string> }>('/:id', (request, reply) => {
    const order = orders.get(orderId(request));
    return ownedBy(order, request) ? order : null;
  });

  fastify.post<{ Params: Record<string, string>; Body: Record<string, unknown> | undefined }>('/:id/notes', (request, reply) => {
    const { id } = request.params;
    return orders.note(Number(id), request.body ?? {});
  });

  // A handler from another module behind a preHandler: TypeScript cannot infer the route generic
  // from it, so the path's parameters are stated.
  fastify.put<{ Params: Record<string, string> }>('/:id', { preHandler: [requireAuth] }, loadThing);
  fastify.put('/bulk', { preHandler: [requireAuth] }, loadThing);
}

// Reads a member of req.params: it and the handler that hands it the request get Params.
function orderId(req: FastifyRequest<{ Params: Record<string, string> }>): number {
  return Number(req.params.id as string);
}

// Reads only req.user: retyped, no generics.
function ownedBy(order: orders.Order, req: FastifyRequest): boolean {
  return order.userId === req.user!.id;
}

// Exported: other files may call it with Express's request, left alone.
export function describe(req: Request): string {
  return `${req.method} ${req.url}`;
}
