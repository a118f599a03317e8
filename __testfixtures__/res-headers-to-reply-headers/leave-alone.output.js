const express = require('express');

const app = express();

// A request header read and a Headers object: not response headers.
app.get('/echo', (req, res) => {
  const headers = new Headers();
  headers.set('x-echo', req.get('x-echo') ?? '');
  headers.append('x-more', '1');
  res.json(Object.fromEntries(headers));
});

function setCors(res) {
  // Not a handler: only called from elsewhere, left to the adapter step.
  res.setHeader('Access-Control-Allow-Origin', '*');
}

module.exports = { app, setCors };
