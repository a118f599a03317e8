/**
 * The five servers a benchmark compares, built the way production would build them:
 *   legacy        the Express app alone (node:http + createLegacyApp())
 *   fallback      the gateway with nothing flipped: every request handed to Express
 *   migrated      the gateway with the endpoint flipped to its Fastify version
 *   adapter       the gateway with the endpoint flipped to a Fastify route that runs the legacy
 *                 app's own Express middlewares and handler through gateway/adapter
 *   fastify-bare  Fastify with the migrated modules and their setup only: no gateway, no Express
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { TargetName } from './lib/args';
import type { LegacyApp, MigratedRoutes } from '../gateway/types';

export const PROJECT_ROOT = resolve(__dirname, '..');

/** A target that cannot be built for this endpoint (no Fastify version, no adapter yet...). */
export class TargetUnavailable extends Error {
  readonly code = 'BENCH_ERR_TARGET_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'TargetUnavailable';
  }
}

export interface RunningTarget {
  port: number;
  close(): Promise<void>;
}

export interface TargetOptions {
  /** `GET /api/users/:id`. */
  endpoint: string;
  /** Module exporting `migratedRoutes`, relative to the project root (or absolute). */
  routesModule: string;
  host?: string;
  port?: number;
}

/** The same routing defaults the gateway uses, so fastify-bare differs from migrated only by the gateway. */
const ROUTER_OPTIONS = { caseSensitive: false, ignoreTrailingSlash: true };

export function loadMigratedRoutes(moduleName: string): MigratedRoutes {
  const file = resolve(PROJECT_ROOT, moduleName);
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file) as Record<string, unknown>;
  } catch (err) {
    throw new TargetUnavailable(`cannot load the migrated routes module ${moduleName}: ${(err as Error).message}`);
  }
  const routes = (mod.migratedRoutes ?? mod.routes ?? mod.default) as MigratedRoutes | undefined;
  if (!routes || !Array.isArray(routes.modules)) {
    throw new TargetUnavailable(`${moduleName} exports no migratedRoutes ({ setup?, modules: [{ prefix, plugin }] })`);
  }
  return routes;
}

function loadLegacyApp(): LegacyApp {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLegacyApp } = require(resolve(PROJECT_ROOT, 'legacy-app/app')) as { createLegacyApp: () => LegacyApp };
  return createLegacyApp();
}

function keyOf(route: RouteOptions): string {
  const method = Array.isArray(route.method) ? 'ALL' : String(route.method).toUpperCase();
  return `${method} ${route.url}`;
}

async function listenFastify(app: FastifyInstance, options: TargetOptions): Promise<RunningTarget> {
  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => app.close() };
}

async function startLegacy(options: TargetOptions): Promise<RunningTarget> {
  const server: Server = createServer(loadLegacyApp());
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

async function gatewayTarget(routes: MigratedRoutes, flipped: string[], options: TargetOptions): Promise<RunningTarget> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createGateway } = require(resolve(PROJECT_ROOT, 'gateway')) as typeof import('../gateway');
  const gateway = createGateway({
    legacyApp: loadLegacyApp(),
    routes,
    // The manifest file is the team's deployment state, not the benchmark's: start from nothing.
    manifest: {},
    migratedRoutes: flipped.length > 0 ? flipped : 'none',
    fastify: { logger: false, forceCloseConnections: true },
  });
  await gateway.ready();
  for (const key of flipped) {
    if (gateway.routeTable.modes.get(key) !== 'fastify') {
      await gateway.close();
      throw new TargetUnavailable(`${key} is not served by Fastify through the gateway`);
    }
  }
  return listenFastify(gateway, options);
}

async function fastifyBare(routes: MigratedRoutes, options: TargetOptions): Promise<RunningTarget> {
  const app = Fastify({ logger: false, forceCloseConnections: true, routerOptions: ROUTER_OPTIONS });
  const keys = new Set<string>();
  app.addHook('onRoute', (route) => {
    keys.add(keyOf(route));
  });
  await app.register(async (scope) => {
    if (routes.setup) await scope.register(fp(routes.setup));
    for (const module of routes.modules) await scope.register(module.plugin, { prefix: module.prefix });
  });
  await app.ready();
  if (!keys.has(options.endpoint)) {
    await app.close();
    throw new TargetUnavailable(`${options.endpoint} has no Fastify implementation in ${options.routesModule}`);
  }
  return listenFastify(app, options);
}

/** Whether `routes` holds a Fastify implementation of `endpoint` (registers the modules in a throw-away app). */
export async function hasMigratedRoute(routes: MigratedRoutes, endpoint: string): Promise<boolean> {
  const app = Fastify({ logger: false, routerOptions: ROUTER_OPTIONS });
  const keys = new Set<string>();
  app.addHook('onRoute', (route) => {
    keys.add(keyOf(route));
  });
  await app.register(async (scope) => {
    if (routes.setup) await scope.register(fp(routes.setup));
    for (const module of routes.modules) await scope.register(module.plugin, { prefix: module.prefix });
  });
  await app.ready();
  await app.close();
  return keys.has(endpoint);
}

export async function startTarget(target: TargetName, options: TargetOptions): Promise<RunningTarget> {
  switch (target) {
    case 'legacy':
      return startLegacy(options);
    case 'fallback':
      return gatewayTarget(loadMigratedRoutes(options.routesModule), [], options);
    case 'migrated': {
      const routes = loadMigratedRoutes(options.routesModule);
      if (!(await hasMigratedRoute(routes, options.endpoint))) {
        throw new TargetUnavailable(`${options.endpoint} has no Fastify implementation in ${options.routesModule}`);
      }
      return gatewayTarget(routes, [options.endpoint], options);
    }
    case 'adapter': {
      const adapterRoutes = await loadAdapterRoutes(options.endpoint);
      return gatewayTarget(adapterRoutes, [options.endpoint], options);
    }
    case 'fastify-bare':
      return fastifyBare(loadMigratedRoutes(options.routesModule), options);
  }
}

async function loadAdapterRoutes(endpoint: string): Promise<MigratedRoutes> {
  const adapterIndex = resolve(PROJECT_ROOT, 'gateway/adapter/index.ts');
  if (!existsSync(adapterIndex)) {
    throw new TargetUnavailable('gateway/adapter/index.ts does not exist yet (the adapter is not built)');
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { adapterRoutesFor } = require('./adapter-target') as typeof import('./adapter-target');
  return adapterRoutesFor(loadLegacyApp(), endpoint);
}
