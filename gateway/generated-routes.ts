/**
 * The migrated side of legacy-app/: the Fastify routes the recipe generated into gateway/generated
 * (`npm run generate:own-app`), every route of the app, with the `MigratedRoutes` entry written by
 * codemods/emit-gateway-entry.ts. `npm start`, the parity, safety and shadow suites, the benchmarks
 * and the soak test all take them from here.
 *
 * Loaded with require when called, not imported: the generated code is the recipe's output as it
 * stands, regenerated whenever the codemods change and not necessarily type-clean (tsconfig.json
 * decides what of it tsc checks); a static import would make tsc check all of it along with the
 * importer. The parity suite's gateway-generated target is what checks its behaviour.
 */
import type { MigratedRoutes } from './types';

export const GENERATED_ROUTES_MODULE = 'gateway/generated';

export function generatedRoutes(): MigratedRoutes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migratedRoutes } = require('./generated') as { migratedRoutes?: MigratedRoutes };
  if (!migratedRoutes || !Array.isArray(migratedRoutes.modules)) {
    throw new Error(`${GENERATED_ROUTES_MODULE}/index.ts exports no migratedRoutes: regenerate it with npm run generate:own-app`);
  }
  return migratedRoutes;
}
