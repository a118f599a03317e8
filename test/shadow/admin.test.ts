import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createGateway, type GatewayOptions } from '../../gateway';
import { send } from '../support/http';
import { createShadowLegacyApp, createShadowRoutes, newCalls, type Calls } from './fixture';

const ALICE = 'alice-token-0123456789abcdef';
const BOB = 'bob-token-fedcba9876543210';

async function start(options: Partial<GatewayOptions> = {}): Promise<{ gw: FastifyInstance; base: string; calls: Calls }> {
  const calls = newCalls();
  const gw = createGateway({
    legacyApp: createShadowLegacyApp(calls),
    routes: createShadowRoutes(calls),
    manifest: { 'GET /same': 'shadow' },
    shadow: { diffFile: null },
    ...options,
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  return { gw, base: `http://127.0.0.1:${(gw.server.address() as { port: number }).port}`, calls };
}

const auth = (token: string, actor?: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  ...(actor ? { 'x-migration-actor': actor } : {}),
});

describe('the admin API is off without a token', () => {
  const saved = process.env.MIGRATION_ADMIN_TOKEN;
  beforeAll(() => delete process.env.MIGRATION_ADMIN_TOKEN);
  afterAll(() => {
    if (saved !== undefined) process.env.MIGRATION_ADMIN_TOKEN = saved;
  });

  test('its paths fall through to the legacy app', async () => {
    const { gw, base } = await start();
    try {
      for (const [method, path] of [['GET', '/_migration/routes'], ['PUT', '/_migration/routes'], ['POST', '/_migration/routes/rollback'], ['GET', '/_migration/diffs']]) {
        const res = await send(base, { method, path, headers: auth(ALICE), body: method === 'GET' ? undefined : { '*': 'fastify' } });
        expect([method, path, res.status, res.json()]).toEqual([method, path, 404, { error: 'not_found' }]);
      }
      expect(gw.routeTable.modes.get('GET /items/:id')).toBe('express');
    } finally {
      await gw.close();
    }
  });

  test('a short token is refused at start-up', async () => {
    const gw = createGateway({ legacyApp: createShadowLegacyApp(newCalls()), routes: createShadowRoutes(newCalls()), manifest: {}, admin: { token: 'short' } });
    await expect(gw.ready()).rejects.toThrow(/shorter than 16 characters/);
  });
});

describe('flip and roll back at run time', () => {
  let gw: FastifyInstance;
  let base: string;
  let calls: Calls;
  let auditFile: string;
  beforeAll(async () => {
    auditFile = join(mkdtempSync(join(tmpdir(), 'e2f-audit-')), 'audit.jsonl');
    ({ gw, base, calls } = await start({ admin: { token: `alice:${ALICE},bob:${BOB}`, auditFile } }));
  });
  afterAll(() => gw.close());

  test('no token, a wrong token or another scheme: 401, and nothing changes', async () => {
    for (const headers of [{}, auth('wrong-token-0123456789abcdef'), { authorization: `Basic ${ALICE}` }, { authorization: ALICE }]) {
      for (const [method, path] of [['GET', '/_migration/routes'], ['PUT', '/_migration/routes'], ['POST', '/_migration/routes/rollback'], ['GET', '/_migration/diffs']]) {
        const res = await send(base, { method, path, headers, body: method === 'GET' ? undefined : { '*': 'fastify' } });
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="migration"');
      }
    }
    // The router is case-insensitive, as Express's: the upper-case path is protected too.
    expect((await send(base, { method: 'PUT', path: '/_MIGRATION/Routes', body: { '*': 'fastify' } })).status).toBe(401);
    expect([...gw.routeTable.modes.values()].filter((mode) => mode === 'fastify')).toEqual([]);
  });

  test('reads every route mode', async () => {
    const res = await send(base, { path: '/_migration/routes', headers: auth(ALICE) });
    expect(res.status).toBe(200);
    expect(res.json().routes).toMatchObject({ 'GET /items/:id': 'express', 'GET /same': 'shadow', 'POST /notes': 'express' });
    expect(Object.keys(res.json().routes)).toHaveLength(8);
  });

  test('flips one route without a restart, logging who and when; the next request is served by the new side', async () => {
    expect((await send(base, { path: '/items/3' })).headers['x-powered-by']).toBe('Express');
    const before = Date.now();
    const res = await send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(ALICE, 'deploy bot'), body: { 'get /items/:id': 'fastify' } });
    expect(res.status).toBe(200);
    expect(res.json().routes['GET /items/:id']).toBe('fastify');
    const [change] = res.json().changed;
    expect(change).toMatchObject({ who: 'alice (deploy bot)', ip: '127.0.0.1', action: 'set', route: 'GET /items/:id', from: 'express', to: 'fastify' });
    expect(Date.parse(change.at)).toBeGreaterThanOrEqual(before - 1000);
    expect((await send(base, { path: '/items/3' })).headers['x-powered-by']).toBeUndefined();
    const audit = readFileSync(auditFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(audit.at(-1)).toEqual(change);
  });

  test('a bad entry changes nothing at all', async () => {
    const res = await send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(BOB), body: { 'GET /same': 'fastify', 'GET /nope': 'fastify', 'GET /text': 'sideways' } });
    expect(res.status).toBe(400);
    expect(res.json().message).toMatch(/"GET \/nope" has no Fastify implementation/);
    expect(res.json().message).toMatch(/"GET \/text": mode must be one of express, fastify, shadow/);
    expect(gw.routeTable.modes.get('GET /same')).toBe('shadow');
    expect((await send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(BOB), body: [] })).status).toBe(400);
  });

  test('"*" flips every route; rolling back one route, then all, is one call each', async () => {
    const all = await send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(BOB), body: { '*': 'fastify' } });
    expect(new Set(Object.values(all.json().routes))).toEqual(new Set(['fastify']));
    expect((await send(base, { path: '/text' })).text).toBe('hello from fastify');

    const one = await send(base, { method: 'POST', path: '/_migration/routes/rollback', headers: auth(BOB), body: { route: 'GET /text' } });
    expect(one.json().changed).toEqual([expect.objectContaining({ who: 'bob', action: 'rollback', route: 'GET /text', from: 'fastify', to: 'express' })]);
    expect((await send(base, { path: '/text' })).text).toBe('hello from express');
    expect((await send(base, { path: '/same' })).headers['x-powered-by']).toBeUndefined();

    const rest = await send(base, { method: 'POST', path: '/_migration/routes/rollback', headers: auth(BOB), body: {} });
    expect(rest.json().changed).toHaveLength(7);
    expect(new Set(Object.values(rest.json().routes))).toEqual(new Set(['express']));
    expect((await send(base, { path: '/same' })).headers['x-powered-by']).toBe('Express');
    const log = (await send(base, { path: '/_migration/routes', headers: auth(ALICE) })).json().changes;
    expect(log.at(-1)).toMatchObject({ who: 'bob', action: 'rollback', to: 'express' });
    expect(gw.migrationChanges.length).toBeGreaterThanOrEqual(16);
  });

  test('requests in flight finish on the side they started on', async () => {
    const flip = (mode: string) => send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(ALICE), body: { 'GET /in-flight': mode } });
    // Waits until a handler of that side is running (both sides take 1 s to answer).
    const running = async (side: 'express' | 'fastify', count: number) => {
      while ((calls[side]['in-flight'] ?? 0) < count) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    // Started on Express, flipped to Fastify mid-request.
    const first = send(base, { path: '/in-flight' });
    await running('express', 1);
    expect((await flip('fastify')).status).toBe(200);
    const second = send(base, { path: '/in-flight' });
    await running('fastify', 1);
    // Started on Fastify, rolled back mid-request.
    expect((await send(base, { method: 'POST', path: '/_migration/routes/rollback', headers: auth(ALICE), body: { route: 'GET /in-flight' } })).status).toBe(200);
    const third = send(base, { path: '/in-flight' });
    expect((await first).json()).toEqual({ servedBy: 'express' });
    expect((await second).json()).toEqual({ servedBy: 'fastify' });
    expect((await third).json()).toEqual({ servedBy: 'express' });
    expect([calls.express['in-flight'], calls.fastify['in-flight']]).toEqual([2, 1]);
  });

  test('GET /_migration/diffs: the shadow summary, as JSON or Markdown', async () => {
    await send(base, { method: 'PUT', path: '/_migration/routes', headers: auth(ALICE), body: { 'GET /same': 'shadow' } });
    await send(base, { path: '/same?v=9' });
    await gw.shadow!.idle();
    const json = await send(base, { path: '/_migration/diffs', headers: auth(ALICE) });
    expect(json.status).toBe(200);
    expect(json.json().routes['GET /same'].fields['header.x-version'].example).toMatchObject({ legacy: '1', fastify: '9' });
    const md = await send(base, { path: '/_migration/diffs?format=markdown', headers: auth(BOB) });
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.text).toContain('## `GET /same`');
    expect(md.text).toContain('| `header.x-version` | 1 |');
  });
});
