const express = require('express');
const { exportCsv } = require('../reports');

const router = express.Router();

router.get('/reports/:id.csv', (req, res) => {
  res.header('Cache-Control', 'private, max-age=60');
  res.type('text/csv; charset=utf-8');
  res.header('Link', '</reports>; rel="index"');
  res.header('Vary', 'Accept-Language');

  res.send(exportCsv(req.params.id));
});

router.post('/reports', (req, res) => {
  const id = String(Date.now());
  // Where the new report lives.
  res.header('location', `/reports/${id}`);
  res.headers({ 'X-Report-Id': id, 'X-Queue': 'default' });
  res.status(201).json({ id });
});

router.get('/reports/:id/etag', (req, res) => {
  if (res.sent) return;
  res.header('X-Etag-Of', req.params.id);
  res.json({ etag: res.getHeader('ETag') });
});

module.exports = router;
