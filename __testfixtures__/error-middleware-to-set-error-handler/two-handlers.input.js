import { Router } from 'express';
import { report } from './sentry';

export const api = Router();

api.use(function logErrors(err, req, res, next) {
  report(err);
  next(err);
});

api.use(function answer(err, req, res, next) {
  res.json({ error: err.message });
});
