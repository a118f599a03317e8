/**
 * Express middleware behind the adapter that sets the app's own request property (`req.claims`,
 * as express-jwt sets `req.auth` or `req.payload`), in front of a handler the recipe migrates
 * natively: the adapter is told to mirror that property on Fastify's request, so the handler reads
 * what Express's would. Whole recipe, then real Express 5 and real Fastify 5 over HTTP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { migrateSource } from '../recipe';
import { steps } from '../steps';
import { closeServer, listenExpress } from '../../test/support/http';

const SOURCE = `
function tokenAuth(req, res, next) {
  const token = req.get('x-token');
  if (!token) return res.status(401).json({ error: 'no token' });
  // Sets a property of its own through a helper: it stays Express code, behind the adapter.
  Object.assign(req, { claims: { sub: token.toUpperCase() } });
  next();
}

module.exports = function (app) {
  app.get('/me', tokenAuth, (req, res) => {
    res.json({ id: req.claims.sub });
  });
};
`;

function load(source: string): (app: unknown) => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'request-properties-'));
  const file = path.join(dir, 'routes.js');
  writeFileSync(file, source);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

const migrated = migrateSource(SOURCE, 'routes.js', { steps, stepOptions: { adapterModule: path.resolve(__dirname, '../../gateway/adapter') } });
let expressServer: import('node:http').Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';

beforeAll(async () => {
  const app = express();
  load(SOURCE)(app);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));
  fastify = Fastify();
  load(migrated.output)(fastify);
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

test('the middleware is behind the adapter, told to mirror claims; the handler is native', () => {
  expect(migrated.error).toBeUndefined();
  expect(migrated.output).toContain(`fromExpressMiddleware(tokenAuth, { requestProperties: ['user', 'session', 'claims'] })`);
  expect(migrated.output).toContain('request.claims.sub');
});

test.each([
  ['with a token', { 'x-token': 'abc' }],
  ['without a token', {}],
] as const)('GET /me %s answers the same', async (_label, headers) => {
  const [a, b] = await Promise.all([fetch(`${expressBase}/me`, { headers }), fetch(`${fastifyBase}/me`, { headers })]);
  expect([b.status, await b.json()]).toEqual([a.status, await a.json()]);
});
