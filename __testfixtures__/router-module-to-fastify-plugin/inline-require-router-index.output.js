async function inlineRequireRouterIndexRoutes(fastify) {
  // Every sub-router required where it is mounted.
  fastify.register(require('./accounts.routes'), { prefix: '/' });
  fastify.register(require('./notes.routes'), { prefix: '/notes' });
}

module.exports = inlineRequireRouterIndexRoutes;

