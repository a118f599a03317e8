const express = require('express');

const app = express();

app.get('/boom', () => {
  throw new Error('boom');
});

function answerAll(err, req, res) {
  res.status(500).send('failed');
}

function neverReached(err, req, res, next) {
  res.status(418).send('teapot');
}

app.setErrorHandler(answerAll);
/* @fastify-migrate-todo: Express never ran neverReached: answerAll above answers every error (it never calls next(err)); Fastify has no use(), so this call stops the app from starting: delete it or merge neverReached into answerAll */
app.use(neverReached);

module.exports = app;
