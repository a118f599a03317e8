import type { FastifyInstance } from 'fastify';
import { loadStats } from '../stats';

export default async function stats(fastify: FastifyInstance) {
  fastify.get('/stats', async (request, reply) => {
    const stats = await loadStats();
    await reply.view('stats', { stats });
    request.log.info('rendered stats');
  });

  fastify.get('/stats.any', async (request, reply) => {
    const stats = await loadStats();
    /* @fastify-migrate-todo: reply.format({...}): pick the branch from request.accepts().type([...]) (@fastify/accepts) and run it; answer 406 when none matches */
    reply.format({
      json: () => reply.send(stats),
      html: () => reply.view('stats', { stats }),
    });
  });
}
