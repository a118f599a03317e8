/**
 * `npm start`: the gateway on PORT (default 3000) with the legacy app mounted behind it, the
 * database created and seeded on first start. MIGRATED_ROUTES overrides gateway/manifest.json.
 */
import { createLegacyApp } from '../legacy-app/app';
import { closeDb } from '../legacy-app/db';
import { generatedRoutes } from './generated-routes';
import { createGateway } from './index';

async function main(): Promise<void> {
  const gateway = createGateway({
    legacyApp: createLegacyApp(),
    // The Fastify routes the recipe generated from legacy-app/ (npm run generate:own-app).
    routes: generatedRoutes(),
    migratedRoutes: process.env.MIGRATED_ROUTES,
    fastify: {
      logger: { level: process.env.LOG_LEVEL ?? 'info' },
      // Lets in-flight requests finish on SIGTERM, but not hang forever on idle keep-alive sockets.
      forceCloseConnections: 'idle',
    },
  });
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  await gateway.listen({ port, host });
  gateway.log.info(countModes(gateway.routeTable.modes), 'gateway ready: migrated routes by side');

  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      gateway.log.info({ signal }, 'shutting down: finishing in-flight requests');
      // Express's answers bypass Fastify's `Connection: close` while closing, so sockets that go idle
      // after their last answer are closed here instead of holding the exit back for keepAliveTimeout.
      setInterval(() => gateway.server.closeIdleConnections(), 100).unref();
      setTimeout(() => {
        gateway.log.error('in-flight requests did not finish within 30 s: exiting');
        process.exit(1);
      }, 30_000).unref();
      gateway.close().then(
        () => {
          closeDb();
          process.exit(0);
        },
        (err) => {
          gateway.log.error({ err }, 'error while shutting down');
          process.exit(1);
        },
      );
    });
  }
}

function countModes(modes: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const mode of modes.values()) counts[mode] = (counts[mode] ?? 0) + 1;
  return counts;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
