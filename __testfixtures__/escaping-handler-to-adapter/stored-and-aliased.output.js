import express from 'express';
import { jobs } from './jobs';

import { fromExpressHandler } from '../adapter';

const app = express();

/* @fastify-migrate-todo: served through the Express adapter (res is stored in a variable or property); migrate it natively when you can */
app.post('/jobs', fromExpressHandler(async (req, res) => {
  const job = jobs.create(req.body);
  job.response = res; // answered later by the worker
}));

/* @fastify-migrate-todo: served through the Express adapter (res is stored in a variable or property); migrate it natively when you can */
app.get('/jobs/:id', fromExpressHandler(function (req, res) {
  const out = res;
  out.json(jobs.get(req.params.id));
}));

export default app;
