import express from 'express';

const app = express();
const cache = new Map();

app.get('/cached/:key', (req, res) => {
  // `cache.get` is a Map, and the inner `req` is a different binding.
  const hit = cache.get(req.params.key);
  const lookup = (req) => req.get('x');
  res.json({ hit, lookup: typeof lookup, path: req.params.key });
});

export default app;
