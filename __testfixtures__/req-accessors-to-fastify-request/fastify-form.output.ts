import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export default async function tenants(fastify: FastifyInstance) {
  fastify.get('/tenant', async (request: FastifyRequest, reply: FastifyReply) => {
    const tenant = request.headers['x-tenant'] as string | undefined;
    // Fastify's own request members stay as they are.
    return { tenant, id: request.id, ip: request.ip, host: request.hostname };
  });
}
