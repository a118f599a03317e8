const express = require('express');

const app = express();

app.get('/boom', () => {
  throw new Error('boom');
});

function answerAll(err, req, res, next) {
  res.status(500).send('failed');
}

function neverReached(err, req, res, next) {
  res.status(418).send('teapot');
}

app.use(answerAll);
app.use(neverReached);

module.exports = app;
