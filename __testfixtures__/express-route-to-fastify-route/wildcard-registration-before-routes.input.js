const express = require('express');
const { requireStaff } = require('../middleware/staff');

const router = express.Router();

// Express runs this first for every /backoffice/... route below; on Fastify each request goes to
// the one route that matches, so the routes below would lose requireStaff.
router.all('/backoffice/*rest', requireStaff);

router.get('/backoffice/orders', (req, res) => {
  res.json({ orders: [] });
});

router.post('/backoffice/orders/:id/refund', (req, res) => {
  res.status(202).json({ refund: req.params.id });
});

// Not under /backoffice: untouched.
router.get('/status', (req, res) => {
  res.json({ ok: true });
});

module.exports = router;
