const express = require('express');
const shop = require('./shop');

const app = express();
const verbose = process.env.VERBOSE_ERRORS === '1';

app.use('/shop', shop);

// Verbose: the stack goes out with the message.
if (verbose) {
  app.setErrorHandler(function(err, req, res) {
    res.status(err.status || 500).json({ message: err.message, stack: err.stack });
  });
} else {
  // Quiet: the message only.
  app.setErrorHandler(function(err, req, res) {
    res.status(err.status || 500).json({ message: err.message });
  });
}

module.exports = app;
