const express = require('express');

let app;

// Built once, on first use.
function getApp() {
  if (app) return app;
  app = express();
  app.set('trust proxy', true);
  app.disable('strict routing');
  app.get('/', (req, res) => res.send('x'));
  return app;
}

module.exports = { getApp };
