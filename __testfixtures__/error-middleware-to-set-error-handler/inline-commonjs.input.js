const express = require('express');
const logger = require('./logger');

const app = express();

app.use(express.json());

// Last in the chain: every error ends up here.
app.use((err, req, res, next) => {
  logger.error({ err, url: req.originalUrl }, 'request failed');

  res.status(err.status || 500).json({ error: err.expose ? err.message : 'internal error' });
});

module.exports = app;
