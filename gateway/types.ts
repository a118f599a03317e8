import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';

/** Which side answers a route: the legacy Express app, its migrated Fastify twin, or Express with the twin run in shadow. */
export type RouteMode = 'express' | 'fastify' | 'shadow';
export const ROUTE_MODES: readonly RouteMode[] = ['express', 'fastify', 'shadow'];

/** Any Express app (or connect-style request listener) that the gateway mounts behind Fastify. */
export type LegacyApp = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/** One Fastify plugin of migrated routes, registered under the prefix its Express router was mounted at. */
export interface MigratedModule {
  prefix: string;
  plugin: FastifyPluginAsync;
}

/** The migrated side of an app: what generated (or hand-written) Fastify code exports. */
export interface MigratedRoutes {
  /**
   * Shared set-up for every migrated route (cookie and form parsers, request decorators, auth
   * hooks, the error handler). Registered with fastify-plugin semantics inside the migrated scope,
   * so it applies to all modules and to nothing else.
   */
  setup?: FastifyPluginAsync;
  modules: MigratedModule[];
}

/** `METHOD /path` to mode, as in gateway/manifest.json. */
export type Manifest = Record<string, RouteMode>;
