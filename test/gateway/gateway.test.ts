import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { createGateway, ManifestError } from '../../gateway';
import { listen, send } from '../support/http';
import { createFixtureExpressApp, fixtureRoutes } from './fixture-app';

const IGNORED_HEADERS = new Set(['date', 'connection', 'keep-alive']);

async function startGateway(options: Partial<Parameters<typeof createGateway>[0]> = {}): Promise<{ gw: FastifyInstance; base: string }> {
  const gw = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, manifest: {}, ...options });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gw.server.address() as { port: number };
  return { gw, base: `http://127.0.0.1:${port}` };
}

describe('gateway routing', () => {
  let gw: FastifyInstance;
  let base: string;
  beforeAll(async () => ({ gw, base } = await startGateway({ manifest: { 'GET /items/:id': 'fastify' } })));
  afterAll(() => gw.close());

  test('a migrated route in fastify mode wins over the Express route on the same path', async () => {
    const res = await send(base, { path: '/items/7' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ servedBy: 'fastify', id: '7' });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test("a flipped parametric route does not capture an Express route's static sibling", async () => {
    const res = await send(base, { path: '/items/special' });
    expect(res.json()).toEqual({ servedBy: 'express', special: true });
    expect((await send(base, { path: '/ITEMS/special/' })).json()).toEqual({ servedBy: 'express', special: true });
  });

  test('HEAD of a flipped GET is answered by Fastify too', async () => {
    const res = await send(base, { method: 'HEAD', path: '/items/7' });
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('a migrated route in express mode is served by Express, body intact', async () => {
    const res = await send(base, { method: 'POST', path: '/native-post', body: { a: [1, 2, { b: 'ü' }] } });
    expect(res.status).toBe(201);
    expect(res.json()).toEqual({ servedBy: 'express', body: { a: [1, 2, { b: 'ü' }] } });
  });

  test('flipping at run time changes one route and nothing else', async () => {
    gw.setRouteMode('POST /native-post', 'fastify');
    try {
      const flipped = await send(base, { method: 'POST', path: '/native-post', body: { x: 1 } });
      expect(flipped.json()).toEqual({ servedBy: 'fastify', body: { x: 1 } });
      expect((await send(base, { path: '/items/8' })).json()).toEqual({ servedBy: 'fastify', id: '8' });
      gw.setRouteMode('GET /items/:id', 'express');
      expect((await send(base, { path: '/items/8' })).json()).toEqual({ servedBy: 'express', id: '8' });
    } finally {
      gw.setRouteMode('POST /native-post', 'express');
      gw.setRouteMode('GET /items/:id', 'fastify');
    }
    expect(() => gw.setRouteMode('GET /nope', 'fastify')).toThrow(/no Fastify implementation/);
  });

  test('a native Fastify POST does not hang behind an app-level express.json()', async () => {
    gw.setRouteMode('POST /native-post', 'fastify');
    try {
      const res = await send(base, { method: 'POST', path: '/native-post', body: { fast: true } });
      expect(res.status).toBe(201);
      expect(res.json()).toEqual({ servedBy: 'fastify', body: { fast: true } });
    } finally {
      gw.setRouteMode('POST /native-post', 'express');
    }
  });

  test('GET /healthz lists which side serves each migrated route', async () => {
    const res = await send(base, { path: '/healthz' });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.routes).toEqual({ 'GET /items/:id': 'fastify', 'POST /native-post': 'express' });
    expect(body.servedBy.fastify).toEqual(['GET /items/:id']);
    expect(body.adapterDebt).toEqual({ count: 0, routes: [] });
  });

  test('unknown routes reach the legacy 404 handler', async () => {
    const res = await send(base, { path: '/no/such/route' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found' });
    expect(res.headers['x-powered-by']).toBe('Express');
  });
});

describe('bodies reach Express intact through the fallback', () => {
  let gw: FastifyInstance;
  let base: string;
  beforeAll(async () => ({ gw, base } = await startGateway()));
  afterAll(() => gw.close());

  test('JSON', async () => {
    const res = await send(base, { method: 'POST', path: '/echo', body: { n: 1, s: 'ünï', nested: { ok: true } } });
    expect(res.json()).toEqual({ contentType: 'application/json', body: { n: 1, s: 'ünï', nested: { ok: true } } });
  });

  test('urlencoded', async () => {
    const res = await send(base, {
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada+Lovelace&lang=%C3%A9',
    });
    expect(res.json().body).toEqual({ name: 'Ada Lovelace', lang: 'é' });
  });

  test('text and raw octet-stream', async () => {
    const text = await send(base, { method: 'POST', path: '/echo', headers: { 'content-type': 'text/plain' }, body: 'plain words' });
    expect(text.json().body).toBe('plain words');
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const raw = await send(base, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(Buffer.from(raw.json().body.base64, 'base64')).toEqual(bytes);
  });

  test('multipart with a file', async () => {
    const boundary = '----e2fboundary';
    const file = Buffer.alloc(200_000, 'x');
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nreport\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await send(base, { method: 'POST', path: '/upload', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      fields: { title: 'report' },
      file: { name: 'a.bin', size: 200_000, sha256: createHash('sha256').update(file).digest('hex') },
    });
  });

  test.each([
    ['a content type no parser knows', { 'content-type': 'application/x-custom-thing' }],
    ['no content type', {}],
    ['chunked transfer encoding', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }],
  ])('raw bytes with %s', async (_name, headers: Record<string, string>) => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const res = await send(base, { method: 'POST', path: '/raw-hash', headers, body: bytes });
    expect(res.json()).toEqual({
      length: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      contentType: headers['content-type'] ?? null,
    });
  });

  test('Express keeps its own limits and errors: 413 over 100kb, 400 on malformed JSON', async () => {
    const big = await send(base, { method: 'POST', path: '/echo', body: { pad: 'x'.repeat(150_000) } });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({ error: 'entity.too.large' });
    const bad = await send(base, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toEqual({ error: 'entity.parse.failed' });
  });
});

describe('responses come back byte for byte', () => {
  let gw: FastifyInstance;
  let gwBase: string;
  let legacy: Server;
  let legacyBase: string;
  beforeAll(async () => {
    ({ gw, base: gwBase } = await startGateway());
    legacy = createServer(createFixtureExpressApp());
    legacyBase = await listen(legacy);
  });
  afterAll(async () => {
    await gw.close();
    await new Promise((r) => legacy.close(r));
  });

  const cases: Array<[string, Parameters<typeof send>[1]]> = [
    ['ETag on a string body', { path: '/etag' }],
    ['304 Not Modified', { path: '/etag', headers: { 'if-none-match': 'W/"11-KAWzbnVyqvnUTIMaH1iy20r5ubs"' } }],
    ['several cookies and a custom header', { path: '/cookies' }],
    ['a streamed 1 MiB body', { path: '/stream' }],
    ['a redirect', { path: '/redirect' }],
    ['HEAD', { method: 'HEAD', path: '/etag' }],
    ['an unknown route', { path: '/nothing/here' }],
  ];

  test.each(cases)('%s', async (_name, request) => {
    const [a, b] = await Promise.all([send(legacyBase, request), send(gwBase, request)]);
    const strip = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).filter(([k]) => !IGNORED_HEADERS.has(k)));
    expect(b.status).toBe(a.status);
    expect(strip(b.headers)).toEqual(strip(a.headers));
    expect(b.body.equals(a.body)).toBe(true);
  });

  test('the 304 case really is a 304', async () => {
    const first = await send(gwBase, { path: '/etag' });
    const again = await send(gwBase, { path: '/etag', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
  });
});

describe('manifest errors are clear at start-up', () => {
  test('an entry that names no known route', async () => {
    const gw = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, manifest: { 'GET /typo/:id': 'fastify' } });
    await expect(gw.ready()).rejects.toThrow(/"GET \/typo\/:id" names no known route/);
    await gw.close();
  });

  test('an Express-only route set to fastify', async () => {
    const gw = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, manifest: { 'GET /etag': 'fastify' } });
    await expect(gw.ready()).rejects.toThrow(/"GET \/etag" is set to fastify but has no Fastify implementation/);
    await gw.close();
  });

  test('a bad mode and a bad key', () => {
    expect(() => createGateway({ legacyApp: createFixtureExpressApp(), manifest: { 'GET /etag': 'maybe' as never } })).toThrow(ManifestError);
    expect(() => createGateway({ legacyApp: createFixtureExpressApp(), manifest: { '/etag': 'express' } })).toThrow(/METHOD \/path/);
  });

  test('MIGRATED_ROUTES: all, none and a list', async () => {
    for (const [value, expected] of [
      ['all', { 'GET /items/:id': 'fastify', 'POST /native-post': 'fastify' }],
      ['none', { 'GET /items/:id': 'express', 'POST /native-post': 'express' }],
      ['post /native-post', { 'GET /items/:id': 'express', 'POST /native-post': 'fastify' }],
    ] as const) {
      const gw = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, manifest: { 'GET /items/:id': 'fastify' }, migratedRoutes: value });
      await gw.ready();
      expect(Object.fromEntries(gw.routeTable.modes)).toEqual(expected);
      await gw.close();
    }
    const bad = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, migratedRoutes: 'GET /etag' });
    await expect(bad.ready()).rejects.toThrow(/MIGRATED_ROUTES names "GET \/etag"/);
    await bad.close();
  });
});
