/**
 * Express's built-in middleware as Fastify plugins, for generated code (codemods/emit-gateway-entry.ts
 * maps an app's `app.use(...)` chain onto these). Each answers the way Express does:
 *   - `expressJson({ limit })`: express.json's body-parser rules (strict: objects and arrays only;
 *     empty body -> {}; limit; utf-* charsets only, 415 otherwise; gzip/deflate/br bodies inflated);
 *     other content types, and a Content-Type that does not parse, are left unread with the body
 *     undefined, as Express leaves them;
 *   - `expressUrlencoded({ limit })`: express.urlencoded({ extended: false }) (flat qs, 1000 parameters);
 *   - `expressLocals`: `reply.locals`, a fresh object per request (Express's `res.locals`);
 *   - `expressRedirects`: the short text/HTML body Express writes for `res.redirect`;
 *   - `expressEtag`: res.send's weak ETag on every string or Buffer body, and its 304 Not Modified
 *     to a conditional GET/HEAD that matches (registered last: it hashes the final body);
 *   - `hook(fn)`: a migrated `(request, reply, done)` middleware as a Fastify callback hook;
 *   - `expressErrorHandler(fn)`: a migrated `(err, request, reply, next)` error middleware as the
 *     scope's error handler, Fastify's own parser errors renamed to body-parser's.
 * The parity suite's gateway-generated target (test/parity) checks these against Express.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import fastifyFormbody from '@fastify/formbody';
import etag from 'etag';
import fresh from 'fresh';
import fp from 'fastify-plugin';
import qs from 'qs';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

declare module 'fastify' {
  interface FastifyReply {
    /** Express's res.locals: per-request state for the handlers. */
    locals: Record<string, any>;
  }
}

/** express.json({ limit: '100kb' }) and express.urlencoded's default limit, in bytes. */
export const EXPRESS_BODY_LIMIT = 100 * 1024;

/** body-parser's `limit` option (bytes, or a string such as '100kb') in bytes. */
export function parseLimit(limit: number | string | undefined): number {
  if (limit === undefined) return EXPRESS_BODY_LIMIT;
  if (typeof limit === 'number') return limit;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new TypeError(`invalid body limit: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * unit);
}

/** body-parser's error for a body that is not JSON (its `type` is what the app's error mapping reads). */
function jsonSyntaxError(message: string): Error {
  return Object.assign(new SyntaxError(message), { status: 400, statusCode: 400, type: 'entity.parse.failed' });
}

/** body-parser's strict JSON parsing: an empty body is `{}`, anything but an object or array is refused. */
export function parseJsonLikeExpress(body: string): unknown {
  if (body.length === 0) return {};
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(body)?.[1];
  if (first !== '{' && first !== '[') throw jsonSyntaxError(`Unexpected token ${first ?? 'end'} in JSON`);
  try {
    return JSON.parse(body);
  } catch (err) {
    throw jsonSyntaxError((err as Error).message);
  }
}

/** The charset of a content-type header, lowercased, like body-parser's `getCharset`. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]).toLowerCase() : undefined;
}

function httpError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type });
}

/**
 * The body as text in its declared charset, as body-parser decodes it (iconv-lite there,
 * TextDecoder here): only `utf-*` charsets are allowed (415 otherwise), UTF-8 by default.
 */
function decodeLikeExpress(body: Buffer, contentType: string | undefined): string {
  const charset = charsetOf(contentType) ?? 'utf-8';
  const unsupported = () => httpError(415, 'charset.unsupported', `unsupported charset "${charset.toUpperCase()}"`);
  if (charset.slice(0, 4) !== 'utf-') throw unsupported();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw unsupported();
  }
  return decoder.decode(body);
}

/**
 * express.urlencoded({ extended: false }) parsing: body-parser's own qs options (flat keys, repeated
 * keys as arrays, `__proto__` dropped) and its 1000-parameter limit (413).
 */
export function parseFormLikeExpress(body: string): Record<string, unknown> {
  if (body.length === 0) return {};
  let count = 0;
  let index = -1;
  do {
    count++;
    if (count > 1000) throw httpError(413, 'parameters.too.many', 'too many parameters');
    index = body.indexOf('&', index + 1);
  } while (index !== -1);
  return qs.parse(body, { allowPrototypes: true, arrayLimit: count, depth: 0, parameterLimit: 1000, strictDepth: true });
}

/** The body types Express parses (express.json, express.urlencoded); others it never reads. */
const PARSED_TYPES = /^\s*application\/(json|x-www-form-urlencoded)\s*(;|$)/i;

const DECOMPRESSORS: Record<string, () => NodeJS.ReadWriteStream> = {
  deflate: createInflate,
  gzip: createGunzip,
  br: createBrotliDecompress,
};

/**
 * body-parser inflates gzip, deflate and br bodies (and refuses other encodings with 415) before
 * parsing; Fastify does not, so a compressed JSON body would be a 400 on a migrated route only.
 */
function inflateLikeExpress(request: FastifyRequest, payload: Readable): Readable {
  if (!PARSED_TYPES.test(request.headers['content-type'] ?? '')) return payload;
  const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity') return payload;
  const decompressor = DECOMPRESSORS[encoding];
  if (!decompressor) throw httpError(415, 'encoding.unsupported', `unsupported content encoding "${encoding}"`);
  let received = 0;
  payload.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  const inflated = payload.pipe(decompressor()) as unknown as Readable;
  // Corrupt data is a client error (raw-body answers 400), not a 500.
  inflated.on('error', (err: Error & { status?: number }) => {
    err.status = 400;
  });
  // Tells Fastify how many bytes arrived on the wire, for its Content-Length check.
  Object.defineProperty(inflated, 'receivedEncodedLength', { get: () => received });
  return inflated;
}

/** Fastify's own errors, renamed to the body-parser errors the app's error mapping knows. */
export function asExpressError(err: FastifyError): unknown {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { type: 'entity.too.large', status: 413 };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { type: 'request.size.invalid', status: 400 };
    default:
      return err;
  }
}


export interface BodyParserOptions {
  limit?: number | string;
  /** express.urlencoded's `extended`; only `false` (flat keys) is supported. */
  extended?: boolean;
}

const inflating = new WeakSet<object>();

// Fastify's own test of a Content-Type header (it answers 415 to one that fails it, before any parser).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FastifyContentType = require('fastify/lib/content-type') as { from(header: string): { isValid: boolean } };
const hiddenContentType = Symbol('express-compat.hiddenContentType');

function ensureCatchAll(app: FastifyInstance): void {
  // Express has no parser for other types: the body stays unread and `req.body` undefined.
  if (!app.hasContentTypeParser('*')) app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  // One set of hooks per scope, however many body parsers share it.
  if (!inflating.has(app)) {
    inflating.add(app);
    app.addHook('preParsing', async (request, _reply, payload) => inflateLikeExpress(request, payload));
    // A Content-Type that does not parse (`;;`): Express's parsers do not match it and leave the body
    // unread; Fastify answers 415. Hidden from Fastify's parsing, given back to the handler.
    app.addHook('onRequest', async (request) => {
      const header = request.headers['content-type'];
      if (header !== undefined && !FastifyContentType.from(header).isValid) {
        (request as unknown as Record<symbol, string>)[hiddenContentType] = header;
        delete request.headers['content-type'];
      }
    });
    app.addHook('preValidation', async (request) => {
      const header = (request as unknown as Record<symbol, string | undefined>)[hiddenContentType];
      if (header !== undefined) request.headers['content-type'] = header;
    });
  }
}

/** express.json(options). */
export const expressJson = fp<BodyParserOptions>(
  async (app, options) => {
    const bodyLimit = parseLimit(options.limit);
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
      try {
        done(null, parseJsonLikeExpress(decodeLikeExpress(body as Buffer, request.headers['content-type'])));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    // Fastify parses text/plain itself; Express (without express.text) does not.
    if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
    ensureCatchAll(app);
  },
  { name: 'express-compat-json', fastify: '5.x' },
);

/** express.urlencoded(options), extended: false. */
export const expressUrlencoded = fp<BodyParserOptions>(
  async (app, options) => {
    if (options.extended) throw new Error('expressUrlencoded: extended: true (qs nesting) is not supported');
    await app.register(fastifyFormbody, { bodyLimit: parseLimit(options.limit), parser: parseFormLikeExpress });
    if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
    ensureCatchAll(app);
  },
  { name: 'express-compat-urlencoded', fastify: '5.x' },
);

/** res.locals as reply.locals. */
export const expressLocals = fp(
  async (app) => {
    app.decorateReply('locals', null as unknown as Record<string, any>);
    app.addHook('onRequest', async (_request, reply) => {
      reply.locals = {};
    });
  },
  { name: 'express-compat-locals', fastify: '5.x' },
);

/**
 * res.send's ETag and freshness (express/lib/response.js): a weak ETag (the `etag` package, as
 * Express's default `etag fn`) on every string or Buffer body that has none, whatever the status;
 * then, for GET and HEAD with a 2xx, a request whose If-None-Match / If-Modified-Since match gets
 * 304 with no body, Content-Type or Content-Length. Streams (sendFile) carry their own.
 */
export const expressEtag = fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      if ((reply as unknown as Record<symbol, boolean>)[kNoEtag]) return payload;
      if (!reply.hasHeader('etag')) reply.header('etag', etag(payload, { weak: true }));
      const status = reply.statusCode;
      if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
      if (!((status >= 200 && status < 300) || status === 304)) return payload;
      const lastModified = reply.getHeader('last-modified');
      const isFresh = fresh(request.headers, { etag: String(reply.getHeader('etag')), 'last-modified': lastModified === undefined ? undefined : String(lastModified) });
      if (!isFresh) return payload;
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      // Fastify's HEAD route sets Content-Length from a string or Buffer payload (a 304 has none),
      // and cannot take null; an empty stream it only drains.
      return request.method === 'HEAD' ? Readable.from([]) : null;
    });
  },
  { name: 'express-compat-etag', fastify: '5.x' },
);

/** A migrated `(request, reply, done)` middleware, as a Fastify callback hook. */
export function hook(fn: (request: any, reply: any, done: (err?: unknown) => void) => unknown): onRequestHookHandler {
  return fn as unknown as onRequestHookHandler;
}

/** A migrated error middleware `(err, request, reply, next)` as a Fastify error handler. */
export function expressErrorHandler(fn: (err: any, request: any, reply: any, next: (err?: unknown) => void) => unknown) {
  return function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    return fn(asExpressError(error), request, reply, (err?: unknown) => {
      if (err) throw err;
    });
  };
}

// Express's own dependencies, for Express's exact answers (they ship with express 5).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const accepts = require('accepts') as (req: IncomingMessage) => { types(types: string[]): string | false };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const escapeHtml = require('escape-html') as (text: string) => string;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const encodeUrl = require('encodeurl') as (url: string) => string;

/** Set on a reply whose body Express would have written with res.end (no ETag, no 304). */
const kNoEtag = Symbol('express-compat.noEtag');

/**
 * res.redirect's body: Express answers a redirect with a short text or HTML page (by Accept, with
 * `Vary: Accept`), Fastify's reply.redirect with none. Fills in Express's body for any 3xx answer
 * that has a Location, no body and no content type, and encodes the Location as res.location does.
 */
export const expressRedirects = fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const status = reply.statusCode;
      const location = reply.getHeader('location');
      const empty = payload === undefined || payload === null || payload === '';
      if (status < 300 || status > 399 || typeof location !== 'string' || !empty || reply.hasHeader('content-type')) return payload;
      // res.location() encodes the URL (encodeurl); reply.redirect sets it as given.
      const encoded = encodeUrl(location);
      if (encoded !== location) reply.header('location', encoded);
      const vary = reply.getHeader('vary');
      if (!vary) reply.header('vary', 'Accept');
      else if (!String(vary).split(/\s*,\s*/).some((v) => v.toLowerCase() === 'accept' || v === '*')) reply.header('vary', `${String(vary)}, Accept`);
      const message = STATUS_CODES[status] ?? String(status);
      // res.redirect writes with res.end: no ETag (expressEtag looks for this mark).
      (reply as unknown as Record<symbol, boolean>)[kNoEtag] = true;
      switch (accepts(request.raw).types(['text', 'html'])) {
        case 'text':
          reply.type('text/plain; charset=utf-8');
          return `${message}. Redirecting to ${encoded}`;
        case 'html': {
          reply.type('text/html; charset=utf-8');
          const u = escapeHtml(encoded);
          return `<!DOCTYPE html><head><title>${message}</title></head><body><p>${message}. Redirecting to ${u}</p></body>`;
        }
        default:
          return '';
      }
    });
  },
  { name: 'express-compat-redirects', fastify: '5.x' },
);
