/**
 * The own-app pipeline on an app that is not ours: a small Express 5 app (cookie-parser with a
 * secret, a middleware before the body parsers, a router with router.use(), an app-level route that
 * uses a local of the function building the app, an error middleware) run through
 * generateOwnApp, the entry loaded into the gateway with every route flipped, and the same requests
 * answered the same over HTTP as by the Express app itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { FastifyInstance } from 'fastify';
import { generateOwnApp } from '../../codemods/generate-own-app';
import { createGateway } from '../../gateway/index';
import type { MigratedRoutes } from '../../gateway/types';

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

const root = path.resolve(__dirname, '..', '..');
let appDir: string;
let outDir: string;
let expressServer: Server;
let gateway: FastifyInstance;
let expressBase = '';
let gatewayBase = '';
let entry = '';
const reachedExpress: string[] = [];

beforeAll(async () => {
  // Inside the repository (dot folders), so the generated entry's ../express-compat and ../types resolve.
  appDir = mkdtempSync(path.join(root, 'test', 'generated', '.tiny-app-'));
  outDir = mkdtempSync(path.join(root, 'gateway', '.tiny-generated-'));
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
    writeFileSync(path.join(appDir, file), text.trimStart());
  }
  const { errors } = generateOwnApp(outDir, appDir);
  expect(errors).toEqual([]);
  entry = readFileSync(path.join(outDir, 'index.ts'), 'utf8');

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require(path.join(appDir, 'app.ts')) as { createApp: () => import('express').Express };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migratedRoutes } = require(outDir) as { migratedRoutes: MigratedRoutes };
  expressServer = createApp().listen(0, '127.0.0.1');
  await new Promise((resolve) => expressServer.once('listening', resolve));
  expressBase = `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`;
  // The legacy app behind the gateway counts what reaches it: who answered.
  const legacy = createApp();
  const counted = express();
  counted.use((req, _res, next) => {
    reachedExpress.push(req.path);
    next();
  });
  counted.use(legacy);
  gateway = createGateway({ legacyApp: counted, routes: migratedRoutes, migratedRoutes: 'all', manifest: {} });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  gatewayBase = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await gateway?.close();
  await new Promise((resolve) => expressServer?.close(resolve));
  rmSync(appDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
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
  const modes = Object.fromEntries(gateway.routeTable.modes);
  expect(modes).toEqual({ 'GET /name': 'fastify', 'GET /items/:id': 'fastify', 'POST /items': 'fastify' });
  reachedExpress.length = 0;
  for (const url of ['/name', '/items/1', '/started']) expect((await fetch(gatewayBase + url, { headers: { 'x-key': 'k' } })).status).toBe(200);
  expect(reachedExpress).toEqual(['/started']);
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
