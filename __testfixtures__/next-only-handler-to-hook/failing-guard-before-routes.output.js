const express = require('express');

const app = express();
const closed = process.env.CLOSED === '1';

// Closed for maintenance: every request fails, the routes below are never reached.
app.addHook('onRequest', function (req, res, next) {
  if (closed) {
    next(new Error('closed'));
  } else {
    res.status(503).end();
  }
});

app.get('/status', (req, res) => {
  res.send('open');
});

module.exports = app;
