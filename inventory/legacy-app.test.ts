/**
 * The inventory of our own legacy app, checked against the app's real routing table read at run
 * time: every route with the right full path, and the right roles. Roles are read at run time by
 * tagging what requireRole() returns and walking Express's router stacks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../codemods/cli';
import type { MigrationReport } from '../codemods/report';
import { listExpressRoutes } from '../gateway/express-routes';
import { joinPath } from './analyze';
import { buildInventory, readManifest } from './inventory';

jest.mock('../legacy-app/middleware/auth', () => {
  const actual = jest.requireActual('../legacy-app/middleware/auth');
  return {
    ...actual,
    requireRole: (role: string) => Object.assign(actual.requireRole(role), { inventoryRoles: [role] }),
  };
});

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
  handle?: { stack?: Layer[]; inventoryRoles?: string[] };
}

/** `METHOD /full/path` -> roles required on the way, read from the live router stacks. */
function runtimeRoles(stack: Layer[], prefix: string, inherited: string[], out: Map<string, string[]>): void {
  const level: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const own = layer.route.stack.flatMap((l) => l.handle?.inventoryRoles ?? []);
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on) out.set(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${joinPath(prefix, String(layer.route.path))}`, [...inherited, ...level, ...own]);
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      const path = String(layer.rawPath ?? '/');
      runtimeRoles(layer.handle.stack, path === '/' ? prefix : joinPath(prefix, path), [...inherited, ...level], out);
    } else if (layer.handle?.inventoryRoles) {
      level.push(...layer.handle.inventoryRoles);
    }
  }
}

const ROOT = join(__dirname, '..');

describe('inventory of legacy-app against its real routing table', () => {
  const inventory = buildInventory({ root: join(ROOT, 'legacy-app'), cwd: ROOT, staticOnly: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLegacyApp } = require('../legacy-app/app') as { createLegacyApp: () => { router: { stack: Layer[] } } };
  const app = createLegacyApp();

  test('lists every route with its full path, and nothing else', () => {
    const runtime = listExpressRoutes(app).map((r) => `${r.method} ${r.path}`).sort();
    expect(runtime.length).toBeGreaterThan(10);
    expect(inventory.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(runtime);
    expect(inventory.unresolved).toEqual([]);
  });

  test('gives every route the roles it requires at run time', () => {
    const roles = new Map<string, string[]>();
    runtimeRoles(app.router.stack, '', [], roles);
    const withRoles = [...roles.values()].filter((r) => r.length > 0).length;
    expect(withRoles).toBeGreaterThan(3); // the tagging reached the app: role-protected routes exist
    for (const route of inventory.routes) {
      expect({ route: `${route.method} ${route.path}`, roles: [...new Set(route.roles)].sort() }).toEqual({
        route: `${route.method} ${route.path}`,
        roles: [...new Set(roles.get(`${route.method} ${route.path}`))].sort(),
      });
    }
  });

  test('with the recipe, every route has the outcome the migration report gives it (the avatar route: adapter, from its controller)', async () => {
    const withRecipe = buildInventory({ root: join(ROOT, 'legacy-app'), cwd: ROOT });
    expect(withRecipe.classifier.used).toBe('recipe');
    const reportDir = mkdtempSync(join(tmpdir(), 'inventory-report-'));
    const sink = { out: '', err: '' };
    const result = await run(['legacy-app', '--dry', '--force', '--quiet', '--cpus', '1', '--report-dir', reportDir], {
      cwd: ROOT,
      stdout: { write: (t: string) => ((sink.out += t), true) },
      stderr: { write: (t: string) => ((sink.err += t), true), isTTY: false },
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(reportDir, 'migration-report.json'), 'utf8')) as MigrationReport;
    rmSync(reportDir, { recursive: true, force: true });
    const fromReport = Object.fromEntries(report.routes.map((r) => [`${r.method} ${r.fullPath}`, r.outcome]));
    const fromInventory = Object.fromEntries(withRecipe.routes.map((r) => [r.key, r.recipe.outcome]));
    expect(fromInventory).toEqual(fromReport);
    expect(fromInventory['GET /api/users/:id/avatar']).toBe('adapter');
  });

  test('takes each route\'s state from gateway/manifest.json', () => {
    const manifest = readManifest(join(ROOT, 'gateway', 'manifest.json'));
    expect(inventory.sources.manifest).toBe(join('gateway', 'manifest.json'));
    for (const route of inventory.routes) expect([route.key, route.state]).toEqual([route.key, manifest.get(route.key) ?? 'express']);
    const raw = JSON.parse(readFileSync(join(ROOT, 'gateway', 'manifest.json'), 'utf8')) as { routes: Record<string, string> };
    const fastify = Object.entries(raw.routes).filter(([k, v]) => v === 'fastify' && inventory.routes.some((r) => r.key === k)).length;
    expect(inventory.summary.byState.fastify).toBe(fastify);
  });
});
