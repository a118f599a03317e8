/**
 * A Router module's inline handler that hands req and res to another module's callback API (as
 * multer's `upload.single('x')(req, res, cb)` is used), and otherwise uses only members Express and
 * Fastify share (`res.status(...).send(...)`). router-module-to-fastify-plugin puts it on the
 * plugin's `fastify` before escaping-handler-to-adapter runs; it must still go behind the adapter.
 * Whole recipe, then real Express 5 and real Fastify 5 over HTTP.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { migrateSource } from '../recipe';
import { steps } from '../steps';
import { closeServer, listenExpress } from '../../test/support/http';

// Stands in for a package: Express API on both objects, answers through the callback.
const STAMP = `
module.exports = function stamp(req, res, cb) {
  const name = req.get('x-name');
  if (!name) return cb(new Error('x-name missing'));
  res.set('x-stamped', name.toUpperCase());
  cb(null);
};
`;

const ROUTER = `
const express = require('express');
const stamp = require('./stamp');

const router = express.Router();

router.post('/', (req, res) => {
  stamp(req, res, function (err) {
    if (err) return res.status(400).send({ error: err.message });
    res.status(201).send({ ok: true });
  });
});

module.exports = router;
`;

const migrated = migrateSource(ROUTER, 'uploads.js', { steps, stepOptions: { adapterModule: path.resolve(__dirname, '../../gateway/adapter') } });

function load(source: string): unknown {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'escaping-router-'));
  writeFileSync(path.join(dir, 'stamp.js'), STAMP);
  // The temporary folder is outside the project: point the Express original at this project's express.
  writeFileSync(path.join(dir, 'uploads.js'), source.replace(`require('express')`, `require(${JSON.stringify(require.resolve('express'))})`));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'uploads.js'));
}

let expressServer: import('node:http').Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';

beforeAll(async () => {
  const app = express();
  app.use('/uploads', load(ROUTER) as express.Router);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));
  fastify = Fastify();
  await fastify.register(load(migrated.output) as Parameters<FastifyInstance['register']>[0], { prefix: '/uploads' });
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

test('the handler is a plugin route behind the adapter, reported so', () => {
  expect(migrated.error).toBeUndefined();
  expect(migrated.output).toMatch(/fastify\.post\('\/', fromExpressHandler\(\(req, res\) => \{/);
  expect(migrated.routes.map((r) => `${r.method} ${r.path} ${r.outcome}`)).toEqual(['POST / adapter']);
});

test.each([
  ['with a name', { 'x-name': 'report.pdf' }],
  ['without one', {}],
] as const)('POST /uploads %s answers the same', async (_label, headers) => {
  const ask = async (base: string) => {
    const res = await fetch(`${base}/uploads`, { method: 'POST', headers });
    return { status: res.status, stamped: res.headers.get('x-stamped'), body: await res.json() };
  };
  const [a, b] = await Promise.all([ask(expressBase), ask(fastifyBase)]);
  expect(b).toEqual(a);
});
