const express = require('express');

const app = express();

const sendError = (err, req, res, next) => res.json({ error: err.message, ok: false });

app.use(sendError);

module.exports = app;
