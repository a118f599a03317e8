'use strict';
const { requireAuth } = require('../middleware/auth');
const ordersRoutes = require('./orders.routes');
const users = require('../controllers/users');

// All user routes. Mounted at /api/users by app.js.
async function commonjsRoutes(fastify) {
  fastify.use(requireAuth);

  // Loads :id once for every route below.
  fastify.param('id', users.loadUser);

  fastify.get('/', users.list);

  fastify.get('/:id', (req, res) => {
    res.send(pick(req.user, ['id', 'name']));
  });

  /* Orders of one user. */
  fastify.register(ordersRoutes, { prefix: '/:id/orders' });
}

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

module.exports = commonjsRoutes;

