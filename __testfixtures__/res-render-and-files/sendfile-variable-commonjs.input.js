const express = require('express');
const uploads = require('./uploads');

const app = express();

app.get('/uploads/:id', (req, res) => {
  const file = uploads.pathOf(req.params.id); // absolute path on disk
  res.sendFile(file);
});

app.get('/uploads/:id/raw', (req, res) => {
  res.download(uploads.pathOf(req.params.id));
});

module.exports = app;
