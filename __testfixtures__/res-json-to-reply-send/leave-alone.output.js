import express from 'express';
import { createReadStream } from 'node:fs';

const app = express();

// `res` here is a fetch Response, not a handler's response: nothing to rewrite.
async function fetchQuote(url) {
  const res = await fetch(url);
  return res.json();
}

app.get('/quote.txt', (req, res) => {
  createReadStream('quote.txt').pipe(res);
});

app.get('/quote', async (req, res, next) => {
  const send = (res) => res.json({ shadowed: true });
  next(send);
});

export default app;
