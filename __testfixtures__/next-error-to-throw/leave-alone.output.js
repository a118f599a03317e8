const express = require('express');

const app = express();

// Passes on without an error: the hook step's business, not this one's.
app.use((req, res, next) => {
  res.locals.start = Date.now();
  next();
});

app.get('/beta', (req, res, next) => {
  if (!req.query.beta) return next('route');
  res.send('beta');
});

function next(value) {
  return value + 1;
}

app.get('/count', (req, res) => {
  res.json({ next: next(1) });
});

module.exports = app;
