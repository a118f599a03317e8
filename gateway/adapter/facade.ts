/**
 * The request and response facades Express code sees inside a Fastify route.
 *
 * A facade is a small per-request object whose prototype chain is
 *
 *   facade --> adapter layer --> app.request/app.response (copied) --> express.request/express.response (copied)
 *          --> delegating base --> IncomingMessage.prototype / ServerResponse.prototype
 *
 * - Express's own implementations (`send`, `json`, `format`, `sendFile`, `cookie`, `accepts`, `fresh`,
 *   ...) run unchanged, so bodies, content types, ETags and 304s are byte-identical to Express.
 * - The delegating base forwards every Node property and method (`headers`, `url`, `statusCode`,
 *   `setHeader`, `write`, `end`, `on`, `socket`, ...) to Fastify's raw Node object, so the bytes are
 *   written by Node exactly as under Express, and `instanceof ServerResponse` still holds.
 * - The adapter layer adds what Fastify owns: `req.params`, `req.body` and decorated properties
 *   (`user`, `session`) are accessors to the Fastify request (a write from Express code is seen by
 *   native Fastify code and the other way round); `req.cookies`/`req.signedCookies` are parsed
 *   lazily by cookie-parser itself (`j:` and `s:` cookies as under Express); `req.route` is built
 *   from Fastify's route options; `res.end` tells the adapter the response is complete.
 *
 * Why not do what Express's `app.handle` does (`Object.setPrototypeOf(raw, app.request)`)? Measured
 * here on Node 20: swapping the prototype of Node's own request/response objects made a bare
 * `node:http` server cost ~3-4 times more CPU per request (15 -> 45 µs, even with a trivial
 * prototype), and would slow every other route on the server too; a per-request facade costs
 * ~1-3 µs. The price: `req !== request.raw`, and ad-hoc properties that Express code sets on
 * `req`/`res` live on the facade (shared by every adapted hook and handler of the request).
 */
import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import express from 'express';
import type { Application } from 'express';
import cookieParser from 'cookie-parser';
import type { FastifyRequest } from 'fastify';

/** The raw Node object behind a facade. */
export const kRaw = Symbol('express-to-fastify.raw');
/** The Fastify request behind a request facade. */
export const kFastifyRequest = Symbol('express-to-fastify.fastifyRequest');
/** Per-response adapter state (see `ResponseState`). */
export const kState = Symbol('express-to-fastify.state');

export interface ResponseState {
  /** Called when Express code ends the response (stops the timeout; lets a middleware hook go on). */
  ended(): void;
}

export interface FacadeOptions {
  /** Settings, view engines and `app.locals` come from this app; default: a private `express()`. */
  app?: Application;
  /** Cookie-signing secret(s), as given to cookie-parser; needed for `req.signedCookies` and `res.cookie(..., { signed })`. */
  cookieSecret?: string | string[];
  /** Fastify request properties mirrored on `req` (read and write). Default `['user', 'session']`. */
  requestProperties?: readonly string[];
  /**
   * The mount path the Express router had (the Fastify prefix): `req.baseUrl`, and `req.url`,
   * `req.path`, `req.route.path` relative to it, as inside an Express router. Default ''.
   */
  baseUrl?: string;
}

export interface Facade {
  app: Application;
  /** The prototype of request facades. */
  request: object;
  /** The prototype of response facades. */
  response: object;
}

type Bag = Record<PropertyKey, unknown>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `function () { raw.name(...) }`, compiled per name so that each forwarder stays monomorphic. */
function forwardMethod(key: PropertyKey): (this: Bag, ...args: unknown[]) => unknown {
  if (typeof key === 'string' && IDENTIFIER.test(key)) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function(
      'kRaw',
      `return function () { const raw = this[kRaw]; const out = raw.${key}.apply(raw, arguments); return out === raw ? this : out; }`,
    )(kRaw) as (this: Bag, ...args: unknown[]) => unknown;
  }
  return function (this: Bag, ...args: unknown[]) {
    const raw = this[kRaw] as Bag;
    const out = (raw[key] as (...a: unknown[]) => unknown).apply(raw, args);
    return out === raw ? this : out;
  };
}

function forwardAccessor(key: PropertyKey): PropertyDescriptor {
  if (typeof key === 'string' && IDENTIFIER.test(key)) {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function(
      'kRaw',
      `return [function () { return this[kRaw].${key}; }, function (value) { this[kRaw].${key} = value; }];`,
    ) as (k: symbol) => [() => unknown, (value: unknown) => void];
    const [get, set] = make(kRaw);
    return { get, set, configurable: true };
  }
  return {
    get(this: Bag) {
      return (this[kRaw] as Bag)[key];
    },
    set(this: Bag, value: unknown) {
      (this[kRaw] as Bag)[key] = value;
    },
    configurable: true,
  };
}

function findDescriptor(proto: object | null, key: PropertyKey): PropertyDescriptor | undefined {
  for (let p = proto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const desc = Object.getOwnPropertyDescriptor(p, key);
    if (desc) return desc;
  }
  return undefined;
}

/**
 * A prototype that inherits from `nodeProto` (so `instanceof` holds) and forwards every property and
 * method of `nodeProto`'s chain, and every own field of `sample` (a real instance), to `this[kRaw]`.
 */
function delegatingBase(nodeProto: object, sample: object, keep: ReadonlySet<PropertyKey>): object {
  const keys = new Set<PropertyKey>();
  for (let p: object | null = nodeProto; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const key of Reflect.ownKeys(p)) keys.add(key);
  }
  for (const key of Reflect.ownKeys(sample)) keys.add(key);
  const base = Object.create(nodeProto) as object;
  for (const key of keys) {
    if (key === 'constructor' || key === '__proto__' || keep.has(key)) continue;
    const desc = findDescriptor(nodeProto, key);
    const descriptor: PropertyDescriptor =
      desc !== undefined && typeof desc.value === 'function'
        ? { value: forwardMethod(key), writable: true, configurable: true }
        : forwardAccessor(key);
    Object.defineProperty(base, key, descriptor);
  }
  return base;
}

const sampleRequest = new IncomingMessage(new Socket());
const sampleResponse = new ServerResponse(sampleRequest);
/** `res.req` and `req.res` are the facades, not Node's. */
const requestBase = delegatingBase(IncomingMessage.prototype, sampleRequest, new Set<PropertyKey>(['res']));
const responseBase = delegatingBase(ServerResponse.prototype, sampleResponse, new Set<PropertyKey>(['req']));

/** Copies of `from` and of its prototypes up to (excluding) `stop`, layered on `base`. */
function rebase(from: object, stop: object | null, base: object): object {
  const chain: object[] = [];
  for (let p: object | null = from; p !== null && p !== stop; p = Object.getPrototypeOf(p) as object | null) chain.unshift(p);
  let proto = base;
  for (const layer of chain) proto = Object.create(proto, Object.getOwnPropertyDescriptors(layer)) as object;
  return proto;
}

const expressRequest = rebase(express.request, IncomingMessage.prototype, requestBase);
const expressResponse = rebase(express.response, ServerResponse.prototype, responseBase);

// ---- Fast paths for res.json / res.send ------------------------------------------------------------
// Express's `send` re-parses the content type (setCharset), re-resolves it with mime-types, reads
// headers back several times and hashes with a fresh `createHash` per call: about half of an adapted
// JSON route's CPU time. For the common case (default json settings, Express's default weak ETag
// function, no Content-Type / ETag / Transfer-Encoding set yet) the layer below writes the very same
// headers, in the same order and casing, and the same body; any other case runs Express's own code.
// The differential suite checks the bytes.

/** `app.settings` (inheriting a parent app's): read directly, as `app.get()` would for these names. */
type Settings = Record<string, unknown>;
type ExpressSend = (this: Bag, body?: unknown) => unknown;

// Express's default (`etag: 'weak'`) ETag function is this singleton; another function means other settings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wetag } = require('express/lib/utils') as { wetag: unknown };
const expressJson = (expressResponse as { json: ExpressSend }).json;
const expressSend = (expressResponse as { send: ExpressSend }).send;
const oneShotHash = (crypto as unknown as { hash?: (algorithm: string, data: Buffer, encoding: 'base64') => string }).hash;
const EMPTY_WEAK_ETAG = 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';

/** The `etag` package's weak entity tag of `body` (`length` bytes once UTF-8 encoded), byte for byte. */
function weakEtag(body: Buffer | string, length: number): string {
  if (length === 0) return EMPTY_WEAK_ETAG;
  const hash = oneShotHash
    ? oneShotHash('sha1', body as Buffer, 'base64')
    : createHash('sha1').update(body).digest('base64');
  return `W/"${length.toString(16)}-${hash.substring(0, 27)}"`;
}

type RawResponse = ServerResponse & Bag;
type RequestFacade = Bag & { method: string; fresh: boolean; headers: Record<string, unknown> };

function settingsOf(res: Bag): Settings {
  return (res.app as { settings: Settings }).settings;
}

/** Whether Express's `send` would add Content-Length and a default weak ETag without surprises. */
function plainSend(settings: Settings, raw: RawResponse): boolean {
  return settings['etag fn'] === wetag && !raw.getHeader('etag') && !raw.getHeader('transfer-encoding');
}

/**
 * Express's `send` from its freshness check on, once the headers are set. A string body is written
 * as the string (the same bytes as Express's Buffer): Node then sends status line, headers and body
 * in one write instead of two.
 */
function finishSend(res: Bag, raw: RawResponse, body: Buffer | string): Bag {
  const req = res.req as RequestFacade;
  const headers = req.headers;
  // `fresh` is false without a conditional header; only then is Express's getter worth asking.
  if ((headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined) && req.fresh) raw.statusCode = 304;
  let chunk = body;
  const status = raw.statusCode;
  if (status === 204 || status === 304) {
    raw.removeHeader('Content-Type');
    raw.removeHeader('Content-Length');
    raw.removeHeader('Transfer-Encoding');
    chunk = '';
  }
  if (status === 205) {
    raw.setHeader('Content-Length', '0');
    raw.removeHeader('Transfer-Encoding');
    chunk = '';
  }
  const end = res.end as (this: Bag, chunk?: unknown) => unknown;
  if (req.method === 'HEAD') end.call(res);
  else end.call(res, chunk);
  return res;
}

function sendFast(res: Bag, raw: RawResponse, body: Buffer | string, contentType: string): Bag {
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  raw.setHeader('Content-Type', contentType);
  raw.setHeader('Content-Length', String(length));
  raw.setHeader('ETag', weakEtag(body, length));
  return finishSend(res, raw, body);
}

const fastResponse = {
  json(this: Bag, obj: unknown): unknown {
    const settings = settingsOf(this);
    const raw = this[kRaw] as RawResponse;
    if (settings['json escape'] || settings['json replacer'] || settings['json spaces'] || raw.getHeader('content-type')) {
      return expressJson.call(this, obj);
    }
    const json = JSON.stringify(obj) as string | undefined;
    if (json === undefined || !plainSend(settings, raw)) return expressJson.call(this, obj);
    return sendFast(this, raw, json, 'application/json; charset=utf-8');
  },
  send(this: Bag, body?: unknown): unknown {
    const raw = this[kRaw] as RawResponse;
    if (typeof body === 'string') {
      if (raw.getHeader('content-type') || !plainSend(settingsOf(this), raw)) return expressSend.call(this, body);
      return sendFast(this, raw, body, 'text/html; charset=utf-8');
    }
    if (Buffer.isBuffer(body)) {
      if (raw.getHeader('content-type') || !plainSend(settingsOf(this), raw)) return expressSend.call(this, body);
      return sendFast(this, raw, body, 'application/octet-stream');
    }
    return expressSend.call(this, body);
  },
};

function ownValue(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function fastifyRequestOf(req: Bag): FastifyRequest & Bag {
  return req[kFastifyRequest] as FastifyRequest & Bag;
}

export function createFacade(options: FacadeOptions = {}): Facade {
  const app = options.app ?? express();
  // `app.request` / `app.response` exist at run time (express.js sets them) but are not in @types/express.
  const prototypes = app as unknown as { request: object; response: object };
  const baseUrl = options.baseUrl ?? '';
  const parseCookies = cookieParser(options.cookieSecret) as unknown as (req: object, res: unknown, next: () => void) => void;
  const noop = (): void => {};

  /** Runs cookie-parser on a stand-in object, so its `if (req.cookies) return next()` guard cannot loop back here. */
  function cookiesOf(req: Bag): { cookies: unknown; signedCookies: unknown } {
    const shim: { headers: unknown; cookies?: unknown; signedCookies?: unknown } = { headers: req.headers };
    parseCookies(shim, undefined, noop);
    ownValue(req, 'cookies', shim.cookies);
    ownValue(req, 'signedCookies', shim.signedCookies);
    return shim as { cookies: unknown; signedCookies: unknown };
  }

  // app.request/app.response (and a parent app's, for a mounted sub-app) carry `app` and any
  // properties the app added to them: copy them above Express's prototypes.
  const appRequest = rebase(prototypes.request, express.request, expressRequest);
  const appResponse = rebase(prototypes.response, express.response, expressResponse);
  // The fast paths apply only where the app did not replace `json`/`send` on its own app.response.
  const ownJson = Object.prototype.hasOwnProperty.call(prototypes.response, 'json');
  const ownSend = Object.prototype.hasOwnProperty.call(prototypes.response, 'send');
  const responseBelowLayer: object = Object.create(appResponse, {
    ...(ownJson ? {} : { json: { value: fastResponse.json, writable: true, configurable: true } }),
    ...(ownSend ? {} : { send: { value: fastResponse.send, writable: true, configurable: true } }),
  });

  const request: object = Object.create(appRequest, {
    params: {
      configurable: true,
      get(this: Bag) {
        return fastifyRequestOf(this).params;
      },
      set(this: Bag, value: unknown) {
        fastifyRequestOf(this).params = value;
      },
    },
    body: {
      configurable: true,
      get(this: Bag) {
        return fastifyRequestOf(this).body;
      },
      set(this: Bag, value: unknown) {
        fastifyRequestOf(this).body = value;
      },
    },
    cookies: {
      configurable: true,
      get(this: Bag) {
        return cookiesOf(this).cookies;
      },
      set(this: Bag, value: unknown) {
        ownValue(this, 'cookies', value);
      },
    },
    signedCookies: {
      configurable: true,
      get(this: Bag) {
        return cookiesOf(this).signedCookies;
      },
      set(this: Bag, value: unknown) {
        ownValue(this, 'signedCookies', value);
      },
    },
    secret: {
      configurable: true,
      writable: true,
      value: Array.isArray(options.cookieSecret) ? options.cookieSecret[0] : options.cookieSecret,
    },
    baseUrl: { configurable: true, writable: true, value: baseUrl },
    route: {
      configurable: true,
      get(this: Bag) {
        const { url, method } = fastifyRequestOf(this).routeOptions;
        const methods: Record<string, boolean> = Object.create(null);
        for (const m of Array.isArray(method) ? method : [method]) if (m) methods[String(m).toLowerCase()] = true;
        let path = url ?? '';
        if (baseUrl && path.startsWith(baseUrl)) path = path.slice(baseUrl.length) || '/';
        const route = { path, stack: [] as unknown[], methods };
        ownValue(this, 'route', route);
        return route;
      },
      set(this: Bag, value: unknown) {
        ownValue(this, 'route', value);
      },
    },
  });

  if (baseUrl) {
    // Inside an Express router mounted at `baseUrl`, `req.url` (and so `req.path`) is relative to it;
    // the facade shows it that way, Fastify's raw URL stays whole (and `originalUrl` is the whole URL).
    Object.defineProperty(request, 'url', {
      configurable: true,
      get(this: Bag) {
        const url = (this[kRaw] as Bag).url as string;
        if (!url.startsWith(baseUrl)) return url;
        const rest = url.slice(baseUrl.length);
        if (rest === '') return '/';
        if (rest[0] === '/') return rest;
        return rest[0] === '?' ? `/${rest}` : url;
      },
      set(this: Bag, value: unknown) {
        ownValue(this, 'url', value);
      },
    });
  }

  for (const name of options.requestProperties ?? ['user', 'session']) {
    Object.defineProperty(request, name, {
      configurable: true,
      get(this: Bag) {
        return fastifyRequestOf(this)[name];
      },
      set(this: Bag, value: unknown) {
        fastifyRequestOf(this)[name] = value;
      },
    });
  }

  const response: object = Object.create(responseBelowLayer, {
    // Made on first use (an Object.create(null) per request otherwise): same object for the whole request.
    locals: {
      configurable: true,
      get(this: Bag) {
        const locals: unknown = Object.create(null);
        ownValue(this, 'locals', locals);
        return locals;
      },
      set(this: Bag, value: unknown) {
        ownValue(this, 'locals', value);
      },
    },
    end: {
      configurable: true,
      writable: true,
      value: function (this: Bag) {
        const raw = this[kRaw] as ServerResponse;
        // eslint-disable-next-line prefer-rest-params
        const out = raw.end.apply(raw, arguments as unknown as Parameters<ServerResponse['end']>);
        const result = out === raw ? this : out;
        const state = this[kState] as ResponseState | undefined;
        if (state !== undefined) state.ended();
        return result;
      },
    },
  });

  return { app, request, response };
}

// ---- Carrying what Express middleware set on `req` over to the Fastify request -------------------
// Under Express, a guard's `req.auth = claims` is seen by every later layer, whatever module it is in.
// Behind the adapter, `req` is the facade: a native Fastify handler reading `request.auth` would get
// undefined. So, each time an adapted middleware calls `next()`, the own enumerable string properties
// Express code added to the facade are copied to the Fastify request (`carryToFastify`), and before
// the next Express layer of the request runs, the values of the names carried so far are read back
// (`carryFromFastify`): native hooks in between may have changed them. Plain data properties on both
// sides, copied at the boundaries: no `defineProperty` per request turning the facade's into
// accessors (as `requestProperties` are), which was the first version and measured no cheaper.

/** Own keys of a request facade that are the adapter's or Express's own bookkeeping, never carried. */
const NOT_CARRIED: ReadonlySet<string> = new Set([
  'originalUrl',
  'res',
  'next',
  // parseurl's caches (req.path, req.query, ...).
  '_parsedUrl',
  '_parsedOriginalUrl',
  // Never: assigning them would change the Fastify request's prototype or shadow its constructor.
  '__proto__',
  'constructor',
  'prototype',
]);

/** Per request (on the facade): the names carried over so far. */
const kCarried = Symbol('express-to-fastify.carried');
type Carried = Record<string, true>;

/**
 * Copies onto the Fastify request the properties Express code added to the request facade `req`
 * (own, enumerable, string-keyed; not the adapter's or Express's own, such as `res`, `next`,
 * `originalUrl`, or anything Express's request defines: `params`, `query`, `body`, `route`,
 * `baseUrl`, `cookies`...), unless the Fastify request already has a property of that name
 * (`id`, `log`, `ip`, a decoration, one a native hook set). A carried name is copied again after
 * each middleware (the last value wins); one deleted from `req` is deleted from the Fastify request.
 * Nothing added: one `Object.keys` (three names) and three set lookups.
 */
export function carryToFastify(req: Bag): void {
  const request = fastifyRequestOf(req);
  let carried = req[kCarried] as Carried | undefined;
  if (carried !== undefined) {
    for (const key in carried) {
      if (!Object.prototype.hasOwnProperty.call(req, key)) {
        // `delete req.x` in Express code: gone for native code too.
        delete request[key];
        delete carried[key];
      }
    }
  }
  const keys = Object.keys(req);
  let proto: object | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (NOT_CARRIED.has(key)) continue;
    if (carried !== undefined && carried[key] === true) {
      request[key] = req[key];
      continue;
    }
    proto ??= Object.getPrototypeOf(req) as object;
    // Express's own (a lazily cached `cookies`, `route`, `url`), or the Fastify request's.
    if (key in proto || key in request) continue;
    request[key] = req[key];
    if (carried === undefined) req[kCarried] = carried = Object.create(null) as Carried;
    carried[key] = true;
  }
}

/** Before more Express code runs: the carried names take the Fastify request's values (native code may have changed or deleted them). */
export function carryFromFastify(req: Bag): void {
  const carried = req[kCarried] as Carried | undefined;
  if (carried === undefined) return;
  const request = fastifyRequestOf(req);
  for (const key in carried) {
    if (key in request) {
      req[key] = request[key];
    } else {
      delete req[key];
      delete carried[key];
    }
  }
}
