import express from 'express';
import * as files from './files.mjs';

const router = express.Router();

router.get('/assets/*', (r, s) => {
  const name = r.params['*'].split('/');
  // An inner `r` is another thing entirely.
  const log = (r) => console.log(r.params);
  log({ params: 'x' });
  s.send(name);
});

/* @fastify-migrate-todo: handler files.download (another module) reads params: the wildcard is params['*'] (one string) */
router.get('/download/*', files.download);

/* @fastify-migrate-todo: req.params is used whole (validate(q.params)): the wildcard is params['*'] (one string) */
router.get('/check/*', (q, s) => {
  validate(q.params);
  s.send('ok');
});

export default router;

