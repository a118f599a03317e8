const express = require('express');
const { exportCsv } = require('../reports');

const router = express.Router();

router.get('/reports/:id.csv', (req, res) => {
  res.set('Cache-Control', 'private, max-age=60');
  res.type('csv');
  res.append('Link', '</reports>; rel="index"');
  res.vary('Accept-Language');

  res.send(exportCsv(req.params.id));
});

router.post('/reports', (req, res) => {
  const id = String(Date.now());
  // Where the new report lives.
  res.location(`/reports/${id}`);
  res.set({ 'X-Report-Id': id, 'X-Queue': 'default' });
  res.status(201).json({ id });
});

router.get('/reports/:id/etag', (req, res) => {
  if (res.headersSent) return;
  res.setHeader('X-Etag-Of', req.params.id);
  res.json({ etag: res.get('ETag') });
});

module.exports = router;
