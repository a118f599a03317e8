/** A small Express 5 app with the traps the gateway must survive: app-level body parsers, ETags, cookies, streams. */
import { createHash } from 'node:crypto';
import express, { type Express } from 'express';
import multer from 'multer';
import type { FastifyPluginAsync } from 'fastify';
import type { MigratedRoutes } from '../../gateway';

export function createFixtureExpressApp(): Express {
  const app = express();
  // Reads the raw stream itself: proves the bytes arrive untouched, whatever the content type.
  app.post('/raw-hash', (req, res) => {
    const hash = createHash('sha256');
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
    });
    req.on('end', () => res.json({ length, sha256: hash.digest('hex'), contentType: req.get('content-type') ?? null }));
  });
  app.use(express.json({ limit: '100kb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(express.text());
  app.use(express.raw({ type: 'application/octet-stream' }));
  const upload = multer({ storage: multer.memoryStorage() });
  app.post('/upload', upload.single('file'), (req, res) => {
    const file = req.file;
    res.json({
      fields: req.body,
      file: file && { name: file.originalname, size: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex') },
    });
  });
  app.post('/echo', (req, res) => {
    const body = Buffer.isBuffer(req.body) ? { base64: req.body.toString('base64') } : req.body;
    res.json({ contentType: req.get('content-type') ?? null, body: body ?? null });
  });
  app.post('/native-post', (req, res) => res.status(201).json({ servedBy: 'express', body: req.body }));
  app.get('/items/special', (_req, res) => res.json({ servedBy: 'express', special: true }));
  app.get('/items/:id', (req, res) => res.json({ servedBy: 'express', id: req.params.id }));
  app.get('/etag', (_req, res) => res.send('<p>hello etag</p>'));
  app.get('/cookies', (_req, res) => {
    res.cookie('a', '1', { httpOnly: true, path: '/' });
    res.cookie('b', 'two words', { maxAge: 60_000, sameSite: 'lax' });
    res.set('X-Custom', 'yes').status(202).json({ ok: true });
  });
  app.get('/stream', (_req, res) => {
    res.type('application/octet-stream');
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 7);
    const write = (): void => {
      while (sent < 16) {
        sent += 1;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    write();
  });
  app.get('/redirect', (_req, res) => res.redirect(301, '/etag'));
  app.use((_req, res) => res.status(404).json({ error: 'not_found' }));
  app.use((err: { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.type ?? 'internal' });
  });
  return app;
}

const itemsPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.get<{ Params: { id: string } }>('/:id', async (request) => ({ servedBy: 'fastify', id: request.params.id }));
};

const rootPlugin: FastifyPluginAsync = async (fastify) => {
  fastify.post('/native-post', async (request, reply) => reply.code(201).send({ servedBy: 'fastify', body: request.body }));
};

export const fixtureRoutes: MigratedRoutes = {
  modules: [
    { prefix: '/items', plugin: itemsPlugin },
    { prefix: '', plugin: rootPlugin },
  ],
};
