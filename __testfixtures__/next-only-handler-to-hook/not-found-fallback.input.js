const express = require('express');
const api = require('./api');

const app = express();

app.use('/api', api);

// Nothing matched: a JSON 404 instead of Express's HTML page.
function notFound(req, res) {
  res.status(404).json({ error: `Cannot ${req.method} ${req.originalUrl}` });
}

app.use(notFound);

app.use((err, req, res, next) => {
  res.status(500).json({ error: err.message });
});

module.exports = app;
