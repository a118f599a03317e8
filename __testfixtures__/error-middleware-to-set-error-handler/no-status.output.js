const express = require('express');

const app = express();

const sendError = (err, req, res) => res.json({ error: err.message, ok: false });

/* @fastify-migrate-todo: sendError answers without a status: Express sent 200, Fastify sends err.statusCode or 500; set the status you want */
app.setErrorHandler(sendError);

module.exports = app;
