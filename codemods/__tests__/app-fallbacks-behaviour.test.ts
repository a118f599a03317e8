/**
 * The end of an Express app file: a router mounted without a path (`app.use(require('./routes'))`),
 * a catch-all that hands a 404 to the error middleware with next(err), and two error middleware
 * (a verbose one registered under an `if`, a quiet one after it). Migrated by the whole recipe
 * (`migrateSource` with every step, as the CLI runs it), twice (the second run changes nothing),
 * then served by real Fastify 5 next to the original on real Express 5 over HTTP on 127.0.0.1,
 * in both variants: same status, body and content type for a route, an error a route throws, and
 * a path no route has. Also a router mounted by a name that says nothing (`app.use(v1)`, its
 * module makes a Router) with an answering catch-all after it, and routes added by a function the
 * app is handed (`addItems(app)`) with a catch-all after it that only calls next(err). (Before: the catch-all became an onRequest hook that answered 404 to every
 * request, and the quiet handler stayed on `app.use`, which a Fastify instance does not have.)
 */
import type { Server } from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { TODO_MARKER } from '../lib/step';
import { migrateSource } from '../recipe';
import { steps } from '../steps';
import { migrateApp, type MigratedApp } from './harness';
import { closeServer, listenExpress } from '../../test/support/http';


const FILES: Record<string, string> = {
  'app.js': `
const express = require('express');

function buildApp(verbose) {
  const app = express();
  app.use(express.json());

  app.use(require('./routes'));

  /// nothing answered: a 404 for the error handler
  app.use(function (req, res, next) {
    const err = new Error('Not Found');
    err.status = 404;
    next(err);
  });

  if (verbose) {
    app.use(function (err, req, res, next) {
      res.status(err.status || 500).json({ errors: { message: err.message, verbose: true } });
    });
  }

  app.use(function (err, req, res, next) {
    res.status(err.status || 500).json({ errors: { message: err.message } });
  });
  return app;
}

module.exports = { buildApp };
`,
  // The router under a name that says nothing: its module (it makes a Router) says it is routes.
  'plain.js': `
const express = require('express');
const v1 = require('./routes');

function buildApp() {
  const app = express();
  app.use(v1);
  app.use((req, res) => {
    res.status(404).json({ missing: req.url });
  });
  return app;
}

module.exports = { buildApp };
`,
  // Routes added by a function the app is handed; the catch-all after it only passes an error on.
  'registrar.js': `
const express = require('express');
const addItems = require('./add-items');

function buildApp() {
  const app = express();
  addItems(app);
  app.use((req, res, next) => {
    next(Object.assign(new Error('no ' + req.url), { status: 404 }));
  });
  app.use((err, req, res, next) => {
    res.status(err.status || 500).json({ failed: err.message });
  });
  return app;
}

module.exports = { buildApp };
`,
  'add-items.js': `
module.exports = function addItems(app) {
  app.get('/items/:id', (req, res) => {
    res.json({ item: req.params.id });
  });
};
`,
  'routes/index.js': `
const router = require('express').Router();

router.get('/items/:id', (req, res) => {
  res.json({ id: req.params.id });
});
router.get('/fail', (req, res) => {
  const err = new Error('teapot');
  err.status = 418;
  throw err;
});

module.exports = router;
`,
};

const REQUESTS: [string, boolean][] = [
  ['/items/7', false],
  ['/items/7', true],
  ['/fail', false],
  ['/fail', true],
  ['/nowhere', false],
  ['/nowhere', true],
];

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

async function ask(base: string, url: string): Promise<Answer> {
  const res = await fetch(base + url);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('app fallbacks: a catch-all after a path-less router mount and dev/prod error middleware, through the whole recipe', () => {
  let migratedApp: MigratedApp;
  const servers: Server[] = [];
  const instances: FastifyInstance[] = [];
  const base = new Map<string, string>();
  const outputs = new Map<string, string>();
  const second = new Map<string, string>();

  beforeAll(async () => {
    migratedApp = migrateApp('app-fallbacks', FILES);
    const { legacyDir, outDir } = migratedApp;
    for (const [file, out] of migratedApp.outputs) {
      outputs.set(file, out);
      // The recipe again, over its own output: nothing may change.
      const again = migrateSource(out, path.join(outDir, file), { steps, stepOptions: { migratedModules: [] } });
      expect(again.error).toBeUndefined();
      second.set(file, again.output);
    }

    // Each app as written on Express and as migrated on Fastify, side by side.
    const pair = async (name: string, legacyApp: Parameters<typeof listenExpress>[0], migrated: FastifyInstance) => {
      const e = await listenExpress(legacyApp);
      servers.push(e.server);
      base.set(`express ${name}`, e.base);
      instances.push(migrated);
      base.set(`fastify ${name}`, await migrated.listen({ port: 0, host: '127.0.0.1' }));
    };
    await pair('plain', require(path.join(legacyDir, 'plain.js')).buildApp(), require(path.join(outDir, 'plain.js')).buildApp());
    await pair('registrar', require(path.join(legacyDir, 'registrar.js')).buildApp(), require(path.join(outDir, 'registrar.js')).buildApp());
    for (const verbose of [false, true]) {
      await pair(String(verbose), require(path.join(legacyDir, 'app.js')).buildApp(verbose), require(path.join(outDir, 'app.js')).buildApp(verbose));
    }
  });
  afterAll(async () => {
    for (const f of instances) await f.close();
    for (const s of servers) await closeServer(s);
    migratedApp?.remove();
  });

  it('writes a not-found handler and one error handler per branch: no hook, no use(), no marker', () => {
    const app = outputs.get('app.js')!;
    expect(app).toContain(`app.setNotFoundHandler(function(request, reply) {`);
    expect(app).toContain(`    throw err;\n  });`);
    expect(app).toMatch(/if \(verbose\) \{\n {4}app\.setErrorHandler\([^]*\} else \{\n {4}app\.setErrorHandler\(/);
    expect(app).not.toMatch(/addHook|\.use\(/);
    expect(app).not.toContain(TODO_MARKER);
  });

  it('a router mounted by a name that says nothing is still routes: the catch-all after it is the not-found handler', async () => {
    expect(outputs.get('plain.js')).toContain(`app.setNotFoundHandler((request, reply) => {`);
    expect(outputs.get('plain.js')).not.toMatch(/addHook|\.use\(/);
    for (const url of ['/items/3', '/elsewhere']) {
      const [e, f] = await Promise.all([ask(base.get('express plain')!, url), ask(base.get('fastify plain')!, url)]);
      expect(f).toEqual(e);
    }
    expect(await ask(base.get('fastify plain')!, '/items/3')).toMatchObject({ status: 200, body: '{"id":"3"}' });
    expect(await ask(base.get('fastify plain')!, '/elsewhere')).toMatchObject({ status: 404, body: '{"missing":"/elsewhere"}' });
  });

  it('routes added by a function handed the app: the catch-all after it is the not-found handler', async () => {
    expect(outputs.get('registrar.js')).toContain(`app.setNotFoundHandler((request, reply) => {`);
    expect(outputs.get('registrar.js')).not.toMatch(/addHook|\.use\(/);
    for (const url of ['/items/5', '/other']) {
      const [e, f] = await Promise.all([ask(base.get('express registrar')!, url), ask(base.get('fastify registrar')!, url)]);
      expect(f).toEqual(e);
    }
    expect(await ask(base.get('fastify registrar')!, '/items/5')).toMatchObject({ status: 200, body: '{"item":"5"}' });
    expect(await ask(base.get('fastify registrar')!, '/other')).toMatchObject({ status: 404, body: '{"failed":"no /other"}' });
  });

  it('a second run over the output changes nothing', () => {
    for (const [file, text] of outputs) expect(second.get(file)).toBe(text);
  });

  it.each(REQUESTS)('GET %s (verbose: %s) answers the same', async (url, verbose) => {
    const [e, f] = await Promise.all([ask(base.get(`express ${verbose}`)!, url), ask(base.get(`fastify ${verbose}`)!, url)]);
    expect(f).toEqual(e);
  });

  it('the answers compared are the ones the app means (not two equal failures)', async () => {
    expect(await ask(base.get('fastify false')!, '/items/7')).toMatchObject({ status: 200, body: '{"id":"7"}' });
    expect(await ask(base.get('fastify false')!, '/nowhere')).toMatchObject({ status: 404, body: '{"errors":{"message":"Not Found"}}' });
    expect(await ask(base.get('fastify true')!, '/nowhere')).toMatchObject({ status: 404, body: '{"errors":{"message":"Not Found","verbose":true}}' });
    expect(await ask(base.get('fastify true')!, '/fail')).toMatchObject({ status: 418, body: '{"errors":{"message":"teapot","verbose":true}}' });
  });
});
