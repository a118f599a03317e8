/**
 * Why the gateway hands Express only the requests no Fastify route serves, instead of mounting it
 * with @fastify/middie or @fastify/express: the candidates, measured on the same Express app.
 * Speed figures are in ../../shared/FINDINGS.md and the README; these are the behaviours.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import middie from '@fastify/middie';
import fastifyExpress from '@fastify/express';
import { createGateway } from '../../gateway';
import { send } from '../support/http';
import { createFixtureExpressApp, fixtureRoutes } from './fixture-app';

type Mount = 'middie' | '@fastify/express' | 'not-found fallback';

async function mount(kind: Mount): Promise<{ app: FastifyInstance; base: string }> {
  let app: FastifyInstance;
  if (kind === 'not-found fallback') {
    app = createGateway({ legacyApp: createFixtureExpressApp(), routes: fixtureRoutes, migratedRoutes: 'all', manifest: {} });
  } else {
    app = Fastify();
    await app.register(kind === 'middie' ? middie : fastifyExpress);
    app.use(createFixtureExpressApp() as never);
    for (const module of fixtureRoutes.modules) await app.register(module.plugin, { prefix: module.prefix });
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

const candidates: Mount[] = ['middie', '@fastify/express', 'not-found fallback'];

describe.each(candidates)('Express mounted with %s', (kind) => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => ({ app, base } = await mount(kind)));
  afterAll(() => app.close());

  test('who answers a path that both Express and a migrated Fastify route serve', async () => {
    const res = await send(base, { path: '/items/1' });
    // middie and @fastify/express run Express in onRequest: the Express route shadows the migrated one.
    expect(res.json().servedBy).toBe(kind === 'not-found fallback' ? 'fastify' : 'express');
  });

  test('Express keeps its ETag and 304 answers', async () => {
    const first = await send(base, { path: '/etag' });
    if (kind === '@fastify/express') {
      // @fastify/express replaces res.send: no ETag, so no 304 either.
      expect(first.headers.etag).toBeUndefined();
      return;
    }
    expect(first.headers.etag).toBeDefined();
    const again = await send(base, { path: '/etag', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.status).toBe(304);
  });

  test('a JSON body reaches an Express-only route', async () => {
    const res = await send(base, { method: 'POST', path: '/echo', body: { kept: true } });
    expect(res.json().body).toEqual({ kept: true });
  });
});
