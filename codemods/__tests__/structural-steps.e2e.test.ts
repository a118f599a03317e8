/**
 * The structural steps end to end, over real parts: an Express 5 router module is migrated by
 * express-route-to-fastify-route, express-path-to-find-my-way, handler-signature-to-request-reply
 * and router-module-to-fastify-plugin (one parse, every step, one print, as the recipe does), the
 * output is loaded as a module and registered in Fastify 5 under the prefix Express mounted it at,
 * and the same requests must get the same status, body and headers from both, over HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import Fastify from 'fastify';
import jscodeshift from 'jscodeshift';
import { step as routeStep } from '../express-route-to-fastify-route';
import { step as pathStep } from '../express-path-to-find-my-way';
import { step as signatureStep } from '../handler-signature-to-request-reply';
import { step as pluginStep } from '../router-module-to-fastify-plugin';
import { FileReport, parserFor, TODO_MARKER } from '../lib/step';
import { closeServer, listenExpress } from '../../test/support/http';

const ADAPTER = resolve(__dirname, '../../gateway/adapter');

const ROUTER_MODULE = `'use strict';
const express = require('express');

// Express middleware: stays Express, behind the adapter.
function tag(req, res, next) {
  res.set('x-tag', 'mw');
  next();
}

const router = express.Router();

router.get('/files/*splat', (req, res) => {
  res.send({ segments: req.params.splat });
});

router.get('/users{/:id}', (r, s) => s.send({ id: r.params.id ?? null }));

router
  .route('/items/:itemId')
  .get(tag, (req, res) => res.status(200).send({ item: req.params.itemId }))
  .delete((req, res, next) => res.status(204).send());

// (A string would be text/html from Express, text/plain from Fastify: res-json-to-reply-send's business.)
router.all('/ping', tag, (req, res) => res.send({ pong: req.method }));

module.exports = router;
`;

function migrate(source: string, path: string): { output: string; report: FileReport } {
  const j = jscodeshift.withParser(parserFor(path));
  const root = j(source);
  const report = new FileReport(path);
  for (const step of [routeStep, pathStep, signatureStep, pluginStep]) {
    step.run({ j, root, file: { path, source }, report, options: { stepName: step.name, adapterModule: ADAPTER } });
  }
  return { output: root.toSource({ quote: 'single' }), report };
}

describe('structural steps, end to end: Express router module → Fastify plugin', () => {
  let dir: string;
  let expressBase: string;
  let fastifyBase: string;
  let closeExpress: () => Promise<void>;
  let fastify: ReturnType<typeof Fastify>;
  let migrated: { output: string; report: FileReport };

  beforeAll(async () => {
    // Inside the project so that the modules resolve 'express' and the adapter; removed afterwards.
    dir = mkdtempSync(join(__dirname, '.e2e-'));
    const legacyFile = join(dir, 'legacy-users.routes.js');
    writeFileSync(legacyFile, ROUTER_MODULE);
    migrated = migrate(ROUTER_MODULE, join(dir, 'users.routes.js'));
    const migratedFile = join(dir, 'users.routes.js');
    writeFileSync(migratedFile, migrated.output);

    const app = express();
    app.use('/api/users', require(legacyFile));
    const listening = await listenExpress(app);
    expressBase = listening.base;
    closeExpress = () => closeServer(listening.server);

    fastify = Fastify();
    await fastify.register(require(migratedFile), { prefix: '/api/users' });
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeExpress?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces a plugin module with no marker left', () => {
    const out = migrated.output;
    expect(out).toContain('async function usersRoutes(fastify)');
    expect(out).toContain('module.exports = usersRoutes;');
    expect(out).toContain("fastify.get('/files/*', (request, reply) => {");
    expect(out).toContain("request.params['*'].split('/')");
    expect(out).toContain("fastify.get('/users/:id?', (request, reply) =>");
    expect(out).toContain('{ preHandler: [fromExpressMiddleware(tag)] }');
    expect(out).not.toContain("require('express')");
    expect(out).not.toContain(TODO_MARKER);
  });

  it('is idempotent: the four steps on their own output change nothing', () => {
    expect(migrate(migrated.output, join(dir, 'users.routes.js')).output).toBe(migrated.output);
  });

  it('reports every route with its outcome', () => {
    const routes = migrated.report.routes.map((r) => [r.method, r.path, r.outcome]);
    expect(routes).toEqual([
      ['GET', '/files/*splat', 'native'],
      ['GET', '/users{/:id}', 'native'],
      ['GET', '/items/:itemId', 'adapter'],
      ['DELETE', '/items/:itemId', 'native'],
      ['ALL', '/ping', 'adapter'],
    ]);
  });

  const requests: [string, string][] = [
    ['GET', '/api/users/files/a'],
    ['GET', '/api/users/files/a/b/c.txt'],
    ['GET', '/api/users/users'],
    ['GET', '/api/users/users/42'],
    ['GET', '/api/users/items/7'],
    ['DELETE', '/api/users/items/7'],
    ['POST', '/api/users/ping'],
    ['GET', '/api/users/ping'],
    ['GET', '/api/users/nothing-here'],
  ];
  it.each(requests)('%s %s answers the same from Express and from the migrated plugin', async (method, url) => {
    const [e, f] = await Promise.all(
      [expressBase, fastifyBase].map(async (base) => {
        const res = await fetch(base + url, { method });
        return { status: res.status, body: await res.text(), type: res.headers.get('content-type'), tag: res.headers.get('x-tag') };
      }),
    );
    if (e.status === 404) {
      // Both 404; the bodies differ by framework (HTML vs JSON), which is the gateway's business.
      expect(f.status).toBe(404);
      return;
    }
    expect(f).toEqual(e);
  });
});
