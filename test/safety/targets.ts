/**
 * The two sides every safety test compares, each on 127.0.0.1 over real HTTP: the legacy Express
 * app alone, and the gateway with every route the recipe generated (gateway/generated) flipped to
 * Fastify through the admin API.
 * Each side has its own copy of the seeded database (the legacy app in its own module registry, so
 * its own database singleton), so the same requests in the same order find the same data on both
 * sides: a write on one side is not seen by the other.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createGateway, DEFAULT_MANIFEST_PATH } from '../../gateway';
import { generatedRoutes } from '../../gateway/generated-routes';
import { createLegacyApp } from '../../legacy-app/app';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { listenExpress, send } from '../support/http';

export const ADMIN_TOKEN = 'safety-admin-token-0123456789';

export interface Sides {
  legacy: LegacySide;
  gateway: { app: FastifyInstance; base: string };
  close(): Promise<void>;
}

/** The routes of gateway/manifest.json, as `METHOD /path`. */
export function manifestRoutes(): string[] {
  const raw = JSON.parse(readFileSync(DEFAULT_MANIFEST_PATH, 'utf8')) as { routes: Record<string, string> };
  return Object.keys(raw.routes);
}

export interface LegacySide {
  server: Server;
  base: string;
}

/** The legacy app with its own module registry, so its own database singleton, on its own file. */
export async function startIsolatedLegacy(): Promise<LegacySide> {
  const saved = process.env.DATABASE_PATH;
  process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'e2f-db-legacy-')), 'legacy.db');
  let app: ReturnType<typeof createLegacyApp> | undefined;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const db = require('../../legacy-app/db') as typeof import('../../legacy-app/db');
      db.getDb();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      app = (require('../../legacy-app/app') as typeof import('../../legacy-app/app')).createLegacyApp();
    });
  } finally {
    process.env.DATABASE_PATH = saved;
  }
  return listenExpress(app!);
}

export async function startSides(): Promise<Sides> {
  const legacy = await startIsolatedLegacy();
  const app = createGateway({ legacyApp: createLegacyApp(), routes: generatedRoutes(), shadow: false, admin: { token: ADMIN_TOKEN } });
  const gatewayBase = await app.listen({ port: 0, host: '127.0.0.1' });
  // Flip every route at run time, the way an operator would.
  const flipped = await send(gatewayBase, {
    method: 'PUT',
    path: '/_migration/routes',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: { '*': 'fastify' },
  });
  if (flipped.status !== 200) throw new Error(`could not flip the routes: ${flipped.status} ${flipped.text}`);
  return {
    legacy,
    gateway: { app, base: gatewayBase },
    async close() {
      legacy.server.closeAllConnections();
      await new Promise<void>((resolve) => legacy.server.close(() => resolve()));
      await app.close();
    },
  };
}

export const CREDENTIALS = {
  none: {},
  'bad token': { authorization: 'Bearer tok_nobody_000000000000' },
  'user without the role': { authorization: `Bearer ${SEED_TOKENS.alice}` },
  'user with the role': { authorization: `Bearer ${SEED_TOKENS.admin}` },
} as const satisfies Record<string, Record<string, string>>;
export type CredentialName = keyof typeof CREDENTIALS;
