const express = require('express');
const uploads = require('./uploads');

const path = require('node:path');

const app = express();

app.get('/uploads/:id', (req, res) => {
  const file = uploads.pathOf(req.params.id); // absolute path on disk
  return res.sendFile(path.basename(file), path.dirname(file));
});

app.get('/uploads/:id/raw', (req, res) => {
  const filePath = uploads.pathOf(req.params.id);
  return res.download(path.basename(filePath), {
    root: path.dirname(filePath)
  });
});

module.exports = app;
