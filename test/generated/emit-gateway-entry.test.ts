/**
 * The own-app pipeline on an app that is not ours: a small Express 5 app (cookie-parser with a
 * secret, a middleware before the body parsers, a router with router.use(), an app-level route that
 * uses a local of the function building the app, an error middleware) run through
 * generateOwnApp, the entry loaded into the gateway with every route flipped, and the same requests
 * answered the same over HTTP as by the Express app itself.
 */

import { startGeneratedApp, type GeneratedApp } from './generated-app';

const FILES: Record<string, string> = {
  'app.ts': `
import cookieParser from 'cookie-parser';
import express from 'express';
import { stamp } from './middleware/stamp';
import { onError } from './middleware/errors';
import itemsRouter from './routes/items';

export const NAME = 'tiny';

export function createApp(): express.Express {
  const app = express();
  const started = 'local';
  app.use(stamp);
  app.use(express.json());
  app.use(cookieParser('secret'));
  app.get('/name', (_req, res) => {
    res.json({ name: NAME });
  });
  app.get('/started', (_req, res) => {
    res.json({ started });
  });
  app.use('/items', itemsRouter);
  app.use(onError);
  return app;
}
`,
  'middleware/stamp.ts': `
import type { NextFunction, Request, Response } from 'express';

export function stamp(req: Request, res: Response, next: NextFunction) {
  res.set('X-Stamp', 'yes');
  next();
}

export function onlyWithKey(req: Request, res: Response, next: NextFunction) {
  if (req.get('x-key') !== 'k') {
    res.status(401).json({ error: 'no key' });
    return;
  }
  next();
}
`,
  'middleware/errors.ts': `
import type { NextFunction, Request, Response } from 'express';

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function onError(err: any, req: Request, res: Response, next: NextFunction) {
  res.status(err.status ?? 500).json({ error: err.type === 'entity.parse.failed' ? 'bad json' : 'failed' });
}
`,
  'routes/items.ts': `
import { Router } from 'express';
import { onlyWithKey } from '../middleware/stamp';

const router = Router();
router.use(onlyWithKey);

router.get('/:id', (req, res) => {
  res.json({ id: req.params.id, path: req.path });
});

router.post('/', (req, res) => {
  res.status(201).json({ got: req.body });
});

export default router;
`,
};

let app: GeneratedApp;
let entry = '';
let expressBase = '';
let gatewayBase = '';

beforeAll(async () => {
  app = await startGeneratedApp('tiny', FILES);
  ({ entry, expressBase, gatewayBase } = app);
});

afterAll(async () => {
  await app?.close();
});

test('the entry: hooks before and after the parsers, the cookie secret, the error handler, the routers and the app routes it can take', () => {
  expect(entry).toContain(`app.addHook('onRequest', hook(stamp));`);
  expect(entry).toContain(`await app.register(expressJson);`);
  expect(entry).toContain(`await app.register(fastifyCookie, { secret: 'secret' });`);
  expect(entry).toContain(`app.setErrorHandler(expressErrorHandler(onError));`);
  expect(entry).toContain(`{ prefix: '/items', plugin: itemsRouter },`);
  expect(entry).toContain(`{ prefix: '', plugin: appRoutes },`);
  expect(entry).toContain(`app.get('/name'`);
  // GET /started reads a local of createApp: it cannot move, and says so.
  expect(entry).not.toContain(`app.get('/started'`);
  expect(entry).toContain('Stays on Express: GET /started: uses started, a local of the function that builds the app');
});

test('the gateway flips the routes it has and leaves GET /started to Express', async () => {
  const modes = Object.fromEntries(app.gateway.routeTable.modes);
  expect(modes).toEqual({ 'GET /name': 'fastify', 'GET /items/:id': 'fastify', 'POST /items': 'fastify' });
  app.reachedExpress.length = 0;
  for (const url of ['/name', '/items/1', '/started']) expect((await fetch(gatewayBase + url, { headers: { 'x-key': 'k' } })).status).toBe(200);
  expect(app.reachedExpress).toEqual(['/started']);
});

const json = { 'content-type': 'application/json' };
test.each([
  ['GET', '/name', {}, undefined],
  ['GET', '/started', {}, undefined],
  ['GET', '/items/7', { 'x-key': 'k' }, undefined],
  ['GET', '/ITEMS/7/', { 'x-key': 'k' }, undefined],
  ['GET', '/items/7', {}, undefined],
  ['POST', '/items', { ...json, 'x-key': 'k' }, '{"a":1}'],
  ['POST', '/items', { ...json, 'x-key': 'k' }, '{"a":'],
  ['POST', '/items', json, '{"a":'],
] as const)('%s %s %j %s: same answer as the Express app', async (method, url, headers, body) => {
  const ask = async (base: string) => {
    const r = await fetch(base + url, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: r.status, type: r.headers.get('content-type'), stamp: r.headers.get('x-stamp'), body: await r.text() };
  };
  const [legacy, migrated] = await Promise.all([ask(expressBase), ask(gatewayBase)]);
  expect(migrated).toEqual(legacy);
});
