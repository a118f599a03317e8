import express from 'express';
import { requestId } from './middleware/context.mjs';

export const app = express();

app.use(requestId);
app.get('/id', (req, res) => {
  res.json({ id: res.locals.requestId });
});

app.listen(3000);
