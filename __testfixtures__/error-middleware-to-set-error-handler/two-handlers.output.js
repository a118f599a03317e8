import { Router } from 'express';
import { report } from './sentry';

export const api = Router();

api.setErrorHandler(function logErrors(err, req, res) {
  report(err);
  throw err;
});

/* @fastify-migrate-todo: a second error handler in this scope: Fastify keeps one per scope; merge answer into the first */
api.use(function answer(err, req, res, next) {
  res.json({ error: err.message });
});
