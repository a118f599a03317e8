/**
 * The two sides every safety test compares, each on 127.0.0.1 over real HTTP: the legacy Express
 * app alone, and the gateway with every migrated route flipped to Fastify through the admin API.
 * Both use the same SQLite file (test/setup-env.ts gives each test file its own).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createGateway, DEFAULT_MANIFEST_PATH } from '../../gateway';
import { migratedRoutes } from '../../gateway/migrated';
import { createLegacyApp } from '../../legacy-app/app';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { send } from '../support/http';

export const ADMIN_TOKEN = 'safety-admin-token-0123456789';

export interface Sides {
  legacy: { server: Server; base: string };
  gateway: { app: FastifyInstance; base: string };
  close(): Promise<void>;
}

/** The routes of gateway/manifest.json, as `METHOD /path`. */
export function manifestRoutes(): string[] {
  const raw = JSON.parse(readFileSync(DEFAULT_MANIFEST_PATH, 'utf8')) as { routes: Record<string, string> };
  return Object.keys(raw.routes);
}

export async function startSides(): Promise<Sides> {
  const server = createServer(createLegacyApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const app = createGateway({ legacyApp: createLegacyApp(), routes: migratedRoutes, shadow: false, admin: { token: ADMIN_TOKEN } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const gatewayBase = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Flip every route at run time, the way an operator would.
  const flipped = await send(gatewayBase, {
    method: 'PUT',
    path: '/_migration/routes',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    body: { '*': 'fastify' },
  });
  if (flipped.status !== 200) throw new Error(`could not flip the routes: ${flipped.status} ${flipped.text}`);
  return {
    legacy: { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` },
    gateway: { app, base: gatewayBase },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
