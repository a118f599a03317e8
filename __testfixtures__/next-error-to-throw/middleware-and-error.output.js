import express from 'express';
import { verify } from './tokens';

const app = express();

// Auth: a bad token is an error, a good one passes on.
app.use(function auth(req, res, next) {
  const claims = verify(req.headers.authorization);
  if (!claims) {
    throw Object.assign(new Error('bad token'), { status: 401 });
  }
  req.user = claims;
  next();
});

app.use((err, req, res, next) => {
  if (res.headersSent) {
    throw err;
  }
  res.status(err.status || 500).json({ error: err.message });
});

export default app;
