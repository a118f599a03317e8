const express = require('express');

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

router.get('/tenant', (req, res) => {
  res.json({ tenant: tenantOf(req) });
});

module.exports = router;
