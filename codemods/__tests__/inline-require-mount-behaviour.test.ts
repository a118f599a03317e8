/**
 * Router modules mounted where they are required (`app.use('/api', require('./routes/api'))`,
 * `router.use('/notes', require('./notes'))`, the most common tutorial layout), migrated by the whole
 * recipe (every step, as the CLI runs it, with migratedModules) and served by real Fastify 5 next to
 * the original on real Express 5 over HTTP: the migrated app must start (no `use` left on a Fastify
 * instance) and answer every route at the same full path with the same status and body. Second
 * layout: an index router built by chaining on Router() and never assigned
 * (`module.exports = Router().use(accounts).use('/notes', notes)`), which must become a plugin that
 * registers each sub-router, not a router whose `use` became preHandler hooks.
 */
import type { Server } from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { TODO_MARKER } from '../lib/step';
import { migrateApp, type MigratedApp } from './harness';
import { closeServer, listenExpress } from '../../test/support/http';


const INLINE_FILES: Record<string, string> = {
  'app.js': `
const express = require('express');

const app = express();
app.use(express.json());

app.use('/api', require('./routes/api'));

module.exports = app;
`,
  'routes/api/index.js': `
const router = require('express').Router();

router.use('/', require('./accounts'));
router.use('/notes', require('./notes'));

module.exports = router;
`,
  'routes/api/accounts.js': `
const router = require('express').Router();

router.get('/account', (req, res) => {
  res.json({ account: 'ann' });
});

router.post('/accounts', (req, res) => {
  res.status(201).json({ created: req.body.name });
});

module.exports = router;
`,
  'routes/api/notes.js': `
const express = require('express');
const router = express.Router();

router.get('/', (req, res) => {
  res.json({ notes: [1, 2] });
});

router.get('/:id', (req, res) => {
  res.json({ note: Number(req.params.id) });
});

module.exports = router;
`,
};

// The same app, its index router built by a chain on Router() (the sub-routers imported, then required inline).
const CHAINED_FILES: Record<string, string> = {
  ...INLINE_FILES,
  'routes/api/index.js': `
const { Router } = require('express');
const accountsRouter = require('./accounts');

module.exports = Router()
  .use(accountsRouter)
  .use('/notes', require('./notes'));
`,
};

const LAYOUTS: { name: string; files: Record<string, string>; index: string[] }[] = [
  {
    name: 'routers required where they are mounted',
    files: INLINE_FILES,
    index: [`fastify.register(require('./accounts'), { prefix: '/' });`, `fastify.register(require('./notes'), { prefix: '/notes' });`],
  },
  {
    name: 'index router chained on Router(), never assigned',
    files: CHAINED_FILES,
    index: [`fastify.register(accountsRoutes);`, `fastify.register(require('./notes'), { prefix: '/notes' });`, `module.exports = apiRoutes;`],
  },
];

// (Four items each: jest hands a test with fewer arguments than its function takes a done callback.)
const REQUESTS: [string, string, Record<string, string>, string | null][] = [
  ['GET', '/api/account', {}, null],
  ['POST', '/api/accounts', { 'content-type': 'application/json' }, '{"name":"bob"}'],
  ['GET', '/api/notes', {}, null],
  ['GET', '/api/notes/7', {}, null],
];

describe.each(LAYOUTS)('router modules mounted in the tutorial way, over HTTP: $name', ({ files: FILES, index }) => {
  let migratedApp: MigratedApp;
  let expressServer: Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';
  const outputs = new Map<string, string>();

  beforeAll(async () => {
    migratedApp = migrateApp('inline-require', FILES);
    for (const [file, out] of migratedApp.outputs) outputs.set(file, out);
    const { legacyDir, outDir } = migratedApp;
    ({ server: expressServer, base: expressBase } = await listenExpress(require(path.join(legacyDir, 'app.js'))));
    fastify = require(path.join(outDir, 'app.js'));
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
    migratedApp?.remove();
  });

  it('registers each required router module with its prefix, no use() and no marker left', () => {
    expect(outputs.get('app.js')).toContain(`app.register(require('./routes/api'), { prefix: '/api' });`);
    for (const line of index) expect(outputs.get('routes/api/index.js')).toContain(line);
    expect(outputs.get('routes/api/index.js')).not.toContain('addHook');
    for (const [file, out] of outputs) {
      expect([file, out.includes('.use(')]).toEqual([file, false]);
      expect([file, out.includes(TODO_MARKER)]).toEqual([file, false]);
    }
  });

  it('Fastify has the routes Express had, at the same full paths', () => {
    const has = (method: string, url: string) => [method, url, fastify.hasRoute({ method, url })];
    expect(has('GET', '/api/account')).toEqual(['GET', '/api/account', true]);
    expect(has('POST', '/api/accounts')).toEqual(['POST', '/api/accounts', true]);
    expect(has('GET', '/api/notes/:id')).toEqual(['GET', '/api/notes/:id', true]);
  });

  it.each(REQUESTS)('%s %s %j: same status and body as on Express', async (method, url, headers, body) => {
    const ask = async (base: string) => {
      const r = await fetch(base + url, { method, headers, ...(body === null ? {} : { body }) });
      return { status: r.status, body: await r.json() };
    };
    const [legacy, migrated] = await Promise.all([ask(expressBase), ask(fastifyBase)]);
    expect(migrated).toEqual(legacy);
  });
});
