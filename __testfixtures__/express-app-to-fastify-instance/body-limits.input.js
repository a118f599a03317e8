const express = require('express');

const app = express();
// Large JSON documents; forms stay small.
app.use(express.json({ limit: '2mb' }));
app.use(express.urlencoded({ extended: false }));
app.post('/docs', (req, res) => res.status(201).json({ size: JSON.stringify(req.body).length }));

module.exports = app;
