const express = require('express');

const { fromExpressHandler } = require('../adapter');

const router = express.Router();

// Reads only what a Fastify request has too: the handler stays native.
function idOf(req) {
  return Number(req.params.id);
}

// Uses Express's req.get: the handler goes behind the adapter.
function tenantOf(req) {
  return req.get('x-tenant') || 'default';
}

router.get('/things/:id', (req, res) => {
  res.json({ id: idOf(req) });
});

/* @fastify-migrate-todo: served through the Express adapter (req is passed to tenantOf()); migrate it natively when you can */
router.get('/tenant', fromExpressHandler((req, res) => {
  res.json({ tenant: tenantOf(req) });
}));

module.exports = router;
