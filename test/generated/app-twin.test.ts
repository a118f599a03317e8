/**
 * gateway/generated/app.ts, the recipe's output for legacy-app/app.ts, is what a team running the
 * recipe in place gets for its app file: it must load as a Fastify app on its own (no gateway) and
 * answer like legacy-app's Express app. Both are started on 127.0.0.1 and asked the same requests
 * over HTTP: routes on the app, routes of mounted routers (guarded ones too), the 404, the error
 * handler. A difference this test knows of is listed with what each side answers, so the test fails
 * when it is fixed (and the entry should move to SAME) or when it changes.
 */
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { createLegacyApp } from '../../legacy-app/app';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { createLegacyApp as createMigratedApp } from '../../gateway/generated/app';
import { closeServer, listenExpress } from '../support/http';

interface Answer {
  status: number;
  type: string | null;
  requestId: string | null;
  location: string | null;
  body: string;
}

// (Four items each: jest hands a test with fewer arguments than its function takes a done callback.)
const SAME: [string, string, Record<string, string>, string | null][] = [
  ['GET', '/health', {}, null],
  ['GET', '/version', {}, null],
  ['GET', '/api/ping', {}, null],
  ['GET', '/API/Ping/', {}, null],
  ['GET', '/api/config', {}, null],
  ['GET', '/robots.txt', {}, null],
  ['GET', '/api/products', {}, null],
  ['GET', '/api/users', {}, null],
  ['GET', '/admin/stats', {}, null],
  ['GET', '/admin/stats', { authorization: `Bearer ${SEED_TOKENS.alice}` }, null],
  ['GET', '/api/config', { authorization: `Bearer ${SEED_TOKENS.bob}` }, null],
  ['GET', '/api/users/me', { authorization: `Bearer ${SEED_TOKENS.admin}` }, null],
  ['GET', '/api/ping', { 'x-request-id': 'req-77' }, null],
  ['GET', '/nowhere', {}, null],
  ['POST', '/api/echo', { 'content-type': 'application/json' }, '{"hello":"world"}'],
];

/** Known differences: request → [Express's status and body start, the migrated app's]. */
const KNOWN: [string, string, Record<string, string>, string | null, [number, string], [number, string]][] = [
  // The error module tells body-parser's parse error by err.type ('entity.parse.failed'); Fastify's
  // FST_ERR_CTP_INVALID_JSON_BODY has none, so it is a generic 400.
  ['POST', '/api/echo', { 'content-type': 'application/json' }, '{bad', [400, '{"error":{"code":"INVALID_JSON"'], [400, '{"error":{"code":"BAD_REQUEST"']],
  // Same for a body over the limit (bodyLimit 102400 from express.json's '100kb': the status is right).
  ['POST', '/api/echo', { 'content-type': 'application/json' }, JSON.stringify({ big: 'x'.repeat(120 * 1024) }), [413, '{"error":{"code":"PAYLOAD_TOO_LARGE"'], [413, '{"error":{"code":"BAD_REQUEST"']],
  // res.redirect wrote a short body; reply.redirect writes none (the gateway adds it: expressRedirects).
  ['GET', '/', {}, null, [302, 'Found. Redirecting to /docs'], [302, '']],
];

async function ask(base: string, method: string, url: string, headers: Record<string, string>, body: string | null): Promise<Answer> {
  const res = await fetch(base + url, { method, headers, body: body ?? undefined, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type'), requestId: res.headers.get('x-request-id'), location: res.headers.get('location'), body: await res.text() };
}

describe('gateway/generated/app.ts, loaded on its own, answers like legacy-app/app.ts', () => {
  let expressServer: Server;
  let fastify: FastifyInstance;
  let expressBase = '';
  let fastifyBase = '';

  beforeAll(async () => {
    ({ server: expressServer, base: expressBase } = await listenExpress(createLegacyApp()));
    fastify = createMigratedApp();
    fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await fastify?.close();
    await closeServer(expressServer);
  });

  it.each(SAME)('%s %s %j', async (method, url, headers, body) => {
    const [e, f] = await Promise.all([ask(expressBase, method, url, headers, body), ask(fastifyBase, method, url, headers, body)]);
    expect(f).toEqual(e);
  });

  it.each(KNOWN)('known difference: %s %s %j', async (method, url, headers, body, onExpress, onFastify) => {
    const [e, f] = await Promise.all([ask(expressBase, method, url, headers, body), ask(fastifyBase, method, url, headers, body)]);
    expect([e.status, e.body.slice(0, onExpress[1].length)]).toEqual(onExpress);
    expect([f.status, f.body.slice(0, onFastify[1].length)]).toEqual(onFastify);
  });

  it('is a Fastify instance answering from its own routes (not a half-migrated Express app)', async () => {
    expect(fastify.hasRoute({ method: 'GET', url: '/health' })).toBe(true);
    expect(fastify.printRoutes()).toContain('robots.txt');
    expect(await ask(fastifyBase, 'GET', '/nowhere', {}, null)).toMatchObject({ status: 404, body: '{"error":{"code":"NOT_FOUND","message":"Cannot GET /nowhere"}}' });
    // requestContext (a hook now) writes reply.locals, which the app's onRequest hook provides.
    expect(await ask(fastifyBase, 'GET', '/api/ping', { 'x-request-id': 'req-77' }, null)).toMatchObject({ status: 200, requestId: 'req-77', body: 'pong' });
    expect(await ask(fastifyBase, 'GET', '/api/users/me', { authorization: `Bearer ${SEED_TOKENS.admin}` }, null)).toMatchObject({ status: 200 });
  });
});
