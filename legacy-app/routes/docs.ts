import path from 'node:path';
import { Router } from 'express';

const STATIC_DIR = path.join(__dirname, '..', 'static');
const router = Router();

router.get('/', (_req, res) => {
  res.send('<!doctype html><title>Legacy Shop API</title><h1>Legacy Shop API</h1><p>See ROUTES.md.</p>');
});

router.get('/terms', (_req, res) => {
  res.sendFile('terms.txt', { root: STATIC_DIR });
});

router.get('/terms/download', (_req, res) => {
  res.download(path.join(STATIC_DIR, 'terms.txt'), 'terms-of-service.txt');
});

router.get('/legacy', (_req, res) => res.redirect(301, '/docs'));

export default router;
