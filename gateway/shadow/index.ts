/**
 * Shadow mode (Diffy-style) for routes whose manifest mode is `shadow`.
 *
 *   user ──► gateway ──► Express ──► response to the user (as before, never delayed)
 *                           │ finish
 *                           ▼
 *            copy of the request ──► migrated Fastify route (gateway.inject, forced by a secret marker)
 *                                └─► Express again, for safe methods, over loopback HTTP (noise: what differs between two legacy runs)
 *                           ▼
 *            compare status, headers, body ──► JSON Lines file + summary (GET /_migration/diffs)
 *
 * Only GET, HEAD and OPTIONS are shadowed unless a route opts in with `unsafe: true`; an opted-in
 * unsafe request is never run twice on the legacy side, and its Fastify copy carries
 * `request.migrationShadow === true`, which the migrated handler must honour by writing nothing.
 * Every error of the shadow side is caught and counted: the user never sees it.
 */
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HandOff } from '../legacy-fallback';
import { routeKey } from '../manifest';
import type { RouteTable, ShadowDispatch } from '../route-dispatch';
import type { LegacyApp } from '../types';
import { body, teeRequestBody, teeResponseBody } from './capture';
import {
  compareResponses,
  DEFAULT_IGNORED_HEADERS,
  fieldPattern,
  flattenHeaders,
  normaliseIgnorePath,
  rawDifferences,
  type CapturedResponse,
} from './compare';
import { addComparison, emptySummary, routeSummary, toMarkdown, type DiffRecord, type DiffSummary } from './report';

export * from './compare';
export * from './report';

declare module 'fastify' {
  interface FastifyRequest {
    /** True on the gateway's Fastify copy of a shadowed request: a migrated handler must not write anything then. */
    migrationShadow: boolean;
  }
}

export interface ShadowRouteOptions {
  /** Percentage of this route's requests to shadow (0–100). */
  sample?: number;
  /** JSON paths to ignore in this route's bodies: `$.generatedAt`, `items[*].updatedAt`, `/meta/requestId`. */
  ignoreJsonPaths?: string[];
  /** More header names to ignore on this route. */
  ignoreHeaders?: string[];
  /** Shadow POST, PUT, PATCH and DELETE too. Only for handlers that write nothing when `request.migrationShadow` is true. */
  unsafe?: boolean;
  /** Run this route's legacy side a second time to learn noise (default: the global setting). Off for a GET that writes (a hit counter). */
  learnNoise?: boolean;
}

export interface ShadowOptions {
  /** Settings per route, keyed like the manifest (`GET /api/users/:id`). */
  routes?: Record<string, ShadowRouteOptions>;
  /** Default sampling percentage (0–100); SHADOW_SAMPLE, else 100. */
  sample?: number;
  /** Header names ignored on every route; defaults to DEFAULT_IGNORED_HEADERS. */
  ignoreHeaders?: readonly string[];
  /** The JSON Lines diff file; SHADOW_DIFF_FILE, else `shadow-diffs.jsonl` in the working directory. `null`: summary only. */
  diffFile?: string | null;
  /** Learn noise by running the legacy side a second time for safe methods (default true). */
  learnNoise?: boolean;
  /** Largest request or response body copied for comparison (default 1 MiB); larger ones are not shadowed. */
  maxBodyBytes?: number;
  /** Comparisons running at once; past it, requests are served but not shadowed (default 16). */
  maxInFlight?: number;
  /** A shadow call slower than this is abandoned and counted as a timeout (default 10 s). */
  timeoutMs?: number;
  /** Random source for sampling (tests). */
  random?: () => number;
}

interface Prepared {
  sample: number;
  ignoreHeaders: Set<string>;
  ignoreFields: string[];
  unsafe: boolean;
  learnNoise: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MARKER = 'x-migration-shadow-copy';
/** Request headers that describe the original connection, not the request: not copied. */
const HOP_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'expect', 'upgrade', 'te', 'trailer', MARKER];

class ShadowTimeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShadowTimeout(`shadow call took over ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sampleFromEnv(): number | undefined {
  const raw = process.env.SHADOW_SAMPLE;
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new Error(`SHADOW_SAMPLE must be a percentage from 0 to 100, not ${JSON.stringify(raw)}`);
  return value;
}

export interface ShadowDeps {
  legacyApp: LegacyApp;
  gateway: FastifyInstance;
  table: RouteTable;
  handOff: HandOff;
}

export class Shadow implements ShadowDispatch {
  readonly diffFile: string | null;
  private readonly secret = randomBytes(32).toString('hex');
  private readonly secretDigest = digest(this.secret);
  private readonly summaryData: DiffSummary = emptySummary();
  private readonly noise = new Map<string, Set<string>>();
  private readonly pending = new Set<Promise<void>>();
  private writes: Promise<void> = Promise.resolve();
  private loopback: Promise<{ server: Server; port: number }> | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 16 });
  private readonly defaults: { sample: number; ignoreHeaders: Set<string> };
  private readonly perRoute = new Map<string, Prepared>();

  constructor(
    private readonly options: ShadowOptions,
    private readonly deps: ShadowDeps,
  ) {
    deps.gateway.addHook('onClose', async () => this.close());
    const sample = options.sample ?? sampleFromEnv() ?? 100;
    if (!(sample >= 0 && sample <= 100)) throw new Error(`shadow: sample must be a percentage from 0 to 100, not ${sample}`);
    this.defaults = { sample, ignoreHeaders: new Set((options.ignoreHeaders ?? DEFAULT_IGNORED_HEADERS).map((h) => h.toLowerCase())) };
    this.diffFile = options.diffFile === undefined ? (process.env.SHADOW_DIFF_FILE ?? 'shadow-diffs.jsonl') : options.diffFile;
    for (const [entry, route] of Object.entries(options.routes ?? {})) {
      const key = routeKey(entry);
      const routeSample = route.sample ?? sample;
      if (!(routeSample >= 0 && routeSample <= 100)) throw new Error(`shadow: "${key}" sample must be from 0 to 100, not ${routeSample}`);
      this.perRoute.set(key, {
        sample: routeSample,
        ignoreHeaders: new Set([...this.defaults.ignoreHeaders, ...(route.ignoreHeaders ?? []).map((h) => h.toLowerCase())]),
        ignoreFields: (route.ignoreJsonPaths ?? []).map(normaliseIgnorePath),
        unsafe: route.unsafe === true,
        learnNoise: route.learnNoise ?? options.learnNoise ?? true,
      });
    }
  }

  private settings(key: string): Prepared {
    return (
      this.perRoute.get(key) ?? {
        sample: this.defaults.sample,
        ignoreHeaders: this.defaults.ignoreHeaders,
        ignoreFields: [],
        unsafe: false,
        learnNoise: this.options.learnNoise ?? true,
      }
    );
  }

  private skip(reason: string): void {
    this.summaryData.totals.skipped[reason] = (this.summaryData.totals.skipped[reason] ?? 0) + 1;
  }

  /** True for the gateway's own copy of a shadowed request; strips the marker from every request either way. */
  isCopy(request: FastifyRequest): boolean {
    const value = request.raw.headers[MARKER];
    if (value === undefined) return false;
    delete request.raw.headers[MARKER];
    if (typeof value !== 'string' || !timingSafeEqual(digest(value), this.secretDigest)) return false;
    request.migrationShadow = true;
    return true;
  }

  /** Serves a shadow-mode request from Express and, once the user has the answer, compares the Fastify copy. */
  serve: HandOff = (request, reply) => {
    const { handOff } = this.deps;
    const key = request.routeOptions.config.migrationKey ?? `${request.method} ${request.routeOptions.url}`;
    const method = (request.raw.method ?? 'GET').toUpperCase();
    const settings = this.settings(key);
    const random = this.options.random ?? Math.random;
    let reason: string | null = null;
    if (!SAFE_METHODS.has(method) && !settings.unsafe) reason = 'unsafe method';
    else if (settings.sample < 100 && random() * 100 >= settings.sample) reason = 'not sampled';
    else if (this.pending.size >= (this.options.maxInFlight ?? 16)) reason = 'too many in flight';
    const requestTee = reason === null ? teeRequestBody(request.raw, this.options.maxBodyBytes ?? 1024 * 1024) : null;
    if (reason === null && requestTee === null) reason = 'body already buffered';
    if (reason !== null || requestTee === null) {
      this.skip(reason ?? 'body already buffered');
      handOff(request, reply);
      return;
    }
    // Express rewrites req.url inside mounted routers: keep the original now.
    const url = request.raw.url ?? '/';
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(request.raw.headers)) if (value !== undefined) headers[name] = value;
    for (const name of HOP_HEADERS) delete headers[name];
    const responseTee = teeResponseBody(reply.raw, this.options.maxBodyBytes ?? 1024 * 1024);
    const res = reply.raw;
    res.once('finish', () => {
      if (requestTee.overflow || responseTee.overflow) return this.skip('body too large');
      if (!request.raw.complete) return this.skip('request body not read by Express');
      const primary: CapturedResponse = {
        status: res.statusCode,
        headers: flattenHeaders(res.getHeaders() as Record<string, unknown>),
        body: method === 'HEAD' ? Buffer.alloc(0) : body(responseTee),
      };
      const payload = body(requestTee);
      // After the user's response is on its way: never delays it, never shares its fate.
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.compare({ key, method, url, headers, payload, remoteAddress: request.ip, primary, settings }))
        .catch((err: unknown) => {
          if (err instanceof ShadowTimeout) this.summaryData.totals.timeouts += 1;
          else this.summaryData.totals.errors += 1;
          this.deps.gateway.log.warn({ err, route: key, url }, 'shadow comparison failed (the user was not affected)');
        })
        .finally(() => this.pending.delete(run));
      this.pending.add(run);
    });
    handOff(request, reply);
  };

  private async compare(input: {
    key: string;
    method: string;
    url: string;
    headers: Record<string, string | string[]>;
    payload: Buffer;
    remoteAddress: string;
    primary: CapturedResponse;
    settings: Prepared;
  }): Promise<void> {
    const { key, method, url, headers, payload, remoteAddress, primary, settings } = input;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const base = { method: method as 'GET', url, headers, payload: payload.length > 0 ? payload : undefined, remoteAddress };
    // Never for an unsafe method: the legacy side must not write twice.
    const learn = settings.learnNoise && SAFE_METHODS.has(method);
    const [candidate, secondary] = await Promise.all([
      // light-my-request adds `user-agent: lightMyRequest` unless the header is given, even as undefined:
      // the copy must see the same headers as the original, which may have had none.
      withTimeout(this.deps.gateway.inject({ ...base, headers: { 'user-agent': undefined, ...headers, [MARKER]: this.secret } }), timeoutMs),
      learn ? this.legacyAgain(method, url, headers, payload, timeoutMs) : Promise.resolve(undefined),
    ]);
    const captured = (res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }): CapturedResponse => ({
      status: res.statusCode,
      headers: flattenHeaders(res.headers),
      body: method === 'HEAD' ? Buffer.alloc(0) : res.rawPayload,
    });
    const noise = this.noise.get(key) ?? new Set<string>();
    this.noise.set(key, noise);
    if (secondary) {
      for (const difference of rawDifferences(primary, captured(secondary))) noise.add(fieldPattern(difference.field));
      routeSummary(this.summaryData, key).noise = [...noise].sort();
    }
    const fastify = captured(candidate);
    const differences = compareResponses(primary, fastify, {
      ignoreHeaders: settings.ignoreHeaders,
      ignoreFields: [...settings.ignoreFields, ...noise],
    });
    const record: DiffRecord = {
      time: new Date().toISOString(),
      route: key,
      method,
      url,
      status: { legacy: primary.status, fastify: fastify.status },
      differences,
    };
    addComparison(this.summaryData, key, record);
    if (differences.length > 0 && this.diffFile) {
      const file = this.diffFile;
      this.writes = this.writes
        .then(() => appendFile(file, `${JSON.stringify(record)}\n`))
        .catch((err: unknown) => this.deps.gateway.log.error({ err, file }, 'cannot write the shadow diff file'));
    }
  }

  /**
   * The legacy app's second run, over real HTTP to a private loopback server (started on first use).
   * Not light-my-request: its Express detection swaps the prototype of Express's shared request and
   * response objects, which breaks every real request to the app afterwards.
   */
  private async legacyAgain(
    method: string,
    url: string,
    headers: Record<string, string | string[]>,
    payload: Buffer,
    timeoutMs: number,
  ): Promise<{ statusCode: number; headers: IncomingHttpHeaders; rawPayload: Buffer }> {
    this.loopback ??= new Promise((resolve, reject) => {
      const server = createServer(this.deps.legacyApp);
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
    });
    const { port } = await this.loopback;
    const sendHeaders: Record<string, string | string[]> = { ...headers };
    if (payload.length > 0) sendHeaders['content-length'] = String(payload.length);
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path: url, headers: sendHeaders, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, rawPayload: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.setTimeout(timeoutMs, () => req.destroy(new ShadowTimeout(`legacy noise run took over ${timeoutMs} ms`)));
      req.end(payload.length > 0 ? payload : undefined);
    });
  }

  /** Stops the loopback server (the gateway calls this on close). */
  async close(): Promise<void> {
    await this.idle();
    this.agent.destroy();
    const loopback = await this.loopback?.catch(() => null);
    this.loopback = null;
    if (loopback) await new Promise<void>((resolve) => loopback.server.close(() => resolve()));
  }

  /** Routes, fields and counts so far (a deep copy). */
  summary(): DiffSummary {
    return JSON.parse(JSON.stringify(this.summaryData)) as DiffSummary;
  }

  markdown(): string {
    return toMarkdown(this.summaryData);
  }

  /** Resolves once every comparison started so far has finished and been written. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    await this.writes;
  }
}

export function createShadow(options: ShadowOptions, deps: ShadowDeps): Shadow {
  return new Shadow(options, deps);
}
