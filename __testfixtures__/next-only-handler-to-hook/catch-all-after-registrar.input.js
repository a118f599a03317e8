const express = require('express');
const mountShop = require('./shop');

const app = express();

app.use(function (req, res, next) {
  req.seenAt = Date.now();
  next();
});

// The shop's routes are added by a function of its own.
mountShop(app);

app.use(function (req, res, next) {
  next(Object.assign(new Error('gone'), { status: 404 }));
});

app.use(function (err, req, res, next) {
  res.status(err.status || 500).send(err.message);
});

app.listen(3000);
