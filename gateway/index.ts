/**
 * The strangler-fig gateway: a Fastify server that serves migrated routes natively and hands every
 * other request, body intact, to the legacy Express app mounted behind it.
 *
 *   const gateway = createGateway({ legacyApp: expressApp, routes: migratedRoutes });
 *   await gateway.listen({ port: 3000 });
 */
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { listExpressRoutes } from './express-routes';
import { healthz } from './healthz';
import { handOffTo, legacyFallback, type HandOff } from './legacy-fallback';
import {
  loadManifest,
  parseManifest,
  parseMigratedRoutesEnv,
  resolveModes,
  routeKey,
  type MigratedRoutesOverride,
} from './manifest';
import { routeDispatch, type RouteTable } from './route-dispatch';
import { migrationAdmin, type AdminOptions, type ModeChange } from './admin';
import { createShadow, type Shadow, type ShadowOptions } from './shadow';
import type { LegacyApp, Manifest, MigratedRoutes, RouteMode } from './types';

export * from './types';
export { ManifestError, parseManifest, loadManifest, routeKey } from './manifest';
export { listExpressRoutes } from './express-routes';
export { ADAPTER_HANDLER, type RouteTable } from './route-dispatch';

export const DEFAULT_MANIFEST_PATH = join(__dirname, 'manifest.json');

export interface GatewayOptions {
  /** The legacy Express app (any `(req, res)` request listener). */
  legacyApp: LegacyApp;
  /** The migrated Fastify routes. Without them every request goes to Express. */
  routes?: MigratedRoutes;
  /** A manifest file path or object; defaults to gateway/manifest.json when `routes` are given and it exists. */
  manifest?: string | Manifest;
  /** Overrides the manifest like MIGRATED_ROUTES: 'all', 'none', or a list of 'METHOD /path'. */
  migratedRoutes?: MigratedRoutesOverride | string;
  /** Passed to Fastify; `logger` defaults to off. */
  fastify?: FastifyServerOptions;
  /** Shadow mode for `shadow`-mode routes (gateway/shadow); `false`: such routes are served by Express alone. */
  shadow?: ShadowOptions | false;
  /** The `/_migration/*` admin API (gateway/admin.ts); off unless a token is given or MIGRATION_ADMIN_TOKEN is set. */
  admin?: AdminOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's live route table: mode of every migrated route, adapter debt. */
    routeTable: RouteTable;
    /** Changes one route's mode at run time; throws on an unknown route. Requests in flight finish where they started. */
    setRouteMode(route: string, mode: RouteMode): void;
    /** Shadow mode's comparisons (summary, idle()); null when shadow mode is off. */
    shadow: Shadow | null;
    /** Every mode change made through the admin API, oldest first. */
    migrationChanges: ModeChange[];
  }
}

function manifestFrom(option: GatewayOptions['manifest'], haveRoutes: boolean): Manifest {
  if (typeof option === 'string') return loadManifest(option);
  if (option) return parseManifest(option);
  if (!haveRoutes) return {};
  try {
    return loadManifest(DEFAULT_MANIFEST_PATH);
  } catch (err) {
    if ((err as Error).message.includes('ENOENT')) return {};
    throw err;
  }
}

export function createGateway(options: GatewayOptions): FastifyInstance {
  const { legacyApp } = options;
  if (typeof legacyApp !== 'function') {
    throw new TypeError('createGateway: legacyApp must be an Express app or a (req, res) request listener');
  }
  const routes: MigratedRoutes = options.routes ?? { modules: [] };
  const manifest = manifestFrom(options.manifest, options.routes !== undefined);
  const override =
    typeof options.migratedRoutes === 'string' ? parseMigratedRoutesEnv(options.migratedRoutes) : options.migratedRoutes;

  const gateway = Fastify({
    logger: false,
    // Match Express's routing defaults, so a path that reaches a route on one side reaches it on the other.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    ...options.fastify,
  });

  const table: RouteTable = { modes: new Map(), adapterRoutes: new Set() };
  const handOff = handOffTo(legacyApp);
  gateway.decorate('routeTable', table);
  gateway.decorate('setRouteMode', (route: string, mode: RouteMode) => {
    const key = routeKey(route);
    if (!table.modes.has(key)) throw new Error(`"${key}" has no Fastify implementation; known: ${[...table.modes.keys()].join(', ')}`);
    if (!['express', 'fastify', 'shadow'].includes(mode)) throw new Error(`unknown mode ${JSON.stringify(mode)}`);
    table.modes.set(key, mode);
  });

  const shadow = options.shadow === false ? null : createShadow(options.shadow ?? {}, { legacyApp, gateway, table, handOff });
  const changes: ModeChange[] = [];
  gateway.decorate('shadow', shadow);
  gateway.decorate('migrationChanges', changes);
  gateway.decorateRequest('migrationShadow', false);

  gateway.register(healthz, { table });
  gateway.register(migrationAdmin, {
    token: options.admin?.token ?? process.env.MIGRATION_ADMIN_TOKEN,
    auditFile: options.admin?.auditFile ?? process.env.MIGRATION_AUDIT_FILE,
    table,
    setRouteMode: (route, mode) => gateway.setRouteMode(route, mode),
    shadow: shadow ?? undefined,
    changes,
  });
  gateway.register(routeDispatch, {
    routes,
    table,
    handOff,
    shadow: shadow ?? undefined,
  });
  const legacyRoutes = listExpressRoutes(legacyApp);
  gateway.register(legacyFallback, { handOff, staticRoutes: legacyRoutes, migrated: table.modes });

  gateway.addHook('onReady', async () => {
    const migrated = new Set(table.modes.keys());
    const legacyKeys = legacyRoutes.map((route) => `${route.method} ${route.path}`);
    // An app whose routing table cannot be read: trust the manifest for express-only entries.
    const known = new Set([...migrated, ...(legacyKeys.length > 0 ? legacyKeys : Object.keys(manifest))]);
    const modes = resolveModes({ manifest, override, migrated, known });
    for (const [key, mode] of modes) table.modes.set(key, mode);
  });

  return gateway;
}
