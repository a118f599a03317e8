import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createGateway, type Manifest } from '../../gateway';
import { parseDiffFile, summariseRecords, toMarkdown, type ShadowOptions } from '../../gateway/shadow';
import { send } from '../support/http';
import { createShadowLegacyApp, createShadowRoutes, newCalls, type Calls } from './fixture';

const ALL_SHADOW: Manifest = {
  'GET /items/:id': 'shadow',
  'GET /same': 'shadow',
  'GET /text': 'shadow',
  'GET /slow': 'shadow',
  'GET /boom': 'shadow',
  'POST /notes': 'shadow',
  'POST /counter': 'shadow',
};

interface Started {
  gw: FastifyInstance;
  base: string;
  calls: Calls;
  diffFile: string;
}

async function start(shadow: ShadowOptions = {}, manifest: Manifest = ALL_SHADOW): Promise<Started> {
  const calls = newCalls();
  const diffFile = join(mkdtempSync(join(tmpdir(), 'e2f-shadow-')), 'diffs.jsonl');
  const gw = createGateway({
    legacyApp: createShadowLegacyApp(calls),
    routes: createShadowRoutes(calls),
    manifest,
    shadow: { diffFile, ...shadow },
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gw.server.address() as { port: number };
  return { gw, base: `http://127.0.0.1:${port}`, calls, diffFile };
}

describe('shadow mode over real HTTP', () => {
  let s: Started;
  beforeAll(async () => {
    s = await start({ routes: { 'GET /items/:id': { ignoreJsonPaths: ['$.meta.requestId'] }, 'POST /notes': { unsafe: true } } });
  });
  afterAll(() => s.gw.close());

  test('the user gets the Express answer; the Fastify twin runs on a copy and its differences are found, grouped by field', async () => {
    const ok = await send(s.base, { path: '/items/7' });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-powered-by']).toBe('Express');
    const bad = await send(s.base, { path: '/items/13?x=1' });
    expect(bad.json()).toMatchObject({ name: 'Item 13', tags: ['a', 'b'] });
    await s.gw.shadow!.idle();

    // Express ran twice per request (the user's run and the noise run), Fastify once.
    expect(s.calls.express.items).toBe(4);
    expect(s.calls.fastify.items).toBe(2);
    const route = s.gw.shadow!.summary().routes['GET /items/:id'];
    expect(route.compared).toBe(2);
    expect(route.withDifferences).toBe(1);
    // content-length too (one tag fewer), but not for /items/7, whose bodies differ only in noise.
    expect(Object.keys(route.fields).sort()).toEqual(['body.name', 'body.tags[*]', 'header.content-length']);
    expect(route.fields['body.name'].example).toEqual({ url: '/items/13?x=1', legacy: 'Item 13', fastify: 'ITEM 13' });
    expect(route.fields['body.tags[*]'].example).toEqual({ url: '/items/13?x=1', legacy: 'b', fastify: '(missing)' });
    // generatedAt differs between two Express runs: learnt as noise, never reported.
    expect(route.noise).toContain('body.generatedAt');
    expect(route.fields['body.generatedAt']).toBeUndefined();
    // meta.requestId is on the route's ignore list.
    expect(route.fields['body.meta.requestId']).toBeUndefined();

    const { records, badLines } = parseDiffFile(readFileSync(s.diffFile, 'utf8'));
    expect(badLines).toBe(0);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ route: 'GET /items/:id', method: 'GET', url: '/items/13?x=1', status: { legacy: 200, fastify: 200 } });
    expect(records[0].differences.map((d) => d.field)).toEqual(['body.name', 'body.tags[1]', 'header.content-length']);
    const markdown = toMarkdown(summariseRecords(records));
    expect(markdown).toContain('## `GET /items/:id`');
    expect(markdown).toMatch(/\| `body\.name` \| 1 \| `\/items\/13\?x=1` \| `Item 13` \| `ITEM 13` \|/);
  });

  test('equal answers give no difference; status, headers and non-JSON bodies are compared', async () => {
    await send(s.base, { path: '/same' });
    await send(s.base, { path: '/same?v=2' });
    const head = await send(s.base, { method: 'HEAD', path: '/same' });
    expect([head.status, head.body.length]).toEqual([200, 0]);
    await send(s.base, { path: '/text' });
    await s.gw.shadow!.idle();
    const { routes } = s.gw.shadow!.summary();
    // HEAD follows its GET's mode and is shadowed as a safe method.
    expect(routes['GET /same']).toMatchObject({ compared: 3, withDifferences: 1 });
    // Only the header: date, etag, x-powered-by and content-length (equal bodies) are ignored by default.
    expect(Object.keys(routes['GET /same'].fields)).toEqual(['header.x-version']);
    expect(routes['GET /same'].fields['header.x-version'].example).toMatchObject({ legacy: '1', fastify: '2' });
    expect(routes['GET /text'].fields.body.example).toMatchObject({ legacy: 'hello from express', fastify: 'hello from fastify' });
  });

  test('the user never waits for the shadow and never sees its errors', async () => {
    const started = Date.now();
    const slow = await send(s.base, { path: '/slow' });
    // The Fastify twin takes 1.5 s: the answer came before its comparison could have been made.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(s.gw.shadow!.summary().routes['GET /slow']).toBeUndefined();
    expect(slow.json()).toEqual({ ok: true });
    const boom = await send(s.base, { path: '/boom' });
    expect(boom.status).toBe(200);
    expect(boom.json()).toEqual({ ok: true });
    await s.gw.shadow!.idle();
    expect(s.calls.fastify.slow).toBe(1);
    const { routes } = s.gw.shadow!.summary();
    expect(routes['GET /boom'].fields.status.example).toMatchObject({ legacy: 200, fastify: 500 });
    expect(routes['GET /slow'].withDifferences).toBe(0);
  });

  test('unsafe methods are not shadowed unless the route opts in', async () => {
    const res = await send(s.base, { method: 'POST', path: '/counter' });
    expect(res.json()).toEqual({ n: 1 });
    await s.gw.shadow!.idle();
    expect(s.calls.express.counter).toBe(1);
    expect(s.calls.fastify.counter).toBeUndefined();
    expect(s.gw.shadow!.summary().totals.skipped['unsafe method']).toBeGreaterThanOrEqual(1);
  });

  test('an opted-in POST: its body reaches both sides, the legacy side runs once and the database is written once', async () => {
    const res = await send(s.base, { method: 'POST', path: '/notes', body: { text: 'ünï ✓' } });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ created: { text: 'ünï ✓' } });
    await s.gw.shadow!.idle();
    expect(s.calls.express.notes).toBe(1);
    expect(s.calls.fastify.notes).toBe(1);
    expect(s.calls.notes).toEqual([{ text: 'ünï ✓', by: 'express' }]);
    // Had the copy lost its body, Fastify would have answered { text: null }: a difference.
    expect(s.gw.shadow!.summary().routes['POST /notes']).toMatchObject({ compared: 1, withDifferences: 0 });
  });

  test('an outsider cannot force a side with the marker header', async () => {
    for (const value of ['1', 'true', 'x'.repeat(64)]) {
      const res = await send(s.base, { path: '/items/5', headers: { 'x-migration-shadow-copy': value } });
      expect(res.headers['x-powered-by']).toBe('Express');
    }
    s.gw.setRouteMode('GET /items/:id', 'express');
    try {
      const before = s.calls.fastify.items;
      const res = await send(s.base, { path: '/items/5', headers: { 'x-migration-shadow-copy': 'guess' } });
      expect(res.headers['x-powered-by']).toBe('Express');
      expect(s.calls.fastify.items).toBe(before);
    } finally {
      s.gw.setRouteMode('GET /items/:id', 'shadow');
    }
    await s.gw.shadow!.idle();
  });
});

describe('shadow settings', () => {
  test('sampling: 0% shadows nothing, 100% everything, a percentage follows the random source', async () => {
    let next = 0;
    const draws = [0.1, 0.9, 0.2, 0.8];
    const s = await start({ random: () => draws[next++ % draws.length], routes: { 'GET /same': { sample: 0 }, 'GET /text': { sample: 50 } } });
    try {
      for (let i = 0; i < 3; i += 1) await send(s.base, { path: '/same' });
      for (let i = 0; i < 4; i += 1) await send(s.base, { path: '/text' });
      await s.gw.shadow!.idle();
      expect(s.calls.fastify.same).toBeUndefined();
      expect(s.calls.fastify.text).toBe(2); // draws 0.1 and 0.2 fall under 50%
      expect(s.gw.shadow!.summary().totals.skipped['not sampled']).toBe(5);
    } finally {
      await s.gw.close();
    }
  });

  test('a shadow call slower than the timeout is counted, and the user is unaffected', async () => {
    const s = await start({ timeoutMs: 200 });
    try {
      const res = await send(s.base, { path: '/slow' });
      expect(res.status).toBe(200);
      await s.gw.shadow!.idle();
      expect(s.gw.shadow!.summary().totals.timeouts).toBe(1);
      expect(s.gw.shadow!.summary().routes['GET /slow']).toBeUndefined();
    } finally {
      await s.gw.close();
    }
  });

  test('noise learning can be switched off, per route or everywhere, and header ignore lists are configurable', async () => {
    const perRoute = await start({ routes: { 'GET /same': { learnNoise: false } } });
    try {
      await send(perRoute.base, { path: '/same' });
      await send(perRoute.base, { path: '/items/1' });
      await perRoute.gw.shadow!.idle();
      expect(perRoute.calls.express.same).toBe(1);
      expect(perRoute.calls.express.items).toBe(2);
    } finally {
      await perRoute.gw.close();
    }
    const s = await start({ learnNoise: false, ignoreHeaders: ['date', 'etag', 'x-powered-by', 'connection', 'keep-alive', 'transfer-encoding', 'x-version'] });
    try {
      await send(s.base, { path: '/items/1' });
      await send(s.base, { path: '/same?v=2' });
      await s.gw.shadow!.idle();
      expect(s.calls.express.items).toBe(1); // no second legacy run
      const { routes } = s.gw.shadow!.summary();
      // Without noise learning, the clock and the request id are reported.
      expect(Object.keys(routes['GET /items/:id'].fields).sort()).toEqual(['body.generatedAt', 'body.meta.requestId']);
      expect(routes['GET /same'].withDifferences).toBe(0);
    } finally {
      await s.gw.close();
    }
  });

  test('routes in express or fastify mode are never shadowed; with shadow off, shadow routes are Express alone', async () => {
    const s = await start({}, { 'GET /same': 'fastify', 'GET /text': 'express' });
    try {
      expect((await send(s.base, { path: '/same' })).headers['x-powered-by']).toBeUndefined();
      expect((await send(s.base, { path: '/text' })).text).toBe('hello from express');
      await s.gw.shadow!.idle();
      expect(s.gw.shadow!.summary().totals.compared).toBe(0);
      expect(s.calls.fastify.text).toBeUndefined();
      expect(existsSync(s.diffFile)).toBe(false);
    } finally {
      await s.gw.close();
    }
    const calls = newCalls();
    const off = createGateway({ legacyApp: createShadowLegacyApp(calls), routes: createShadowRoutes(calls), manifest: ALL_SHADOW, shadow: false });
    try {
      await off.listen({ port: 0, host: '127.0.0.1' });
      const res = await send(`http://127.0.0.1:${(off.server.address() as { port: number }).port}`, { path: '/text' });
      expect(res.text).toBe('hello from express');
      expect(off.shadow).toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(calls.fastify.text).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
