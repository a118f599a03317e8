/**
 * gateway/express-compat.ts, the runtime the generated entry maps Express's built-ins onto: the same
 * requests to a tiny Express 5 app and to Fastify 5 with the compat plugins, over real HTTP on
 * 127.0.0.1, must get the same status, content type and body.
 */
import type { Server } from 'node:http';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { expressJson, expressLocals, expressRedirects, expressUrlencoded, hook } from '../../gateway/express-compat';
import { closeServer, listenExpress } from '../support/http';

interface Answer {
  status: number;
  type: string | null;
  vary: string | null;
  body: string;
}

async function ask(base: string, method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<Answer & { location: string | null }> {
  const r = await fetch(base + url, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'), vary: r.headers.get('vary'), location: r.headers.get('location'), body: await r.text() };
}

let expressServer: Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.seen = 'yes';
    next();
  });
  app.use(express.json({ limit: '1kb' }));
  app.use(express.urlencoded({ extended: false, limit: '1kb' }));
  app.post('/echo', (req, res) => {
    res.json({ body: req.body ?? null, type: req.get('content-type') ?? null, seen: res.locals.seen });
  });
  app.get('/go', (_req, res) => res.redirect(301, '/there?a=<b>'));
  app.use(((err, _req, res, _next) => {
    res.status(err.status ?? 500).json({ error: err.type ?? 'unknown' });
  }) as express.ErrorRequestHandler);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));

  fastify = Fastify();
  await fastify.register(expressLocals);
  await fastify.register(expressRedirects);
  fastify.addHook(
    'onRequest',
    hook((_request, reply, done) => {
      reply.locals.seen = 'yes';
      done();
    }),
  );
  await fastify.register(expressJson, { limit: '1kb' });
  await fastify.register(expressUrlencoded, { extended: false, limit: '1kb' });
  fastify.setErrorHandler((err: Error & { status?: number; statusCode?: number; type?: string; code?: string }, _request, reply) => {
    const type = err.type ?? (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'entity.too.large' : 'unknown');
    return reply.code(err.status ?? err.statusCode ?? 500).send({ error: type });
  });
  fastify.post('/echo', async (request, reply) => ({ body: request.body ?? null, type: request.headers['content-type'] ?? null, seen: reply.locals.seen }));
  fastify.get('/go', (_request, reply) => reply.redirect('/there?a=<b>', 301));
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

const json = { 'content-type': 'application/json' };
const CASES: [string, string, Record<string, string>, string | undefined][] = [
  ['POST', '/echo', json, '{"a":1}'],
  ['POST', '/echo', json, '[1,2]'],
  ['POST', '/echo', json, '"text"'],
  ['POST', '/echo', json, '{"a":'],
  ['POST', '/echo', json, ''],
  ['POST', '/echo', json, `{"pad":"${'x'.repeat(2000)}"}`],
  ['POST', '/echo', { 'content-type': 'application/json; charset=latin1' }, '{"a":1}'],
  ['POST', '/echo', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1&a=2&b=x'],
  ['POST', '/echo', { 'content-type': 'text/plain' }, 'hello'],
  ['POST', '/echo', { 'content-type': ';;' }, '[1]'],
  ['POST', '/echo', { 'content-type': 'not a type' }, 'a=1'],
  ['GET', '/go', {}, undefined],
  ['GET', '/go', { accept: 'text/html' }, undefined],
  ['GET', '/go', { accept: 'image/png' }, undefined],
];

test.each(CASES.map(([m, u, h, b]) => [`${m} ${u} ${JSON.stringify(h)} ${b === undefined ? '(no body)' : JSON.stringify(b.slice(0, 20))}`, m, u, h, b] as const))(
  '%s: same answer from Express and Fastify with express-compat',
  async (_label, method, url, headers, body) => {
    const [legacy, compat] = await Promise.all([ask(expressBase, method, url, headers, body), ask(fastifyBase, method, url, headers, body)]);
    expect(compat).toEqual(legacy);
  },
);
