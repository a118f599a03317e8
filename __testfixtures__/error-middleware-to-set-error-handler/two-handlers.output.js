import { Router } from 'express';
import { report } from './sentry';

export const api = Router();

api.setErrorHandler(function logErrors(err, req, res) {
  report(err);
  throw err;
});

/* @fastify-migrate-todo: answer answers without a status: Express sent 200, Fastify sends err.statusCode or 500; set the status you want */
/* @fastify-migrate-todo: a second error handler in this scope: Fastify keeps the last one set, so answer now answers every error (Express ran logErrors first and answer with the errors it passed on); merge the two into one handler */
api.setErrorHandler(function answer(err, req, res) {
  res.json({ error: err.message });
});
