import type { FastifyInstance } from 'fastify';

export default async function legacyRedirects(fastify: FastifyInstance) {
  fastify.get('/docs', async (request, reply) => {
    return reply.redirect('/documentation', 302);
  });

  // Already Fastify's order: left as it is.
  fastify.get('/blog', async (request, reply) => {
    return reply.redirect('/news', 301);
  });
}
