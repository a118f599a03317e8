/**
 * The differential harness: every case is one Express handler (plus optional middleware), mounted on
 * a real Express 5 app and, through the adapter, on a real Fastify 5 app, both listening on
 * 127.0.0.1; the same request goes to both and status, headers and body bytes must be equal.
 *
 * Headers in IGNORED_HEADERS are left out of the comparison:
 * - `date`: the clock, not the handler;
 * - `connection`, `keep-alive`: connection management by Node, not by the handler (Express's final
 *   handler also closes the socket after an error that followed a response);
 * - `x-powered-by`: added by Express's `app.handle`, not by `res`; the adapter does not add it.
 *
 * Both apps share the same setup: body parsers (express.json/urlencoded/text vs Fastify's JSON and
 * text parsers plus @fastify/formbody; multipart left unread for multer), cookies (cookie-parser vs @fastify/cookie with the adapter's
 * `cookieSecret`), `trust proxy` = loopback, a `tpl` view engine, `app.locals.site`, an error
 * handler and a not-found handler that answer the same bytes. A case with `timeout` (a handler that
 * never answers) gets the adapter's timeout on Fastify and a connect-timeout style middleware on
 * Express; both answer 503 through their error handler, and the later cases prove both servers still
 * serve.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import express from 'express';
import type { Application, ErrorRequestHandler } from 'express';
import cookieParser from 'cookie-parser';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { createExpressAdapter, type ExpressHandler } from '..';

export const FIXTURES = join(__dirname, 'fixtures');
export const COOKIE_SECRET = 'differential-secret';
export const IGNORED_HEADERS: ReadonlySet<string> = new Set(['date', 'connection', 'keep-alive', 'x-powered-by']);

export interface DiffCase {
  name: string;
  /** Default GET. */
  method?: string;
  /** Route pattern under the case's own prefix; default '/'. */
  route?: string;
  /** Request path (with query) under the prefix; default the route. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Run before the handler: Express middleware on the route / `fromExpressMiddleware` preHandlers. */
  middleware?: ExpressHandler[];
  handler: ExpressHandler;
  /** The status both must answer (a guard against two equal but wrong answers). */
  status?: number;
  /**
   * A response timeout, for handlers that never answer: the adapter's `timeout` on the Fastify side,
   * a connect-timeout style middleware in front of the route on the Express side.
   */
  timeout?: number;
}

export interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** The connection was cut before the response completed. */
  aborted: boolean;
}

/** The same settings on the Express app under test and on the adapter's settings app. */
export function configure(app: Application): Application {
  app.set('trust proxy', 'loopback');
  app.set('views', join(FIXTURES, 'views'));
  app.set('view engine', 'tpl');
  app.engine('tpl', (file: string, options: object, callback: (err: Error | null, html?: string) => void) => {
    readFile(file, 'utf8', (err, text) => {
      if (err) return callback(err);
      const values = options as Record<string, unknown>;
      callback(null, text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key])));
    });
  });
  app.locals.site = 'E2F';
  return app;
}

interface ErrorLike {
  message?: unknown;
  status?: unknown;
  statusCode?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The error answer both sides give: raw bytes, so neither framework adds its own touches. */
function errorAnswer(err: unknown): { status: number; payload: string } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorLike;
  const raw = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  const status = raw >= 400 && raw < 600 ? raw : 500;
  // Both sides' timeouts answer alike: connect-timeout style (Express) and the adapter's own.
  const timedOut = e.code === 'ETIMEDOUT' || e.code === 'FST_EXPRESS_ADAPTER_TIMEOUT';
  const message = timedOut ? 'Response timeout' : err instanceof Error ? err.message : String(err);
  return { status, payload: JSON.stringify({ error: message, status }) };
}

const expressErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const { status, payload } = errorAnswer(err);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.end(payload);
};

function notFoundPayload(method: string, url: string): string {
  return JSON.stringify({ error: 'not found', route: `${method} ${url}` });
}

/** What Express apps use against handlers that never answer (as the connect-timeout package does). */
function expressTimeout(ms: number): ExpressHandler {
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) next(Object.assign(new Error('Response timeout'), { code: 'ETIMEDOUT', status: 503 }));
    }, ms);
    res.on('close', () => clearTimeout(timer));
    next();
  };
}

export function buildExpress(cases: readonly DiffCase[]): Application {
  const app = configure(express());
  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));
  app.use(express.text());
  app.use(cookieParser(COOKIE_SECRET));
  const router = app as unknown as Record<string, (path: string, ...handlers: ExpressHandler[]) => void>;
  cases.forEach((c, i) => {
    const timeout = c.timeout === undefined ? [] : [expressTimeout(c.timeout)];
    router[(c.method ?? 'GET').toLowerCase()](`/c${i}${c.route ?? '/'}`, ...timeout, ...(c.middleware ?? []), c.handler);
  });
  app.use((req, res) => {
    const payload = notFoundPayload(req.method, req.originalUrl);
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', Buffer.byteLength(payload));
    res.end(payload);
  });
  app.use(expressErrors);
  return app;
}

export async function buildFastify(cases: readonly DiffCase[]): Promise<FastifyInstance> {
  const fastify = Fastify({ logger: false });
  await fastify.register(fastifyCookie, { secret: COOKIE_SECRET });
  await fastify.register(fastifyFormbody);
  // Multipart bodies are left unread for Express middleware (multer) to stream, as under Express.
  fastify.addContentTypeParser('multipart/form-data', (request, payload, done) => done(null));
  fastify.decorateRequest('user', undefined);
  fastify.decorateRequest('session', null);
  const settings = configure(express());
  const adapter = createExpressAdapter({ app: settings, cookieSecret: COOKIE_SECRET, timeout: 5_000 });
  cases.forEach((c, i) => {
    const method = c.method ?? 'GET';
    const adapterForCase = c.timeout === undefined ? adapter : createExpressAdapter({ app: settings, cookieSecret: COOKIE_SECRET, timeout: c.timeout });
    fastify.route({
      // Express answers HEAD with its GET route; Fastify adds that HEAD route itself.
      method: method === 'HEAD' ? 'GET' : method,
      url: `/c${i}${c.route ?? '/'}`,
      preHandler: (c.middleware ?? []).map((m) => adapterForCase.fromExpressMiddleware(m)),
      handler: adapterForCase.fromExpressHandler(c.handler),
    });
  });
  fastify.setNotFoundHandler((request, reply) => {
    const payload = notFoundPayload(request.method, request.url);
    reply.code(404).header('content-type', 'application/json; charset=utf-8').header('content-length', Buffer.byteLength(payload)).send(payload);
  });
  fastify.setErrorHandler((err, request, reply) => {
    // The adapter wraps a non-Error passed to next() and keeps the value as `cause`.
    const e = err as ErrorLike;
    const original = e.code === 'FST_EXPRESS_ADAPTER_NON_ERROR' ? e.cause : err;
    const { status, payload } = errorAnswer(original);
    reply.code(status).header('content-type', 'application/json; charset=utf-8').header('content-length', Buffer.byteLength(payload)).send(payload);
  });
  return fastify;
}

export function request(base: string, c: Pick<DiffCase, 'method' | 'headers' | 'body'>, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(c.headers ?? {}) };
    if (c.body !== undefined) headers['content-length'] = Buffer.byteLength(c.body);
    const req = http.request(`${base}${path}`, { method: c.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (aborted: boolean): void => {
        if (settled) return;
        settled = true;
        const pairs: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i].toLowerCase();
          if (!IGNORED_HEADERS.has(name)) pairs.push([name, res.rawHeaders[i + 1]]);
        }
        // Order-insensitive across names, order-preserving within a name (Set-Cookie, Vary...).
        pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks), aborted });
      };
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish(!res.complete));
      res.on('aborted', () => finish(true));
      res.on('error', () => finish(true));
      res.on('close', () => finish(!res.complete));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

export { listen } from '../../../test/support/http';

type BigBody = { length: number; sha256: string; head: string };

/** Big bodies are compared by length and hash, so a failure does not print megabytes. */
export function comparable(answer: Answer): Omit<Answer, 'body'> & { body: string | BigBody } {
  const body =
    answer.body.length <= 4096
      ? answer.body.toString('latin1')
      : {
          length: answer.body.length,
          sha256: createHash('sha256').update(answer.body).digest('hex'),
          head: answer.body.subarray(0, 64).toString('latin1'),
        };
  return { ...answer, body };
}
