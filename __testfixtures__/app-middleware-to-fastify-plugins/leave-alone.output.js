const express = require('express');
const users = require('./routes/users');
const { Router } = require('express');

const app = express();

function stamp(req, res, next) {
  req.startedAt = Date.now();
  next();
}

// Routers and in-file middleware belong to other steps.
app.use(stamp);
app.use('/api/users', users);
app.use(Router());

module.exports = app;
