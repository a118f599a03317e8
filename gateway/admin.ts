/**
 * The migration admin API: read and change each route's mode at run time, roll back, read the
 * shadow differences. Off (not registered: its paths fall through to the legacy app) when no token
 * is set.
 *
 *   GET  /_migration/routes             { routes: { "GET /api/x": "express", ... }, changes: [...] }
 *   PUT  /_migration/routes             { "GET /api/x": "fastify", "*": "shadow" }   ("*" = every route; all or nothing)
 *   POST /_migration/routes/rollback    {} rolls every route back to express; { "route": "GET /api/x" } or { "routes": [...] } some
 *   GET  /_migration/diffs              the shadow summary; ?format=markdown for the report
 *
 * Every call needs `Authorization: Bearer <token>`. MIGRATION_ADMIN_TOKEN holds one token, or named
 * ones as `alice:<token>,bob:<token>`; the name is who the change log says made the change
 * (an `X-Migration-Actor` header adds a free-text name after it). Requests in flight are not touched:
 * a request's side is decided once, when it arrives.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { routeKey } from './manifest';
import type { RouteTable } from './route-dispatch';
import type { Shadow } from './shadow';
import { ROUTE_MODES, type RouteMode } from './types';

export interface ModeChange {
  at: string;
  who: string;
  ip: string;
  action: 'set' | 'rollback';
  route: string;
  from: RouteMode;
  to: RouteMode;
}

export interface AdminOptions {
  /** One token, or `name:token,name:token`. Defaults to MIGRATION_ADMIN_TOKEN; empty or unset: the API is off. */
  token?: string;
  /** Also append each change as a JSON line to this file (MIGRATION_AUDIT_FILE). */
  auditFile?: string;
}

export interface AdminPluginOptions extends AdminOptions {
  table: RouteTable;
  setRouteMode(route: string, mode: RouteMode): void;
  shadow?: Shadow;
  /** The change log, shared with the caller (newest last, at most 1,000 kept). */
  changes: ModeChange[];
}

interface Credential {
  name: string;
  digest: Buffer;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Parses `token` or `alice:token1,bob:token2`. Empty: no credentials (the API stays off). */
export function parseAdminTokens(value: string | undefined): Credential[] {
  if (value === undefined || value.trim() === '') return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':');
      const [name, token] = colon > 0 ? [part.slice(0, colon), part.slice(colon + 1)] : ['admin', part];
      if (token.length < 16) throw new Error(`MIGRATION_ADMIN_TOKEN: the token for "${name}" is shorter than 16 characters; use a long random one`);
      return { name, digest: digest(token) };
    });
}

function identify(request: FastifyRequest, credentials: Credential[]): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return null;
  const given = digest(match[1]);
  let who: string | null = null;
  // Compare against every credential, so the time taken does not say which one matched.
  for (const credential of credentials) if (timingSafeEqual(given, credential.digest)) who = credential.name;
  return who;
}

function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: 'bad_request', message });
}

const MAX_CHANGES = 1000;

export const migrationAdmin: FastifyPluginAsync<AdminPluginOptions> = async (scope, options) => {
  const credentials = parseAdminTokens(options.token);
  if (credentials.length === 0) return;
  const { table, setRouteMode, shadow, changes, auditFile } = options;

  scope.decorateRequest('adminName', '');
  scope.addHook('onRequest', async (request, reply) => {
    const who = identify(request, credentials);
    if (who === null) {
      request.log.warn({ url: request.url, ip: request.ip }, 'migration admin: missing or wrong token');
      return reply.code(401).header('www-authenticate', 'Bearer realm="migration"').send({ error: 'unauthorized' });
    }
    const actor = request.headers['x-migration-actor'];
    (request as FastifyRequest & { adminName: string }).adminName =
      typeof actor === 'string' && actor.trim() !== '' ? `${who} (${actor.trim().slice(0, 80)})` : who;
  });

  const state = () => ({ routes: Object.fromEntries([...table.modes].sort(([a], [b]) => a.localeCompare(b))), changes: changes.slice(-100) });

  async function apply(request: FastifyRequest, action: ModeChange['action'], wanted: Map<string, RouteMode>): Promise<ModeChange[]> {
    const made: ModeChange[] = [];
    const who = (request as FastifyRequest & { adminName: string }).adminName;
    for (const [route, to] of wanted) {
      const from = table.modes.get(route) as RouteMode;
      if (from === to) continue;
      setRouteMode(route, to);
      made.push({ at: new Date().toISOString(), who, ip: request.ip, action, route, from, to });
    }
    for (const change of made) request.log.info({ migrationChange: change }, `route mode changed: ${change.route} ${change.from} -> ${change.to} by ${change.who}`);
    changes.push(...made);
    if (changes.length > MAX_CHANGES) changes.splice(0, changes.length - MAX_CHANGES);
    if (auditFile && made.length > 0) await appendFile(auditFile, made.map((change) => `${JSON.stringify(change)}\n`).join(''));
    return made;
  }

  /** Validates every entry before changing anything: all or nothing. */
  function resolve(entries: [string, unknown][]): Map<string, RouteMode> | string {
    const wanted = new Map<string, RouteMode>();
    const problems: string[] = [];
    for (const [entry, mode] of entries) {
      if (!ROUTE_MODES.includes(mode as RouteMode)) {
        problems.push(`"${entry}": mode must be one of ${ROUTE_MODES.join(', ')}, not ${JSON.stringify(mode)}`);
        continue;
      }
      if (entry === '*') {
        for (const route of table.modes.keys()) wanted.set(route, mode as RouteMode);
        continue;
      }
      let key: string;
      try {
        key = routeKey(entry);
      } catch (err) {
        problems.push((err as Error).message);
        continue;
      }
      if (!table.modes.has(key)) problems.push(`"${key}" has no Fastify implementation`);
      else wanted.set(key, mode as RouteMode);
    }
    return problems.length > 0 ? problems.join('; ') : wanted;
  }

  scope.get('/_migration/routes', async () => state());

  scope.put<{ Body: unknown }>('/_migration/routes', async (request, reply) => {
    const raw = (request.body as { routes?: unknown } | null)?.routes ?? request.body;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || Object.keys(raw).length === 0) {
      return badRequest(reply, 'send { "METHOD /path": "express" | "fastify" | "shadow", ... } ("*" for every route)');
    }
    const wanted = resolve(Object.entries(raw));
    if (typeof wanted === 'string') return badRequest(reply, wanted);
    const made = await apply(request, 'set', wanted);
    return { ...state(), changed: made };
  });

  scope.post<{ Body: unknown }>('/_migration/routes/rollback', async (request, reply) => {
    const body = (request.body ?? {}) as { route?: unknown; routes?: unknown };
    let names: unknown[];
    if (body.route !== undefined) names = [body.route];
    else if (body.routes !== undefined) names = Array.isArray(body.routes) ? body.routes : [body.routes];
    else names = ['*'];
    if (names.some((name) => typeof name !== 'string')) return badRequest(reply, 'send {} for every route, or { "route": "METHOD /path" }, or { "routes": [...] }');
    const wanted = resolve(names.map((name) => [name as string, 'express']));
    if (typeof wanted === 'string') return badRequest(reply, wanted);
    const made = await apply(request, 'rollback', wanted);
    return { ...state(), changed: made };
  });

  scope.get<{ Querystring: { format?: string } }>('/_migration/diffs', async (request, reply) => {
    if (!shadow) return reply.code(404).send({ error: 'shadow mode is off in this gateway' });
    if (request.query.format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(shadow.markdown());
    return { diffFile: shadow.diffFile, ...shadow.summary() };
  });
};
