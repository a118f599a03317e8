/**
 * The API-call steps keep behaviour, not just shape: the same route module runs on real Express 5
 * as written and on real Fastify 5 after the steps, both over real HTTP on 127.0.0.1, and the
 * answers (status, body, content type, Location, Set-Cookie) are compared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import jscodeshift from 'jscodeshift';
import type { Transform } from 'jscodeshift';
import resJson from '../res-json-to-reply-send';
import resRedirect from '../res-redirect-to-reply-redirect';
import resHeaders from '../res-headers-to-reply-headers';
import resCookie from '../res-cookie-to-reply-set-cookie';
import reqAccessors from '../req-accessors-to-fastify-request';
import nextError from '../next-error-to-throw';
import errorMiddleware from '../error-middleware-to-set-error-handler';
import escaping from '../escaping-handler-to-adapter';
import nextOnlyHook from '../next-only-handler-to-hook';
import routerParam from '../router-param-to-hook';
import requireRole from '../require-role-to-prehandler';
import { migrateSource } from '../recipe';
import { steps as recipeSteps } from '../steps';
import { closeServer, listenExpress } from '../../test/support/http';

const ROUTES = `
module.exports = function routes(app) {
  app.get('/html', (req, res) => {
    res.send('<p>hi</p>');
  });
  app.get('/json', (r, out) => {
    out.status(201).json({ ok: true, n: 1 });
  });
  app.get('/tail', (req, res) => res.json({ list: [1, 2] }));
  app.get('/gone', (req, res) => {
    res.sendStatus(404);
  });
  app.get('/empty', (req, res) => {
    res.status(204).end();
  });
  app.get('/go', (req, res) => {
    res.redirect(301, '/there');
  });
  app.get('/cookie', (req, res) => {
    res.cookie('sid', 'abc', { httpOnly: true, maxAge: 60000 });
    res.cookie('theme', 'dark');
    res.json({ set: true });
  });
  app.get('/headers', (req, res) => {
    res.set('X-Thing', 'a');
    res.type('json');
    res.location('/elsewhere');
    res.send(JSON.stringify({ typed: true }));
  });
  app.get('/request', (req, res) => {
    res.json({ ua: req.get('User-Agent'), trace: req.header('x-trace-id') || null, json: req.is('json') ? 1 : 0, path: req.path });
  });
  app.get('/fail', (req, res, next) => {
    if (!req.query.ok) return next(Object.assign(new Error('teapot'), { status: 418 }));
    res.json({ ok: true });
  });
  app.get('/fail-later', (req, res, next) => {
    setImmediate(() => next(Object.assign(new Error('later'), { status: 503 })));
  });
  app.get('/async-callback', async (req, res) => {
    setImmediate(() => res.json({ late: true }));
  });
  app.get('/async-promise', async (req, res, next) => {
    Promise.reject(Object.assign(new Error('rejected'), { status: 409 }))
      .then(() => res.json({ never: true }))
      .catch(next);
  });
  app.use((req, res) => {
    res.status(404).json({ error: 'no route for ' + req.method });
  });
  app.use((err, req, res, next) => {
    res.status(err.status || 500).json({ error: err.message });
  });
};
`;

const STEPS: Transform[] = [nextOnlyHook, resJson, resRedirect, resHeaders, resCookie, reqAccessors, nextError, errorMiddleware] as Transform[];

function migrate(source: string, options: Record<string, unknown> = {}, steps: Transform[] = STEPS): string {
  let out = source;
  for (const t of steps) {
    const next = t({ path: 'routes.js', source: out }, { j: jscodeshift, jscodeshift, stats: () => undefined, report: () => undefined }, options);
    if (typeof next === 'string') out = next;
  }
  return out;
}

function load(source: string): (app: unknown) => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'api-steps-'));
  const file = path.join(dir, 'routes.js');
  writeFileSync(file, source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

interface Answer {
  status: number;
  body: string;
  type: string | null;
  location: string | null;
  cookies: string[];
}

async function ask(base: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const r = await fetch(base + url, { redirect: 'manual', headers });
  return {
    status: r.status,
    body: await r.text(),
    type: r.headers.get('content-type'),
    location: r.headers.get('location'),
    cookies: r.headers.getSetCookie().map((c) => c.replace(/; Expires=[^;]+/, '')).sort(),
  };
}

describe('API-call steps, Express 5 as written vs Fastify 5 after the steps', () => {
  const migrated = migrate(ROUTES);
  let expressServer: import('node:http').Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';

  beforeAll(async () => {
    const app = express();
    load(ROUTES)(app);
    ({ server: expressServer, base: expressBase } = await listenExpress(app));

    fastify = Fastify();
    await fastify.register(fastifyCookie);
    load(migrated)(fastify);
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
  });

  it('rewrote every Express-only call (no res.json/status/sendStatus/cookie/get/use left)', () => {
    expect(migrated).not.toMatch(/\bres\.(json|status|sendStatus|end|cookie|location)\(|\bout\.status\(|app\.use\(/);
    // No marker: req.path (relative to wherever this module is mounted) strips the plugin's prefix.
    expect(migrated.match(/@fastify-migrate-todo: [^*]*/g)).toBeNull();
    expect(migrated).toContain(`path: req.url.split('?')[0].slice(req.server.prefix.length) || '/' }`);
    expect(migrated).toContain(`app.get('/tail', (req, res) => ({ list: [1, 2] }));`);
  });

  it.each([
    ['/html'],
    ['/json'],
    ['/tail'],
    ['/gone'],
    ['/empty'],
    ['/go'],
    ['/cookie'],
    ['/headers'],
    ['/fail'],
    ['/fail?ok=1'],
    ['/fail-later'],
    ['/no/such/route'],
    ['/async-callback'],
    ['/async-promise'],
  ])('GET %s answers the same', async (url) => {
    const [legacy, migratedAnswer] = await Promise.all([ask(expressBase, url), ask(fastifyBase, url)]);
    if (url === '/go') {
      // Express writes a short "Redirecting to" body; Fastify's redirect has none.
      expect({ ...migratedAnswer, body: '', type: null }).toEqual({ ...legacy, body: '', type: null });
      return;
    }
    // Cookies compare exactly: the step writes sameSite: false where Express writes no SameSite.
    expect(migratedAnswer).toEqual(legacy);
  });

  it('reads request headers and content type the same', async () => {
    const headers = { 'user-agent': 'parity/1', 'x-trace-id': 't-1' };
    const [legacy, migratedAnswer] = await Promise.all([ask(expressBase, '/request', headers), ask(fastifyBase, '/request', headers)]);
    expect(JSON.parse(migratedAnswer.body)).toEqual(JSON.parse(legacy.body));
    expect(JSON.parse(legacy.body)).toEqual({ ua: 'parity/1', trace: 't-1', json: 0, path: '/request' });
  });
});

const GUARDED = `
module.exports = function routes(app) {
  // Identity from a header, for the test: the legacy app's auth middleware.
  app.use((req, res, next) => {
    req.user = req.get('x-user') ? { id: req.get('x-user'), role: req.get('x-role') } : null;
    next();
  });

  const requireAuth = (req, res, next) => {
    if (!req.user) return res.status(401).json({ error: 'login required' });
    next();
  };
  const requireRole = (role) => async (req, res, next) => {
    await Promise.resolve();
    if (req.user.role !== role) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    next();
  };

  app.param('id', (req, res, next, id) => {
    if (!/^\\d+$/.test(id)) return next(Object.assign(new Error('bad id'), { status: 400 }));
    req.itemId = Number(id);
    next();
  });

  app.delete('/items/:id', requireAuth, requireRole('ADMIN'), (req, res) => {
    res.json({ deleted: req.itemId, by: req.user.id });
  });
  app.get('/me', requireAuth, (req, res) => res.json(req.user));

  app.use((err, req, res, next) => {
    res.status(err.status || 500).json({ error: err.message });
  });
};
`;

describe('hooks and guards, Express 5 as written vs Fastify 5 after the steps', () => {
  const steps: Transform[] = [
    escaping, nextOnlyHook, routerParam, requireRole, resJson, reqAccessors, nextError, errorMiddleware,
  ] as Transform[];
  let migrated = GUARDED;
  for (const t of steps) {
    const out = t({ path: 'guarded.js', source: migrated }, { j: jscodeshift, jscodeshift, stats: () => undefined, report: () => undefined }, {});
    if (typeof out === 'string') migrated = out;
  }
  let expressServer: import('node:http').Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';

  beforeAll(async () => {
    const app = express();
    load(GUARDED)(app);
    ({ server: expressServer, base: expressBase } = await listenExpress(app));
    fastify = Fastify();
    load(migrated)(fastify);
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
  });

  it('migrated natively: hooks and preHandlers, no adapter, no marker', () => {
    expect(migrated).toContain(`app.addHook('onRequest', (req, res, next) => {`);
    expect(migrated).toContain(`{ preHandler: [requireAuth, requireRole('ADMIN')] }`);
    expect(migrated).toContain(`app.addHook('preHandler', (req, res, next) => {`);
    expect(migrated).not.toMatch(/fromExpress|@fastify-migrate-todo|app\.use\(|app\.param\(/);
  });

  const del = (base: string, url: string, user?: [string, string]) =>
    fetch(base + url, { method: 'DELETE', headers: user ? { 'x-user': user[0], 'x-role': user[1] } : {} }).then(async (r) => ({
      status: r.status,
      body: await r.text(),
      type: r.headers.get('content-type'),
    }));

  it.each([
    ['no user', '/items/12', undefined],
    ['wrong role', '/items/12', ['u1', 'USER']],
    ['admin', '/items/12', ['u2', 'ADMIN']],
    ['bad id, checked before the guards', '/items/abc', undefined],
    ['bad id, admin', '/items/x1', ['u2', 'ADMIN']],
  ] as const)('DELETE with %s answers the same', async (_label, url, user) => {
    const [legacy, migratedAnswer] = await Promise.all([del(expressBase, url, user as [string, string] | undefined), del(fastifyBase, url, user as [string, string] | undefined)]);
    expect(migratedAnswer).toEqual(legacy);
  });

  it('GET /me answers the same with and without a user', async () => {
    for (const headers of [{}, { 'x-user': 'u3', 'x-role': 'USER' }] as Record<string, string>[]) {
      const [a, b] = await Promise.all([fetch(expressBase + '/me', { headers }), fetch(fastifyBase + '/me', { headers })]);
      expect([b.status, await b.text()]).toEqual([a.status, await a.text()]);
    }
  });
});

describe('the same modules through the whole recipe (codemods/steps.ts, every step on one tree)', () => {
  const routes = migrateSource(ROUTES, 'routes.js', { steps: recipeSteps });
  const guarded = migrateSource(GUARDED, 'guarded.js', { steps: recipeSteps });
  const servers: { close(): Promise<unknown> }[] = [];
  const bases: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, legacy, migrated] of [
      ['routes', ROUTES, routes.output],
      ['guarded', GUARDED, guarded.output],
    ] as const) {
      const app = express();
      load(legacy)(app);
      const { server, base } = await listenExpress(app);
      servers.push({ close: () => closeServer(server) });
      bases[`${name}:express`] = base;
      const fastify = Fastify();
      await fastify.register(fastifyCookie);
      load(migrated)(fastify);
      bases[`${name}:fastify`] = await fastify.listen({ port: 0, host: '127.0.0.1' });
      servers.push(fastify);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('leaves no Express-only call and no marker', () => {
    expect(routes.error).toBeUndefined();
    expect(guarded.error).toBeUndefined();
    expect(routes.output).not.toMatch(/\b(res|reply|req|request)\.(json|status|sendStatus|cookie|location|end|is|get)\(|app\.use\(/);
    expect(guarded.output).not.toMatch(/app\.(use|param)\(|fromExpress|@fastify-migrate-todo/);
    expect(routes.report.todos.map((t) => t.message)).toEqual([]);
  });

  it.each(['/html', '/json', '/tail', '/gone', '/empty', '/cookie', '/headers', '/fail', '/fail?ok=1', '/fail-later', '/no/such/route', '/async-callback', '/async-promise'])(
    'routes: GET %s answers the same',
    async (url) => {
      const [legacy, migrated] = await Promise.all([ask(bases['routes:express'], url), ask(bases['routes:fastify'], url)]);
      expect(migrated).toEqual(legacy);
    },
  );

  it.each([
    ['/items/12', {}],
    ['/items/12', { 'x-user': 'u1', 'x-role': 'USER' }],
    ['/items/12', { 'x-user': 'u2', 'x-role': 'ADMIN' }],
    ['/items/abc', {}],
  ] as [string, Record<string, string>][])('guarded: DELETE %s %j answers the same', async (url, headers) => {
    const call = (base: string) =>
      fetch(base + url, { method: 'DELETE', headers }).then(async (r) => [r.status, r.headers.get('content-type'), await r.text()]);
    const [legacy, migrated] = await Promise.all([call(bases['guarded:express']), call(bases['guarded:fastify'])]);
    expect(migrated).toEqual(legacy);
  });
});

describe('require-role-to-prehandler option migratedModules', () => {
  const source = `import { Router } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';
import { audit } from 'express-audit';
export const admin = Router();
admin.get('/audit', requireAuth, requireRole('AUDITOR'), audit(), (req, res) => res.json({}));
`;
  const run = (options: Record<string, unknown>) =>
    requireRole({ path: 'src/routes/admin.ts', source }, { j: jscodeshift, jscodeshift, stats: () => undefined, report: () => undefined }, options) as string;

  it('keeps imported middleware behind the adapter by default', () => {
    expect(run({})).toContain(
      `{ preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(requireRole('AUDITOR')), fromExpressMiddleware(audit())] }`,
    );
  });

  it('uses middleware from modules the same run migrates natively (relative to the file, any extension)', () => {
    expect(run({ migratedModules: ['src/middleware/auth.ts'] })).toContain(
      `{ preHandler: [requireAuth, requireRole('AUDITOR'), fromExpressMiddleware(audit())] }`,
    );
    expect(run({ migratedModules: 'src/other.ts,src/middleware/auth' })).toContain(`[requireAuth, requireRole('AUDITOR'), fromExpressMiddleware(audit())]`);
  });
});

const ESCAPING = `
module.exports = function routes(app) {
  function renderReport(id, res) {
    res.status(200).type('text').send('report ' + id);
  }
  app.get('/report/:id', (req, res) => {
    renderReport(req.params.id, res);
  });
  app.get('/stream', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('a');
    res.end('b');
  });
  app.get('/plain', (req, res) => res.json({ plain: true }));
};
`;

describe('escaping handlers run through the real Express adapter (gateway/adapter)', () => {
  const adapterModule = path.resolve(__dirname, '../../gateway/adapter');
  const migrated = migrate(ESCAPING, { adapterModule }, [escaping as Transform, ...STEPS]);
  let expressServer: import('node:http').Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';

  beforeAll(async () => {
    const app = express();
    load(ESCAPING)(app);
    ({ server: expressServer, base: expressBase } = await listenExpress(app));
    fastify = Fastify();
    load(migrated)(fastify);
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
  });

  it('wraps the two escaping handlers, leaves the plain one native, and leaves the wrapped bodies as Express code', () => {
    expect(migrated.match(/fromExpressHandler\(/g)).toHaveLength(2);
    expect(migrated).toContain(`app.get('/plain', (req, res) => ({ plain: true }));`);
    expect(migrated).toContain(`res.status(200).type('text').send('report ' + id);`);
    expect(migrated).toContain(`res.writeHead(200, { 'content-type': 'text/plain' });`);
  });

  it.each(['/report/7', '/stream', '/plain'])('GET %s answers the same', async (url) => {
    const [legacy, migratedAnswer] = await Promise.all([ask(expressBase, url), ask(fastifyBase, url)]);
    expect(migratedAnswer).toEqual(legacy);
  });
});
