import { Router, type Request, type Response } from 'express';
import { readStored } from '../services/files.service';

const router = Router();

// Express 5: a named wildcard is an array of segments.
router.get('/files/*splat', async (req: Request, res: Response) => {
  const segments = req.params.splat;
  res.send(await readStored(segments.join('/')));
});

// Optional trailing param, Express 5 style.
router.get('/users{/:id}', (req: Request, res: Response) => {
  res.send({ id: req.params.id ?? null });
});

router.get('/tags/:"tag-name"', (req: Request, res: Response) => {
  res.send({ tag: req.params['tag-name'] });
});

router.get('/raw/*rest', (req: Request, res: Response) => {
  const { rest } = req.params;
  res.send(rest);
});

export default router;
