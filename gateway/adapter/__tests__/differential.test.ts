/**
 * Each case from cases.ts, once on Express and once through the adapter on Fastify, over real HTTP
 * on 127.0.0.1: status, headers (minus IGNORED_HEADERS) and body bytes must be equal.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { cases } from './cases';
import { buildExpress, buildFastify, comparable, listen, request, IGNORED_HEADERS } from './differential';

let expressServer: http.Server;
let fastify: FastifyInstance;
let expressBase: string;
let fastifyBase: string;

beforeAll(async () => {
  expressServer = http.createServer(buildExpress(cases));
  expressBase = await listen(expressServer);
  fastify = await buildFastify(cases);
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify.close();
  expressServer.closeAllConnections();
  await new Promise<void>((resolve) => expressServer.close(() => resolve()));
});

test('the table has at least 60 cases and documents its ignore list', () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
  expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  expect([...IGNORED_HEADERS].sort()).toEqual(['connection', 'date', 'keep-alive', 'x-powered-by']);
});

describe.each(cases.map((c, i) => [c.name, c, i] as const))('%s', (_name, c, i) => {
  test('Express and the adapter answer the same bytes', async () => {
    const path = `/c${i}${c.path ?? c.route ?? '/'}`;
    const [fromExpress, fromAdapter] = await Promise.all([request(expressBase, c, path), request(fastifyBase, c, path)]);
    if (c.status !== undefined) expect(fromExpress.status).toBe(c.status);
    expect(comparable(fromAdapter)).toEqual(comparable(fromExpress));
  });
});
