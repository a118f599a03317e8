const express = require('express');
const { renderReport } = require('../reports');

const { fromExpressHandler } = require('../adapter');

const router = express.Router();

// The report module writes the response itself.
/* @fastify-migrate-todo: served through the Express adapter (res is passed to renderReport()); migrate it natively when you can */
router.get('/reports/:id', fromExpressHandler((req, res) => {
  renderReport(req.params.id, res);
}));

router.get('/reports', (req, res) => {
  res.json({ reports: [] });
});

module.exports = router;
