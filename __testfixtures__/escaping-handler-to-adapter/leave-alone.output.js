const express = require('express');
const { fromExpressHandler } = require('../adapter');
const { validate } = require('./validate');

const app = express();

// Reads of request data and closures over res are fine natively.
app.post('/orders', (req, res) => {
  const { body, params } = req;
  const errors = validate(req.body);
  if (errors.length) return res.status(400).json({ errors });
  setTimeout(() => res.json({ ok: true, id: params.id, body }), 10);
});

// Already behind the adapter.
app.get('/legacy', fromExpressHandler((req, res) => legacyRender(req, res)));

function legacyRender(req, res) {
  res.writeHead(200);
  res.end('legacy');
}

module.exports = app;
