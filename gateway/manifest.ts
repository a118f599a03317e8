/**
 * The route manifest: which side serves each `METHOD /path`.
 *
 * gateway/manifest.json holds `{ "routes": { "GET /api/users/:id": "fastify", ... } }`. The
 * `MIGRATED_ROUTES` environment variable (or the `migratedRoutes` option) overrides it:
 * `all`, `none`, or a comma-separated list of `METHOD /path` to serve from Fastify.
 */
import { readFileSync } from 'node:fs';
import { ROUTE_MODES, type Manifest, type RouteMode } from './types';

export type MigratedRoutesOverride = 'all' | 'none' | readonly string[];

export class ManifestError extends Error {
  readonly code = 'GATEWAY_ERR_MANIFEST';
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'ALL']);

/** `get  /a/b` -> `GET /a/b`; throws on anything that is not `METHOD /path`. */
export function routeKey(entry: string): string {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(entry);
  if (!match || !METHODS.has(match[1].toUpperCase())) {
    throw new ManifestError(`"${entry}" is not a route: write it as "METHOD /path", for example "GET /api/users/:id"`);
  }
  return `${match[1].toUpperCase()} ${match[2]}`;
}

export function parseManifest(raw: unknown, source = 'manifest'): Manifest {
  const routes = (raw as { routes?: unknown } | null)?.routes ?? raw;
  if (typeof routes !== 'object' || routes === null || Array.isArray(routes)) {
    throw new ManifestError(`${source}: expected { "routes": { "METHOD /path": "express" | "fastify" | "shadow" } }`);
  }
  const manifest: Manifest = {};
  for (const [entry, mode] of Object.entries(routes)) {
    if (!ROUTE_MODES.includes(mode as RouteMode)) {
      throw new ManifestError(`${source}: "${entry}" has mode ${JSON.stringify(mode)}; use one of ${ROUTE_MODES.join(', ')}`);
    }
    manifest[routeKey(entry)] = mode as RouteMode;
  }
  return manifest;
}

export function loadManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ManifestError(`cannot read the route manifest ${file}: ${(err as Error).message}`);
  }
  try {
    return parseManifest(JSON.parse(text), file);
  } catch (err) {
    if (err instanceof ManifestError) throw err;
    throw new ManifestError(`the route manifest ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Parses MIGRATED_ROUTES: `all`, `none`, or `GET /a, POST /b`. Empty or unset means no override. */
export function parseMigratedRoutesEnv(value: string | undefined): MigratedRoutesOverride | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'all' || trimmed === 'none') return trimmed;
  return value.split(',').map((entry) => entry.trim()).filter(Boolean).map(routeKey);
}

/**
 * The mode of every route the gateway knows. `migrated` are the routes that have a Fastify
 * implementation; `known` are all routes (migrated plus the legacy app's, where they could be read).
 * Throws a ManifestError that names every bad entry at once.
 */
export function resolveModes(options: {
  manifest: Manifest;
  override?: MigratedRoutesOverride;
  migrated: ReadonlySet<string>;
  known: ReadonlySet<string>;
}): Map<string, RouteMode> {
  const { manifest, override, migrated, known } = options;
  const problems: string[] = [];
  for (const [key, mode] of Object.entries(manifest)) {
    if (!known.has(key)) problems.push(`"${key}" names no known route`);
    else if (mode !== 'express' && !migrated.has(key)) problems.push(`"${key}" is set to ${mode} but has no Fastify implementation`);
  }
  if (Array.isArray(override)) {
    for (const key of override) {
      if (!migrated.has(key)) problems.push(`MIGRATED_ROUTES names "${key}", which has no Fastify implementation`);
    }
  }
  if (problems.length > 0) {
    const available = [...migrated].sort().join(', ') || '(none)';
    throw new ManifestError(`invalid route manifest:\n  - ${problems.join('\n  - ')}\nRoutes with a Fastify implementation: ${available}`);
  }
  const modes = new Map<string, RouteMode>();
  for (const key of migrated) {
    let mode: RouteMode;
    if (override === 'all') mode = 'fastify';
    else if (override === 'none') mode = 'express';
    else if (Array.isArray(override)) mode = override.includes(key) ? 'fastify' : 'express';
    else mode = manifest[key] ?? 'express';
    modes.set(key, mode);
  }
  return modes;
}
