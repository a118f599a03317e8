import { Router } from 'express';
import { ping } from '../upstream';

export const health = Router();

health.get('/upstream', async (req, res) => {
  const status = await ping();
  // 204 when the upstream is fine, its own failure status otherwise.
  res.sendStatus(status.ok ? 204 : status.code);
});
