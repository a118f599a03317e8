import express from 'express';
import { jar } from './cookie-jar';

const app = express();

// A cookie jar of an HTTP client, not the response.
app.get('/upstream', async (req, res) => {
  jar.cookie('upstream', req.query.token);
  const body = await jar.fetch('https://upstream.example/');
  res.type('html').send(body);
});

export default app;
