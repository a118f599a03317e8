const express = require('express');

const app = express();

app.use(express.json());

// Every route lives in the routes folder, mounted at the root.
app.use(require('./routes'));

// No route answered: hand a 404 to the error handler.
app.use(function (req, res, next) {
  const err = new Error('No such page');
  err.status = 404;
  next(err);
});

app.use(function (err, req, res, next) {
  res.status(err.status || 500).json({ message: err.message });
});

module.exports = app;
