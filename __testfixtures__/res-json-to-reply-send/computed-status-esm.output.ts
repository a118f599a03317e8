import { Router } from 'express';
import { ping } from '../upstream';

import { STATUS_CODES } from 'node:http';

export const health = Router();

health.get('/upstream', async (req, res) => {
  const status = await ping();
  const status2 = status.ok ? 204 : status.code;
  // 204 when the upstream is fine, its own failure status otherwise.
  return res.code(status2).type('text/plain; charset=utf-8').send(STATUS_CODES[status2] ?? String(status2));
});
