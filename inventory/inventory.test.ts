import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInventory, manifestKey } from './inventory';
import { run } from './cli';
import type { Recipe } from './classify';

const SHOP = join(__dirname, '__fixtures__', 'shop-app');
const byKey = (inv: ReturnType<typeof buildInventory>, key: string) => {
  const r = inv.routes.find((x) => x.key === key);
  if (!r) throw new Error(`no ${key}`);
  return r;
};

describe('buildInventory on shop-app', () => {
  const inv = buildInventory({ root: SHOP, staticOnly: true, cwd: SHOP });

  test('state from the app\'s gateway manifest, diff counts from the shadow JSON Lines (a torn line skipped)', () => {
    expect(inv.sources).toMatchObject({ manifest: join('gateway', 'manifest.json'), diffs: join('gateway', 'shadow-diffs.jsonl'), codeowners: join('.github', 'CODEOWNERS') });
    expect(byKey(inv, 'GET /api/v1/users')).toMatchObject({ state: 'fastify', diffs: 0 });
    expect(byKey(inv, 'GET /api/v1/users/:id')).toMatchObject({ state: 'shadow', diffs: 2 });
    expect(byKey(inv, 'PUT /api/v1/users/:id')).toMatchObject({ state: 'shadow', diffs: 1 });
    expect(byKey(inv, 'DELETE /api/v1/users/:id')).toMatchObject({ state: 'express', diffs: 0 });
    expect(inv.summary.byState).toEqual({ fastify: 3, shadow: 2, express: 14 });
  });

  test('owners from .github/CODEOWNERS (the root CODEOWNERS is ignored), last match wins, unowned when the match has no owner', () => {
    expect(byKey(inv, 'GET /health')).toMatchObject({ team: 'platform', ownerRule: '.github/CODEOWNERS:2 *' });
    expect(byKey(inv, 'GET /api/v1/users/:userId/posts').team).toBe('accounts');
    expect(byKey(inv, 'POST /api/v1/orders/:id/pay')).toMatchObject({ team: 'orders', owners: ['@shop/orders', '@shop/accounts'] });
    expect(byKey(inv, 'GET /admin/stats').team).toBe('backoffice');
    expect(byKey(inv, 'GET /api/v1/reports/weekly')).toMatchObject({ team: 'unowned', owners: [] });
    expect(inv.summary.byTeam.map((t) => [t.name, t.total, t.fastify])).toEqual([
      ['accounts', 9, 1], ['orders', 5, 1], ['backoffice', 2, 0], ['platform', 2, 1], ['unowned', 1, 0],
    ]);
    expect(inv.unresolved.map((u) => `${u.team} ${u.file}`).sort()).toEqual(['accounts src/routes/extra.ts', 'accounts src/routes/unused.ts', 'unowned src/routes/reports.ts']);
  });

  test('static classification: native, adapter (Express-only API, escaping res), todo (unknown request field)', () => {
    expect(inv.classifier).toEqual({ used: 'static', detail: 'static classification (--static)' });
    expect(byKey(inv, 'GET /api/v1/users').recipe).toEqual({ outcome: 'native', reasons: [], source: 'static' });
    expect(byKey(inv, 'GET /api/v1/orders/:id/receipt').recipe.reasons).toEqual([expect.stringMatching(/^res\.render \(src\/routes\/orders\.ts:20\)/)]);
    expect(byKey(inv, 'POST /api/v1/orders/:id/pay').recipe).toMatchObject({ outcome: 'adapter', reasons: [expect.stringContaining('`req` escapes'), expect.stringContaining('`res` escapes')] });
    expect(byKey(inv, 'GET /api/v1/users/export.csv').recipe.outcome).toBe('adapter');
    expect(byKey(inv, 'ALL /api/v1/orders/legacy').recipe).toMatchObject({ outcome: 'todo', reasons: [expect.stringContaining('req.tenant')] });
  });

  test('with a recipe, its per-route outcome is used; a route it does not report falls back to static with a note', () => {
    const calls: string[] = [];
    const recipe: Recipe = {
      detail: 'test recipe',
      routesOf(file) {
        calls.push(file);
        if (!file.endsWith('users.ts')) return { routes: [] };
        return { routes: [{ method: 'GET', path: '/', line: 9, outcome: 'adapter', reasons: ['from the recipe'] }] };
      },
    };
    const withRecipe = buildInventory({ root: SHOP, cwd: SHOP, recipe });
    expect(withRecipe.classifier.used).toBe('recipe');
    expect(byKey(withRecipe, 'GET /api/v1/users').recipe).toEqual({ outcome: 'adapter', reasons: ['from the recipe'], source: 'recipe' });
    expect(byKey(withRecipe, 'GET /health').recipe).toMatchObject({ source: 'static', reasons: ["not in the recipe's report; static classification"] });
    expect(new Set(calls).size).toBe(calls.length); // each file run once
  });
});

test('manifest keys use find-my-way syntax', () => {
  expect(manifestKey('GET', '/files/*splat')).toBe('GET /files/*');
  expect(manifestKey('GET', '/users{/:id}')).toBe('GET /users/:id?');
  expect(manifestKey('DELETE', '/api/users/:id')).toBe('DELETE /api/users/:id');
});

test('npm run inventory writes inventory.json, a Markdown table and the HTML page, and prints a summary', () => {
  const out = mkdtempSync(join(tmpdir(), 'inventory-cli-'));
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: SHOP };
  expect(run(['.', '--out', out, '--static'], io as never)).toBe(0);
  expect(stderr).toBe('');
  expect(stdout).toMatch(/^inventory: 19 routes in \d+ files under \.; 3 unresolved$/m);
  expect(stdout).toContain('inventory: state: 3 fastify, 2 shadow, 14 express');
  const json = JSON.parse(readFileSync(join(out, 'inventory.json'), 'utf8'));
  expect(json.routes).toHaveLength(19);
  const md = readFileSync(join(out, 'inventory.md'), 'utf8');
  expect(md.split('\n').filter((l) => /^\| (GET|POST|PUT|DELETE|ALL|PATCH) \| `/.test(l))).toHaveLength(19);
  expect(md).toContain('| accounts | 9 | 1 | 2 | 6 |');
  const html = readFileSync(join(out, 'inventory.html'), 'utf8');
  expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/); // nothing to fetch
  expect(run(['--bogus'], io as never)).toBe(2);
  expect(stderr).toContain('unknown option --bogus');
});
