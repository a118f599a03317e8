import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
import { searchFlights } from '../services/flights';

// Already a Fastify plugin, handlers still typed for Express: an annotated request parameter reads
// through its annotation, so the shapes go there rather than on the call.
export default async function flightRoutes(fastify: FastifyInstance) {
  fastify.get('/flights/:from', async (request: FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | string[] | undefined> }>, reply: FastifyReply) => {
    return searchFlights(request.params.from, String(request.query.date ?? ''));
  });

  // Not annotated: the generics go on the call, as before.
  fastify.get<{ Params: Record<string, string> }>('/airports/:code', async (request, reply) => {
    return { code: request.params.code };
  });
}
