import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export default async function assets(fastify: FastifyInstance) {
  fastify.get('/manifest.json', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.set('Cache-Control', 'no-store');
    reply.type('json');
    return { name: 'app' };
  });

  fastify.get('/ping', async (request: FastifyRequest, reply: FastifyReply) => {
    // Native Fastify calls: nothing to change.
    reply.header('x-ping', '1');
    reply.type('text/plain; charset=utf-8');
    return 'pong';
  });
}
