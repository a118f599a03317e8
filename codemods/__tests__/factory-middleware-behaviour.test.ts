/**
 * An exported middleware written as asyncHandler(async (req, res, next) => { ...; next() }) and used
 * natively as route middleware by another module (that module is in the run: migratedModules).
 * As a Fastify hook the factory's result both calls done and returns a promise, and Fastify's hook
 * runner follows both: the route handler ran twice. The recipe puts it behind the adapter whole.
 * Whole recipe on both modules, then real Express 5 and real Fastify 5 over HTTP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { migrateSource } from '../recipe';
import { steps } from '../steps';
import { closeServer, listenExpress } from '../../test/support/http';

const ASYNC_HANDLER = `
module.exports = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
`;

const AUTH = `
const asyncHandler = require('./async-handler');

const protect = asyncHandler(async (req, res, next) => {
  const id = await Promise.resolve(req.headers['x-user']);
  if (!id) {
    res.status(401);
    throw new Error('no user');
  }
  req.user = { id };
  next();
});

module.exports = { protect };
`;

const ROUTES = `
const { protect } = require('./auth');

module.exports = function (app) {
  let created = 0;
  app.post('/items', protect, (req, res) => {
    created += 1;
    res.status(201).json({ created, by: req.user.id });
  });
  app.get('/count', (req, res) => {
    res.json({ created });
  });
};
`;

function load(files: Record<string, string>): (app: unknown) => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'factory-middleware-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(dir, name), source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'routes.js'));
}

const stepOptions = { adapterModule: path.resolve(__dirname, '../../gateway/adapter'), migratedModules: ['/app/auth.js'] };
const auth = migrateSource(AUTH, '/app/auth.js', { steps, stepOptions });
const routes = migrateSource(ROUTES, '/app/routes.js', { steps, stepOptions });

let expressServer: import('node:http').Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';

beforeAll(async () => {
  const app = express();
  load({ 'async-handler.js': ASYNC_HANDLER, 'auth.js': AUTH, 'routes.js': ROUTES })(app);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));
  fastify = Fastify();
  load({ 'async-handler.js': ASYNC_HANDLER, 'auth.js': auth.output, 'routes.js': routes.output })(fastify);
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

test('the middleware module wraps the factory whole; the route uses it as a hook', () => {
  expect(auth.output).toContain('const protect = fromExpressMiddleware(asyncHandler(async (req, res, next) => {');
  expect(routes.output).toContain('{ preHandler: [protect] }');
});

test('POST /items runs the handler once, as on Express', async () => {
  const post = async (base: string) => {
    const res = await fetch(`${base}/items`, { method: 'POST', headers: { 'x-user': 'u7' } });
    const count = await (await fetch(`${base}/count`)).json();
    return { status: res.status, body: await res.json(), count };
  };
  const [a, b] = await Promise.all([post(expressBase), post(fastifyBase)]);
  expect(a).toEqual({ status: 201, body: { created: 1, by: 'u7' }, count: { created: 1 } });
  expect(b).toEqual(a);
});

test('without a user: 401 on both, and the handler does not run', async () => {
  const [a, b] = await Promise.all([fetch(`${expressBase}/items`, { method: 'POST' }), fetch(`${fastifyBase}/items`, { method: 'POST' })]);
  expect([b.status, a.status]).toEqual([401, 401]);
  const counts = await Promise.all([fetch(`${expressBase}/count`), fetch(`${fastifyBase}/count`)].map(async (r) => (await r).json()));
  expect(counts[1]).toEqual(counts[0]);
});
