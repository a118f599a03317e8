'use strict';
const express = require('express');
const { requireAuth, requireRole } = require('../middleware/auth');
const adminRouter = require('./admin.routes');
const ordersRouter = require('./orders.routes');

const router = express.Router();

// Loads the user of :id for the orders below.
function loadUser(req, res, next) {
  req.target = { id: req.params.id };
  next();
}

router.get('/', (req, res) => res.send({ ok: true }));

// Admins only: Express runs both checks for every admin route.
router.use('/admin', requireAuth, requireRole('ADMIN'), adminRouter);

/* Orders of one user. */
router.use('/:id/orders', loadUser, express.json(), ordersRouter);

module.exports = router;
