'use strict';
const { requireAuth, requireRole } = require('../middleware/auth');
const adminRoutes = require('./admin.routes');
const ordersRoutes = require('./orders.routes');

const { fromExpressMiddleware } = require('../adapter');

// Loads the user of :id for the orders below.
function loadUser(req, res, next) {
  req.target = { id: req.params.id };
  next();
}

async function mountMiddlewareCommonjsRoutes(fastify) {
  fastify.get('/', (req, res) => res.send({ ok: true }));

  // Admins only: Express runs both checks for every admin route.
  fastify.register(async (instance) => {
    instance.addHook('preHandler', fromExpressMiddleware(requireAuth));
    instance.addHook('preHandler', fromExpressMiddleware(requireRole('ADMIN')));
    await instance.register(adminRoutes);
  }, { prefix: '/admin' });

  /* Orders of one user. */
  fastify.register(async (instance) => {
    instance.addHook('preHandler', loadUser);
    await instance.register(ordersRoutes);
  }, { prefix: '/:id/orders' });
}

module.exports = mountMiddlewareCommonjsRoutes;
