/**
 * What every migrated route shares, written to answer exactly like the legacy Express app:
 *   - parsers: cookies (cookie-parser), urlencoded forms (express.urlencoded) and a JSON parser with
 *     body-parser's rules (strict: only objects and arrays; empty body -> {}; 100kb limit), and
 *     a catch-all that leaves the body undefined for other types, as Express does;
 *   - `request.user` from a bearer token (the app's own token lookup), plus `requireAuth` and
 *     `requireRole` pre-handlers, the counterparts of legacy-app/middleware/auth.ts;
 *   - the X-Request-Id echo of legacy-app/middleware/request-context.ts;
 *   - an error handler that maps every error through the app's own `toErrorResponse`, so statuses
 *     and bodies (validation 400, malformed JSON 400, oversize 413, 401, 403, 404, 500) match.
 * No not-found handler: requests no migrated route matches belong to Express (the gateway's job).
 */
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import qs from 'qs';
import type { FastifyError, FastifyPluginAsync, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { forbidden, toErrorResponse, unauthorized } from '../../legacy-app/errors';
import { requestIdFrom } from '../../legacy-app/middleware/request-context';
import { bearerToken, findUserByToken, type AuthUser, type Role } from '../../legacy-app/services/auth.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, from `Authorization: Bearer <token>`; null when anonymous (Express: `req.user`). */
    user: AuthUser | null;
  }
}

/** express.json({ limit: '100kb' }) and express.urlencoded's default limit, in bytes. */
export const EXPRESS_BODY_LIMIT = 100 * 1024;

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
function asExpressError(err: FastifyError): unknown {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { type: 'entity.too.large', status: 413 };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { type: 'request.size.invalid', status: 400 };
    default:
      return err;
  }
}

export const setup: FastifyPluginAsync = async (app) => {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: EXPRESS_BODY_LIMIT, parser: parseFormLikeExpress });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: EXPRESS_BODY_LIMIT }, (request, body, done) => {
    try {
      done(null, parseJsonLikeExpress(decodeLikeExpress(body as Buffer, request.headers['content-type'])));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Express has no parser for other types: the body stays unread and `req.body` undefined.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

  app.addHook('preParsing', async (request, _reply, payload) => inflateLikeExpress(request, payload));

  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request, reply) => {
    const requestId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
    if (requestId) reply.header('X-Request-Id', requestId);
    const token = bearerToken(request.headers.authorization);
    request.user = (token && findUserByToken(token)) || null;
  });

  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const { status, headers, body } = toErrorResponse(asExpressError(error));
    // The legacy middleware logs 5xx with console.error; here the request's logger does.
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).headers(headers).send(body);
  });
};

/** legacy requireAuth: 401 (with WWW-Authenticate) unless a valid bearer token came with the request. */
export const requireAuth: preHandlerAsyncHookHandler = async (request: FastifyRequest) => {
  if (!request.user) {
    throw unauthorized(bearerToken(request.headers.authorization) ? 'Invalid or expired token' : 'Authentication required');
  }
};

/** legacy requireRole(role): 401 without a user, 403 with another role. */
export function requireRole(role: Role): preHandlerAsyncHookHandler {
  return async function checkRole(request: FastifyRequest) {
    if (!request.user) throw unauthorized();
    if (request.user.role !== role) throw forbidden(`This action requires the ${role} role`);
  };
}
