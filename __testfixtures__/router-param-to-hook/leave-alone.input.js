const express = require('express');

const app = express();
const settings = new URLSearchParams('a=1');

// Not router.param: a URLSearchParams lookup and route params read in a handler.
app.get('/things/:id', (req, res) => {
  res.json({ id: req.params.id, a: settings.get('a') });
});

module.exports = app;
