const express = require('express');
const { requireAuth, requireRole } = require('./auth');

const { fromExpressMiddleware } = require('../adapter');

const router = express.Router();
const adminOnly = [requireAuth, requireRole('ADMIN')];

// Express flattens arrays of middleware: each one runs, in order.
router.post(
  '/',
  { preHandler: [...adminOnly.map((mw) => fromExpressMiddleware(mw))] },
  create
);
router.patch('/:id', { preHandler: [...adminOnly.map((mw) => fromExpressMiddleware(mw))] }, update);

function create(req, res) {
  res.status(201).json({ ok: true });
}

function update(req, res) {
  res.json({ ok: true });
}

module.exports = router;
