/**
 * The own-app pipeline on an app whose admin router is protected only where the app mounts it
 * (`app.use('/admin', requireKey, requireLevel('2'), adminRouter)`): generateOwnApp writes an entry
 * whose module for /admin adds the middleware as hooks before registering the router, the gateway
 * serves every route from Fastify, and the same requests get the same answers over HTTP as from the
 * Express app itself: 401 without a key, 403 with too low a level, 200 with the right one. A route
 * or router the app registers later under that prefix (which Express ran the middleware for too)
 * stays on Express.
 */

import { startGeneratedApp, type GeneratedApp } from './generated-app';

const FILES: Record<string, string> = {
  'app.ts': `
import express from 'express';
import { requireKey, requireLevel, stamp } from './middleware/guard';
import adminRouter from './routes/admin';
import openRouter from './routes/open';

export function createApp(): express.Express {
  const app = express();
  app.use('/early', stamp, openRouter);
  app.use(express.json());
  app.use('/open', openRouter);
  app.use('/admin', requireKey, requireLevel('2'), adminRouter);
  // Express ran requireKey and requireLevel('2') for these too: they stay on Express.
  app.get('/admin/ping', (req, res) => {
    res.json({ pong: true });
  });
  app.use('/admin/more', openRouter);
  return app;
}
`,
  'middleware/guard.ts': `
import type { NextFunction, Request, Response } from 'express';

export function requireKey(req: Request, res: Response, next: NextFunction) {
  const key = req.get('x-key');
  if (!key) {
    res.status(401).json({ error: 'no key' });
    return;
  }
  res.locals.level = key.split(':')[1] ?? '0';
  next();
}

export function requireLevel(level: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (res.locals.level !== level) {
      res.status(403).json({ error: 'level ' + level + ' only' });
      return;
    }
    next();
  };
}

export function stamp(req: Request, res: Response, next: NextFunction) {
  res.set('X-Stamp', 'early');
  next();
}
`,
  'routes/admin.ts': `
import { Router } from 'express';

const router = Router();

router.get('/stats', (req, res) => {
  res.json({ users: 3, level: res.locals.level });
});

router.post('/flush', (req, res) => {
  res.status(202).json({ flushed: req.body.what ?? null });
});

export default router;
`,
  'routes/open.ts': `
import { Router } from 'express';

const router = Router();

router.get('/hello', (req, res) => {
  res.json({ hello: 'world' });
});

export default router;
`,
};

let app: GeneratedApp;
let entry = '';
let expressBase = '';
let gatewayBase = '';

beforeAll(async () => {
  app = await startGeneratedApp('guarded', FILES);
  ({ entry, expressBase, gatewayBase } = app);
});

afterAll(async () => {
  await app?.close();
});

test('the entry: a module per guarded mount that adds the middleware as hooks (onRequest before the parsers, preHandler after), then the router', () => {
  expect(entry).toContain(
    [
      `const adminRouterMount: FastifyPluginAsync = async (app) => {`,
      `  app.addHook('preHandler', hook(requireKey));`,
      `  app.addHook('preHandler', hook(requireLevel('2')));`,
      `  await app.register(adminRouter);`,
      `};`,
    ].join('\n'),
  );
  expect(entry).toContain(`app.addHook('onRequest', hook(stamp));\n  await app.register(openRouter);`);
  expect(entry).toContain(`{ prefix: '/admin', plugin: adminRouterMount },`);
  expect(entry).toContain(`{ prefix: '/early', plugin: openRouterMount },`);
  expect(entry).toContain(`{ prefix: '/open', plugin: openRouter },`);
  expect(entry).toContain(
    "Not carried over: app.use('/admin/more', openRouter); (line 16): Express ran requireKey, requireLevel('2') (mounted at '/admin', line 11) for it too; it stays on Express",
  );
  expect(entry).toContain("Stays on Express: GET /admin/ping: Express ran requireKey, requireLevel('2') (mounted at '/admin', line 11) for it too");
  expect(entry).not.toContain(`app.get('/admin/ping'`);
});

test('the gateway serves every route from Fastify', () => {
  expect(Object.fromEntries(app.gateway.routeTable.modes)).toEqual({
    'GET /early/hello': 'fastify',
    'GET /open/hello': 'fastify',
    'GET /admin/stats': 'fastify',
    'POST /admin/flush': 'fastify',
  });
});

const json = { 'content-type': 'application/json' };
test.each([
  ['GET', '/admin/stats', {}, null],
  ['GET', '/admin/stats', { 'x-key': 'k:1' }, null],
  ['GET', '/admin/stats', { 'x-key': 'k:2' }, null],
  ['POST', '/admin/flush', json, '{"what":"all"}'],
  ['POST', '/admin/flush', { ...json, 'x-key': 'k:2' }, '{"what":"all"}'],
  ['GET', '/open/hello', {}, null],
  ['GET', '/early/hello', {}, null],
  ['GET', '/admin/ping', {}, null],
  ['GET', '/admin/ping', { 'x-key': 'k:2' }, null],
  ['GET', '/admin/more/hello', {}, null],
  ['GET', '/admin/more/hello', { 'x-key': 'k:2' }, null],
] as const)('%s %s %j %s: same answer as the Express app', async (method, url, headers, body) => {
  const ask = async (base: string) => {
    const r = await fetch(base + url, { method, headers, ...(body === null ? {} : { body }) });
    return { status: r.status, stamp: r.headers.get('x-stamp'), body: await r.text() };
  };
  const [legacy, migrated] = await Promise.all([ask(expressBase), ask(gatewayBase)]);
  expect(migrated).toEqual(legacy);
});

test('the protection is real on the gateway: 401 without a key, 403 with level 1, 200 with level 2', async () => {
  const stats = (headers: Record<string, string>) => fetch(gatewayBase + '/admin/stats', { headers }).then((r) => r.status);
  expect([await stats({}), await stats({ 'x-key': 'k:1' }), await stats({ 'x-key': 'k:2' })]).toEqual([401, 403, 200]);
});
