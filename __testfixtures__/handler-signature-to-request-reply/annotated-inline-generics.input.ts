import type { FastifyInstance } from 'fastify';
import type { Request, Response } from 'express';
import { searchFlights } from '../services/flights';

// Already a Fastify plugin, handlers still typed for Express: an annotated request parameter reads
// through its annotation, so the shapes go there rather than on the call.
export default async function flightRoutes(fastify: FastifyInstance) {
  fastify.get('/flights/:from', async (req: Request, res: Response) => {
    return searchFlights(req.params.from, String(req.query.date ?? ''));
  });

  // Not annotated: the generics go on the call, as before.
  fastify.get('/airports/:code', async (request, reply) => {
    return { code: request.params.code };
  });
}
