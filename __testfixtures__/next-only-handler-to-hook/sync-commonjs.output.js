const express = require('express');
const tokens = require('./tokens');

const app = express();

// Timing for the access log.
app.addHook('onRequest', (req, res, next) => {
  req.startedAt = process.hrtime.bigint();
  next();
});

function authenticate(req, res, next) {
  const user = tokens.verify(req.headers.authorization);
  if (!user) {
    return res.status(401).json({ error: 'unauthorized' });
  }
  req.user = user;
  next();
}

app.addHook('onRequest', authenticate);

module.exports = app;
