/**
 * The five benchmark targets serve the same answer for the default endpoint (real Express, real
 * Fastify, real HTTP on 127.0.0.1): a benchmark that compares servers answering differently would
 * measure nothing. No timing here.
 */
import { request } from 'node:http';
import { createLegacyApp } from '../../legacy-app/app';
import { expressChain } from '../adapter-target';
import { TARGETS, type TargetName } from '../lib/args';
import { endpointRequest } from '../lib/endpoints';
import { startTarget, TargetUnavailable, type RunningTarget } from '../targets';
import type { LegacyApp } from '../../gateway/types';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode!, contentType: res.headers['content-type'], body }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('benchmark targets', () => {
  const running: RunningTarget[] = [];
  afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
  });

  const endpoint = endpointRequest('GET /api/users/:id');

  it('every target answers GET /api/users/1 with the legacy app status and body, and 401 without a token', async () => {
    const answers = new Map<TargetName, Answer>();
    const anonymous = new Map<TargetName, number>();
    for (const target of TARGETS) {
      const server = await startTarget(target, { endpoint: endpoint.key, routesModule: 'gateway/generated', port: 0 });
      running.push(server);
      answers.set(target, await get(server.port, endpoint.path, endpoint.headers));
      anonymous.set(target, (await get(server.port, endpoint.path, {})).status);
    }
    const legacy = answers.get('legacy')!;
    expect(legacy.status).toBe(200);
    expect(JSON.parse(legacy.body)).toMatchObject({ id: 1 });
    for (const target of TARGETS) {
      const answer = answers.get(target)!;
      expect({ target, status: answer.status, body: JSON.parse(answer.body) }).toEqual({ target, status: 200, body: JSON.parse(legacy.body) });
      expect(anonymous.get(target)).toBe(401);
    }
  });

  it('refuses to build migrated and fastify-bare for a route without a Fastify version, saying so', async () => {
    const missing = 'GET /api/orders/:id';
    const routesModule = 'benchmarks/__tests__/fixtures/one-route';
    await expect(startTarget('migrated', { endpoint: missing, routesModule, port: 0 })).rejects.toThrow(TargetUnavailable);
    await expect(startTarget('fastify-bare', { endpoint: missing, routesModule, port: 0 })).rejects.toThrow(
      /GET \/api\/orders\/:id has no Fastify implementation in benchmarks\/__tests__\/fixtures\/one-route/,
    );
    // The same route where it has a Fastify version: built.
    const built = await startTarget('fastify-bare', { endpoint: 'GET /api/users/:id', routesModule, port: 0 });
    await built.close();
    await expect(startTarget('fallback', { endpoint: missing, routesModule: 'gateway/nope', port: 0 })).rejects.toThrow(
      /cannot load the migrated routes module gateway\/nope/,
    );
  });
});

describe('expressChain (what the adapter target runs)', () => {
  const app = createLegacyApp() as unknown as LegacyApp;

  it('collects the app middlewares, the router middleware, the param callback and the handler, in Express order', () => {
    const chain = expressChain(app, 'GET', '/api/users/1');
    expect(chain.prefix).toBe('/api/users');
    expect(chain.routePath).toBe('/:id');
    expect(chain.handler.name).toBe('getUser');
    const names = chain.middlewares.map((fn) => fn.name);
    // requestContext, json, urlencoded, cookieParser, authenticate, then requireAuth, then the param callback
    expect(names.slice(0, 1)).toEqual(['requestContext']);
    expect(names).toContain('authenticate');
    expect(names.indexOf('requireAuth')).toBeGreaterThan(names.indexOf('authenticate'));
    expect(chain.middlewares).toHaveLength(7);
    expect(chain.errorHandlers).toHaveLength(1);
  });

  it('takes the route that Express would take (/me before /:id) and a route on the app itself', () => {
    expect(expressChain(app, 'GET', '/api/users/me').handler.name).toBe('getMe');
    const ping = expressChain(app, 'GET', '/api/ping');
    expect(ping).toMatchObject({ prefix: '', routePath: '/api/ping' });
    expect(ping.handler.name).toBe('ping');
    expect(() => expressChain(app, 'GET', '/nowhere/at/all')).toThrow(/no route for GET \/nowhere/);
  });
});
