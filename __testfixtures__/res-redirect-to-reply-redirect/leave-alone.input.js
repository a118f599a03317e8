import express from 'express';
import { router as oauth } from './oauth';

const app = express();

// Not a response: an OAuth client's redirect helper.
app.get('/auth/callback', async (req, res, next) => {
  const url = oauth.redirect(302, req.query.state);
  next(url);
});

app.get('/go', (req, res) => {
  const res2 = { redirect: (code, to) => [code, to] };
  res2.redirect(301, '/x');
  res.end();
});

export default app;
