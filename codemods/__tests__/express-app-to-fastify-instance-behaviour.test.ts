/**
 * An Express application file (`const app = express()`, settings, a body parser, routes on the
 * app, a Router mounted under a prefix, an imported not-found handler and error middleware, a
 * listen call) migrated by the whole recipe (`migrateSource` with every step, as the CLI runs it),
 * then loaded as it is written and served by real Fastify 5 next to the original on real Express 5,
 * over HTTP on 127.0.0.1: same status, body, content type and X-Powered-By for a route, a mounted
 * route, a JSON body, res.locals set by a middleware module, the 404, the error handler, trust proxy, and Express's routing defaults
 * (case-insensitive, trailing slash). The migrated `start()` listens through the rewritten
 * `listen({ port, host }, (err) => ...)`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { TODO_MARKER } from '../lib/step';
import { migrateApp, type MigratedApp } from './harness';
import { closeServer, listenExpress } from '../../test/support/http';


const FILES: Record<string, string> = {
  'app.js': `
const express = require('express');
const { notFound, onError } = require('./middleware/errors');
const { requestId } = require('./middleware/context');
const greetRouter = require('./routes/greet');

function buildApp() {
  const app = express();
  app.disable('x-powered-by');
  // One proxy in front.
  app.set('trust proxy', 1);
  app.use(express.json());
  app.use(requestId);

  app.get('/id', (req, res) => {
    res.json({ id: res.locals.requestId });
  });
  app.get('/hello/:name', (req, res) => {
    res.json({ hello: req.params.name, ip: req.ip });
  });
  app.post('/echo', (req, res) => {
    res.status(201).json({ got: req.body });
  });
  app.get('/boom', (req, res) => {
    const err = new Error('kaput');
    err.status = 418;
    throw err;
  });
  app.use('/greet', greetRouter);

  app.use(notFound);
  app.use(onError);
  return app;
}

function start(port, host, ready) {
  const app = buildApp();
  app.listen(port, host, () => {
    ready(app);
  });
}

module.exports = { buildApp, start };
`,
  'middleware/errors.js': `
function notFound(req, res) {
  res.status(404).json({ error: 'not found', method: req.method });
}

function onError(err, req, res, next) {
  res.status(err.status || 500).json({ error: err.message });
}

module.exports = { notFound, onError };
`,
  'middleware/context.js': `
exports.requestId = function requestId(req, res, next) {
  res.locals.requestId = req.get('x-request-id') || 'none';
  next();
};
`,
  'routes/greet.js': `
const express = require('express');
const router = express.Router();

router.get('/:who', (req, res) => {
  res.type('text').send('hi ' + req.params.who);
});

module.exports = router;
`,
};

// (Four items each: jest hands a test with fewer arguments than its function takes a done callback.)
const REQUESTS: [string, string, Record<string, string>, string | null][] = [
  ['GET', '/hello/ann', {}, null],
  ['GET', '/id', { 'x-request-id': 'r-42' }, null],
  ['GET', '/id', {}, null],
  ['GET', '/hello/ann', { 'x-forwarded-for': '203.0.113.9' }, null],
  ['GET', '/HELLO/ann/', {}, null],
  ['POST', '/echo', { 'content-type': 'application/json' }, '{"a":[1,2]}'],
  ['GET', '/greet/bob', {}, null],
  ['GET', '/nowhere', {}, null],
  ['DELETE', '/hello/ann', {}, null],
  ['GET', '/boom', {}, null],
];

interface Answer {
  status: number;
  type: string | null;
  poweredBy: string | null;
  body: string;
}

async function ask(base: string, method: string, url: string, headers: Record<string, string>, body: string | null): Promise<Answer> {
  const res = await fetch(base + url, { method, headers, body: body ?? undefined });
  return { status: res.status, type: res.headers.get('content-type'), poweredBy: res.headers.get('x-powered-by'), body: await res.text() };
}

describe('express-app-to-fastify-instance: a migrated app file served by Fastify answers as the Express one', () => {
  let app: MigratedApp;
  let expressServer: Server;
  let fastify: FastifyInstance;
  let started: FastifyInstance | undefined;
  let expressBase = '';
  let fastifyBase = '';
  const outputs = new Map<string, string>();

  beforeAll(async () => {
    app = migrateApp('app-instance', FILES);
    for (const [file, out] of app.outputs) outputs.set(file, out);
    const { legacyDir, outDir } = app;
    const legacy = require(path.join(legacyDir, 'app.js'));
    ({ server: expressServer, base: expressBase } = await listenExpress(legacy.buildApp()));

    const out = require(path.join(outDir, 'app.js'));
    fastify = out.buildApp();
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await started?.close();
    await closeServer(expressServer);
    app?.remove();
  });

  it('writes a Fastify app: the factory, its options, the handlers and the mount, no marker, no express', () => {
    const app = outputs.get('app.js')!;
    expect(app).toContain(`const Fastify = require('fastify');`);
    expect(app).toContain(`// One proxy in front.\n  const app = Fastify({ trustProxy: (_address, hop) => hop < 1, bodyLimit: 102400, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });`);
    expect(app).toContain(`app.addHook('onRequest', async (request, reply) => { reply.locals = {}; });`);
    expect(app).toContain(`app.register(greetRoutes, { prefix: '/greet' });`);
    expect(app).toContain(`app.setNotFoundHandler(notFound);`);
    expect(app).toContain(`app.setErrorHandler(onError);`);
    expect(app).toContain(`app.listen({ port: Number(port), host }, (err) => {\n    if (err) throw err;\n    ready(app);\n  });`);
    expect(app).not.toMatch(/express|\.use\(|\.set\(|\.disable\(/);
    expect(app).not.toContain(TODO_MARKER);
  });

  it.each(REQUESTS)('%s %s %j answers the same', async (method, url, headers, body) => {
    const [e, f] = await Promise.all([ask(expressBase, method, url, headers, body), ask(fastifyBase, method, url, headers, body)]);
    expect(f).toEqual(e);
  });

  it('the answers compared are the ones the app means (not two equal failures)', async () => {
    expect(await ask(fastifyBase, 'GET', '/hello/ann', { 'x-forwarded-for': '203.0.113.9' }, null)).toMatchObject({ status: 200, body: '{"hello":"ann","ip":"203.0.113.9"}' });
    expect(await ask(fastifyBase, 'GET', '/nowhere', {}, null)).toMatchObject({ status: 404, body: '{"error":"not found","method":"GET"}' });
    expect(await ask(fastifyBase, 'GET', '/boom', {}, null)).toMatchObject({ status: 418, body: '{"error":"kaput"}', poweredBy: null });
    expect(await ask(fastifyBase, 'GET', '/greet/bob', {}, null)).toMatchObject({ status: 200, body: 'hi bob' });
    expect(await ask(fastifyBase, 'GET', '/id', { 'x-request-id': 'r-42' }, null)).toMatchObject({ status: 200, body: '{"id":"r-42"}' });
  });

  it('start() listens through the rewritten listen call', async () => {
    const out = require(path.join(app.outDir, 'app.js'));
    started = await new Promise<FastifyInstance>((ok) => out.start(0, '127.0.0.1', ok));
    const port = (started.server.address() as AddressInfo).port;
    expect(await ask(`http://127.0.0.1:${port}`, 'GET', '/greet/eve', {}, null)).toMatchObject({ status: 200, body: 'hi eve' });
  });
});
