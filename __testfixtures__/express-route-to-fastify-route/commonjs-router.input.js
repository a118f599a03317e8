const express = require('express');
const { requireAuth, requireRole } = require('../middleware/auth');
const orders = require('../controllers/orders');

const router = express.Router();

// Public: no middleware, nothing to change.
router.get('/', orders.list);

// Admin only.
router.post('/', requireAuth, requireRole('ADMIN'), orders.create);

router
  .route('/:id')
  .get(orders.show) // one
  .put(requireAuth, orders.update);

router.delete('/:id', [requireAuth, requireRole('ADMIN')], orders.remove);

router.all('/ping', (req, res, next) => {
  res.set('x-ping', '1');
  next();
}, (req, res) => res.send('pong'));

module.exports = router;
