import { Router, type Request, type Response } from 'express';
import { readStored } from '../services/files.service';

const router = Router();

// Express 5: a named wildcard is an array of segments.
router.get('/files/*', async (req: Request, res: Response) => {
  const segments = req.params['*'].split('/');
  res.send(await readStored(segments.join('/')));
});

// Optional trailing param, Express 5 style.
router.get('/users/:id?', (req: Request, res: Response) => {
  res.send({ id: req.params.id ?? null });
});

router.get('/tags/:tag_name', (req: Request, res: Response) => {
  res.send({ tag: req.params.tag_name });
});

/* @fastify-migrate-todo: 'rest' was an array of path segments in Express 5; params['*'] is one string: split('/') it */
router.get('/raw/*', (req: Request, res: Response) => {
  const { '*': rest } = req.params;
  res.send(rest);
});

export default router;

