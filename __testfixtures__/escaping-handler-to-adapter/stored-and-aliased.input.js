import express from 'express';
import { jobs } from './jobs';

const app = express();

app.post('/jobs', async (req, res) => {
  const job = jobs.create(req.body);
  job.response = res; // answered later by the worker
});

app.get('/jobs/:id', function (req, res) {
  const out = res;
  out.json(jobs.get(req.params.id));
});

export default app;
