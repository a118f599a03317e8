/**
 * The migrated side: registers the Fastify route modules in one scope and decides, per request and
 * at run time, whether a migrated route answers natively or hands the request to Express.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import type { HandOff } from './legacy-fallback';
import type { MigratedRoutes, RouteMode } from './types';

/** Marks a handler that runs Express code through the adapter (tracked as debt in /healthz). */
export const ADAPTER_HANDLER = Symbol.for('express-to-fastify.adapter');

export interface RouteTable {
  /** Every migrated route key (`GET /api/users/:id`) with its current mode. */
  modes: Map<string, RouteMode>;
  /** Migrated routes whose handler runs through the adapter. */
  adapterRoutes: Set<string>;
}

/** What route dispatch needs from shadow mode (gateway/shadow). */
export interface ShadowDispatch {
  /** Serves a `shadow`-mode request from Express and compares the Fastify copy afterwards. */
  serve: HandOff;
  /**
   * True for the gateway's own Fastify copy of a shadowed request (it carries a per-process secret):
   * that copy is answered by Fastify whatever the route's mode. Strips the marker from any request.
   */
  isCopy(request: FastifyRequest): boolean;
}

export interface RouteDispatchOptions {
  routes: MigratedRoutes;
  table: RouteTable;
  handOff: HandOff;
  /** Serves routes in `shadow` mode; without it they are served by Express alone. */
  shadow?: ShadowDispatch;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The manifest key of a migrated route, set when the route is registered. */
    migrationKey?: string;
  }
}

/**
 * True when a static segment of the route is percent-encoded in the request path (`/%61pi/users`
 * for `/api/users`). find-my-way decodes the path before matching; Express matches the raw path and
 * never routes such a request to that route (a 404), so neither may the gateway.
 */
export function encodesStaticSegment(rawUrl: string | undefined, pattern: string | undefined): boolean {
  if (rawUrl === undefined || pattern === undefined || !rawUrl.includes('%')) return false;
  const end = rawUrl.search(/[?#]/);
  const path = end === -1 ? rawUrl : rawUrl.slice(0, end);
  if (!path.includes('%')) return false;
  const raw = path.split('/');
  const wanted = pattern.split('/');
  for (let i = 0; i < wanted.length && i < raw.length; i += 1) {
    if (wanted[i].includes('*')) return false;
    if (!wanted[i].includes(':') && raw[i].includes('%')) return true;
  }
  return false;
}

/**
 * True when a route parameter matched nothing: find-my-way lets `/api/products//` (one trailing
 * slash ignored) reach `/api/products/:sku` with `sku` empty, where Express never matches an empty
 * parameter (its router serves `/api/products//` from the router's `/` route instead).
 */
export function hasEmptyParam(params: unknown): boolean {
  if (params === null || typeof params !== 'object') return false;
  for (const value of Object.values(params)) if (value === '') return true;
  return false;
}

function methodOf(route: RouteOptions): string {
  return Array.isArray(route.method) ? 'ALL' : String(route.method).toUpperCase();
}

export const routeDispatch: FastifyPluginAsync<RouteDispatchOptions> = async (scope, { routes, table, handOff, shadow }) => {
  const registered = new Set<string>();
  scope.addHook('onRoute', (route) => {
    const method = methodOf(route);
    // Fastify adds a HEAD twin for each GET: it follows its GET's mode and is not a route of its own.
    const headOfGet = method === 'HEAD' && registered.has(`GET ${route.url}`);
    const key = headOfGet ? `GET ${route.url}` : `${method} ${route.url}`;
    route.config = { ...(route.config ?? {}), migrationKey: key };
    if (headOfGet) return;
    registered.add(key);
    if (!table.modes.has(key)) table.modes.set(key, 'express');
    if ((route.handler as unknown as Record<symbol, unknown>)[ADAPTER_HANDLER]) table.adapterRoutes.add(key);
  });
  // Added before any module so it runs before the modules' own hooks (auth included).
  scope.addHook('onRequest', (request, reply, done) => {
    const key = request.routeOptions.config.migrationKey;
    const mode = key === undefined ? 'express' : table.modes.get(key);
    // The shadow's copy never goes to Express: a route flipped meanwhile must not run the legacy side twice.
    if (shadow?.isCopy(request) && key !== undefined) return done();
    if (mode !== 'express' && (encodesStaticSegment(request.raw.url, request.routeOptions.url) || hasEmptyParam(request.params))) {
      handOff(request, reply);
      return done();
    }
    if (mode === 'fastify') return done();
    (mode === 'shadow' && shadow ? shadow.serve : handOff)(request, reply);
    done();
  });
  if (routes.setup) await scope.register(fp(routes.setup));
  for (const module of routes.modules) await scope.register(module.plugin, { prefix: module.prefix });
};
