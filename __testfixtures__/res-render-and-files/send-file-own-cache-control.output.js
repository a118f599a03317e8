const path = require('path');
const express = require('express');

const router = express.Router();

// The report changes every minute: never cached.
router.get('/report.txt', (req, res) => {
  res.set('Cache-Control', 'no-store');
  return res.sendFile('report.txt', path.join(__dirname, 'static'), {
    cacheControl: false
  });
});

// Express's default caching headers.
router.get('/logo.png', (req, res) => {
  return res.sendFile('logo.png', path.join(__dirname, 'static'));
});

module.exports = router;

