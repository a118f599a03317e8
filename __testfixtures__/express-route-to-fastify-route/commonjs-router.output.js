const express = require('express');
const { requireAuth, requireRole } = require('../middleware/auth');
const orders = require('../controllers/orders');

const { fromExpressMiddleware } = require('../adapter');

const router = express.Router();

// Public: no middleware, nothing to change.
router.get('/', orders.list);

// Admin only.
router.post(
  '/',
  { preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(requireRole('ADMIN'))] },
  orders.create
);

router.get('/:id', orders.show); // one

router.put(
  '/:id',
  { preHandler: [fromExpressMiddleware(requireAuth)] },
  orders.update
);

router.delete('/:id', { preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(requireRole('ADMIN'))] }, orders.remove);

router.all('/ping', { preHandler: [fromExpressMiddleware((req, res, next) => {
  res.set('x-ping', '1');
  next();
})] }, (req, res) => res.send('pong'));

module.exports = router;

