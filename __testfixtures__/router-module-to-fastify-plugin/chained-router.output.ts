import billingRoutes from './billing.routes';
import teamsRoutes from './teams/teams.router';

import type { FastifyInstance } from 'fastify';

// Every API router, mounted under /api.
async function apiRoutes(fastify: FastifyInstance) {
  fastify.register(billingRoutes);
  fastify.register(teamsRoutes, { prefix: '/teams' });
}

async function chainedRoutes(fastify: FastifyInstance) {
  fastify.register(apiRoutes, { prefix: '/api' });
}

export default chainedRoutes;

