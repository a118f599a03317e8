import express from 'express';
import * as files from './files.mjs';

const router = express.Router();

router.get('/assets/*path', (r, s) => {
  const name = r.params.path;
  // An inner `r` is another thing entirely.
  const log = (r) => console.log(r.params);
  log({ params: 'x' });
  s.send(name);
});

router.get('/download/*file', files.download);

router.get('/check/*', (q, s) => {
  validate(q.params);
  s.send('ok');
});

export default router;
