const express = require('express');
const { renderReport } = require('../reports');

const router = express.Router();

// The report module writes the response itself.
router.get('/reports/:id', (req, res) => {
  renderReport(req.params.id, res);
});

router.get('/reports', (req, res) => {
  res.json({ reports: [] });
});

module.exports = router;
