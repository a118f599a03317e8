async function chainedRouterCommonjsRoutes(fastify) {
  fastify.get('/ping', (req, res) => res.send('pong'));
  fastify.register(require('./admin.routes'), { prefix: '/admin' });
}

module.exports = chainedRouterCommonjsRoutes;

