/**
 * A router protected only where it is mounted (`router.use('/admin', requireAuth, requireRole('ADMIN'),
 * adminRouter)`), migrated by the whole recipe (one parse per file, every step, as the CLI runs it)
 * and served by real Fastify 5 next to the original on real Express 5, over HTTP: the routes under
 * the mount must be exactly as protected after the migration as before (same 401 without a user,
 * same 403 for the wrong role, 200 with the right one), and a mount's middleware that loads data
 * (`router.use('/users/:id', loadUser, publicRouter)`) must still run for that router only.
 *
 * Two ways a team runs it: the auth middleware migrated in the same run (its hooks used natively),
 * and the auth middleware left as Express code (its hooks behind the adapter).
 */
import type { Server } from 'node:http';
import path from 'node:path';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { TODO_MARKER, type MountRecord } from '../lib/step';
import { migrateApp, type MigratedApp } from './harness';
import { closeServer, listenExpress } from '../../test/support/http';


const FILES: Record<string, string> = {
  'middleware/auth.js': `
exports.requireAuth = function requireAuth(req, res, next) {
  const who = req.get('authorization');
  if (!who) return res.status(401).json({ error: 'sign in first' });
  req.user = { name: who.split(' ')[0], role: who.split(' ')[1] };
  next();
};

exports.requireRole = (role) => (req, res, next) => {
  if (req.user.role !== role) return res.status(403).json({ error: 'forbidden', need: role });
  next();
};
`,
  'routes/api.js': `
const express = require('express');
const { requireAuth, requireRole } = require('../middleware/auth');
const adminRouter = require('./admin');
const publicRouter = require('./public');

const router = express.Router();

function loadUser(req, res, next) {
  if (!/^\\d+$/.test(req.params.id)) return res.status(404).json({ error: 'no such user' });
  req.target = { id: Number(req.params.id) };
  next();
}

// The admin routes are protected here, and only here.
router.use('/admin', requireAuth, requireRole('ADMIN'), adminRouter);
router.use('/users/:id', loadUser, publicRouter);
router.use('/public', publicRouter);

module.exports = router;
`,
  'routes/admin.js': `
const express = require('express');
const router = express.Router();

router.get('/stats', (req, res) => {
  res.json({ by: req.user.name, users: 3 });
});

router.post('/flush', (req, res) => {
  res.status(202).json({ flushed: req.body.what ?? null, by: req.user.name });
});

module.exports = router;
`,
  'routes/public.js': `
const express = require('express');
const router = express.Router();

router.get('/hello', (req, res) => {
  res.json({ hello: req.target ? req.target.id : 'world', user: req.user ? req.user.name : null });
});

module.exports = router;
`,
};

interface Variant {
  name: string;
  /** Files migrated in the run (the rest are used as they are, Express code). */
  migrated: string[];
  /** Option migratedModules: the run's modules whose middleware become hooks. */
  migratedModules: boolean;
  /** What the mount of /admin is reported as. */
  adminMount: MountRecord['outcome'];
  /** What the /admin mount's middleware is written as. */
  adminHooks: string[];
}

const VARIANTS: Variant[] = [
  {
    name: 'auth middleware migrated in the same run (native hooks)',
    migrated: Object.keys(FILES),
    migratedModules: true,
    adminMount: 'native',
    adminHooks: [`instance.addHook('preHandler', requireAuth);`, `instance.addHook('preHandler', requireRole('ADMIN'));`],
  },
  {
    name: 'auth middleware left as Express code (hooks behind the adapter)',
    migrated: ['routes/api.js', 'routes/admin.js', 'routes/public.js'],
    migratedModules: false,
    adminMount: 'adapter',
    adminHooks: [`instance.addHook('preHandler', fromExpressMiddleware(requireAuth));`, `instance.addHook('preHandler', fromExpressMiddleware(requireRole('ADMIN')));`],
  },
];

// (Four items each: jest hands a test with fewer arguments than its function takes a done callback.)
const REQUESTS: [string, string, Record<string, string>, string | null][] = [
  ['GET', '/api/admin/stats', {}, null],
  ['GET', '/api/admin/stats', { authorization: 'ann USER' }, null],
  ['GET', '/api/admin/stats', { authorization: 'bob ADMIN' }, null],
  ['POST', '/api/admin/flush', { 'content-type': 'application/json' }, '{"what":"cache"}'],
  ['POST', '/api/admin/flush', { 'content-type': 'application/json', authorization: 'bob ADMIN' }, '{"what":"cache"}'],
  ['GET', '/api/public/hello', {}, null],
  ['GET', '/api/public/hello', { authorization: 'bob ADMIN' }, null],
  ['GET', '/api/users/7/hello', {}, null],
  ['GET', '/api/users/x/hello', {}, null],
];

describe.each(VARIANTS)('mount middleware over HTTP: $name', (variant) => {
  let migratedApp: MigratedApp;
  let expressServer: Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';
  const outputs = new Map<string, string>();
  const mounts: MountRecord[] = [];

  beforeAll(async () => {
    migratedApp = migrateApp('mount-mw', FILES, { migrate: variant.migrated, migratedModules: !!variant.migratedModules });
    const { legacyDir, outDir } = migratedApp;
    for (const [file, out] of migratedApp.outputs) outputs.set(file, out);
    for (const result of migratedApp.results.values()) mounts.push(...result.report.mounts);

    const app = express();
    app.use(express.json());
    app.use('/api', require(path.join(legacyDir, 'routes/api.js')));
    ({ server: expressServer, base: expressBase } = await listenExpress(app));

    fastify = Fastify();
    fastify.decorateRequest('user', undefined);
    fastify.decorateRequest('target', undefined);
    await fastify.register(require(path.join(outDir, 'routes/api.js')), { prefix: '/api' });
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
    migratedApp?.remove();
  });

  it('writes each mount as an encapsulated registration with the middleware as preHandler hooks, no marker', () => {
    const api = outputs.get('routes/api.js')!;
    expect(api).not.toContain('.use(');
    expect(api).not.toContain(TODO_MARKER);
    for (const h of variant.adminHooks) expect(api).toContain(h);
    expect(api).toContain(`await instance.register(adminRoutes);\n  }, { prefix: '/admin' });`);
    expect(api).toContain(`instance.addHook('preHandler', loadUser);`);
    expect(api).toContain(`fastify.register(publicRoutes, { prefix: '/public' });`);
  });

  it('reports what became of each mount', () => {
    expect(mounts.map((m) => [m.prefix, m.outcome])).toEqual([
      ['/admin', variant.adminMount],
      ['/users/:id', 'native'],
    ]);
  });

  it('Fastify has the routes Express had, at the same paths', () => {
    const routes = fastify.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/admin/stats (GET, HEAD)');
    expect(routes).toContain('/api/admin/flush (POST)');
    expect(routes).toContain('/api/users/:id/hello (GET, HEAD)');
    expect(routes).toContain('/api/public/hello (GET, HEAD)');
  });

  it.each(REQUESTS)('%s %s %j: same status and body as on Express', async (method, url, headers, body) => {
    const ask = async (base: string) => {
      const r = await fetch(base + url, { method, headers, ...(body === null ? {} : { body }) });
      return { status: r.status, body: await r.json() };
    };
    const [legacy, migrated] = await Promise.all([ask(expressBase), ask(fastifyBase)]);
    expect(migrated).toEqual(legacy);
  });

  it('the protection is real: without a user the admin routes answer 401, with the role 200', async () => {
    const stats = (headers: Record<string, string>) => fetch(fastifyBase + '/api/admin/stats', { headers }).then((r) => r.status);
    expect([await stats({}), await stats({ authorization: 'ann USER' }), await stats({ authorization: 'bob ADMIN' })]).toEqual([401, 403, 200]);
  });
});
