// Debugging helpers the support team relies on. Public.
import { Router } from 'express';

export const echoRouter = Router();

echoRouter.get('/', (req, res) => {
  res.json({
    method: req.method,
    path: req.path,
    query: req.query,
    ip: req.ip,
    userAgent: req.get('user-agent') ?? null,
    requestId: res.locals.requestId,
  });
});

echoRouter.post('/', (req, res) => {
  res.json({ contentType: req.headers['content-type'] ?? null, body: req.body ?? null });
});

echoRouter.get('/headers/:name', (req, res) => {
  const value = req.get(req.params.name);
  if (value === undefined) return res.status(404).json({ error: { code: 'NOT_FOUND', message: `No ${req.params.name} header` } });
  res.type('text/plain').send(value);
});
