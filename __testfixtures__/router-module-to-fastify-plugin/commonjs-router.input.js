'use strict';
const express = require('express');
const { requireAuth } = require('../middleware/auth');
const ordersRouter = require('./orders.routes');
const users = require('../controllers/users');

// All user routes. Mounted at /api/users by app.js.
const router = express.Router();

router.use(requireAuth);

// Loads :id once for every route below.
router.param('id', users.loadUser);

router.get('/', users.list);

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

router.get('/:id', (req, res) => {
  res.send(pick(req.user, ['id', 'name']));
});

/* Orders of one user. */
router.use('/:id/orders', ordersRouter);

module.exports = router;
