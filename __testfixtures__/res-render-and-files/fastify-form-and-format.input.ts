import type { FastifyInstance } from 'fastify';
import { loadStats } from '../stats';

export default async function stats(fastify: FastifyInstance) {
  fastify.get('/stats', async (request, reply) => {
    const stats = await loadStats();
    reply.render('stats', { stats });
    request.log.info('rendered stats');
  });

  fastify.get('/stats.any', async (request, reply) => {
    const stats = await loadStats();
    reply.format({
      json: () => reply.send(stats),
      html: () => reply.render('stats', { stats }),
    });
  });
}
