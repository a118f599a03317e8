// Express runs a mount's middleware for every request under its prefix: routes registered after it there ran it too.
const { requireAuth } = require('../middleware/auth');
const adminRoutes = require('./admin');
const extraRoutes = require('./extra');
const { fromExpressMiddleware } = require('../adapter');

async function mountMiddlewareLaterRoutes(fastify) {
  fastify.get('/open', (req, res) => res.json({}));
  fastify.register(async (instance) => {
    instance.addHook('preHandler', fromExpressMiddleware(requireAuth));
    await instance.register(adminRoutes);
  }, { prefix: '/admin' });
  /* @fastify-migrate-todo: Express ran requireAuth (mounted with adminRoutes at '/admin', line 8) for this route too: the hooks now run only for adminRoutes; add them here */
  fastify.get('/admin/extra', (req, res) => res.json({ extra: true }));
  /* @fastify-migrate-todo: Express ran requireAuth (mounted with adminRoutes at '/admin', line 8) for this mount too: the hooks now run only for adminRoutes; add them here */
  fastify.register(extraRoutes, { prefix: '/admin/more' });
  fastify.get('/public', (req, res) => res.json({}));
}

module.exports = mountMiddlewareLaterRoutes;
