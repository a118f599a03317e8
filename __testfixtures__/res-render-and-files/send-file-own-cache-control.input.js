const path = require('path');
const express = require('express');

const router = express.Router();

// The report changes every minute: never cached.
router.get('/report.txt', (req, res) => {
  res.set('Cache-Control', 'no-store');
  res.sendFile(path.join(__dirname, 'static', 'report.txt'));
});

// Express's default caching headers.
router.get('/logo.png', (req, res) => {
  res.sendFile('logo.png', { root: path.join(__dirname, 'static') });
});

module.exports = router;
