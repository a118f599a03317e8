const express = require('express');
const { requireStaff } = require('../middleware/staff');

const router = express.Router();

// Express runs this first for every /backoffice/... route below; on Fastify each request goes to
// the one route that matches, so the routes below would lose requireStaff.
/* @fastify-migrate-todo: Express ran this ALL registration before every route under '/backoffice/' registered after it; Fastify sends a request to the one route that matches: if it is middleware, put it in those routes' preHandler (or a hook of their plugin) and remove it here */
router.all('/backoffice/*rest', requireStaff);

/* @fastify-migrate-todo: Express ran the ALL registration under '/backoffice/' above before this route; Fastify does not: add it to this route's preHandler if it is middleware */
router.get('/backoffice/orders', (req, res) => {
  res.json({ orders: [] });
});

/* @fastify-migrate-todo: Express ran the ALL registration under '/backoffice/' above before this route; Fastify does not: add it to this route's preHandler if it is middleware */
router.post('/backoffice/orders/:id/refund', (req, res) => {
  res.status(202).json({ refund: req.params.id });
});

// Not under /backoffice: untouched.
router.get('/status', (req, res) => {
  res.json({ ok: true });
});

module.exports = router;
