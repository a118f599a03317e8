/**
 * The route inventory of an Express codebase: every route (full path, file:line, middleware, roles,
 * handler style), what the recipe would do to it, its state in the gateway manifest and its shadow
 * diff count, and its owning team from CODEOWNERS. Unresolved routes are kept, with the reason.
 *
 *   const inv = buildInventory({ root: 'legacy-app', manifest: 'gateway/manifest.json' });
 *   inv.summary.byTeam  // [{ team: 'accounts', total: 12, fastify: 2, shadow: 1, express: 9, ... }]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { convertExpressPath } from '../codemods/lib/express-path';
import { analyzeApp, type AnalyzeOptions, type HandlerInfo, type MiddlewareRef, type UnresolvedItem } from './analyze';
import { classifyStatically, loadRecipe, matchRecipeRoute, type Outcome, type Recipe } from './classify';
import { CODEOWNERS_LOCATIONS, loadCodeowners, ownerOf, type Codeowners } from './codeowners';

export type RouteState = 'express' | 'shadow' | 'fastify';
export const STATES: RouteState[] = ['fastify', 'shadow', 'express'];
export const OUTCOMES: Outcome[] = ['native', 'adapter', 'todo'];

export interface InventoryRoute {
  id: number;
  method: string;
  path: string;
  /** Manifest key: `METHOD <path in find-my-way syntax>`. */
  key: string;
  file: string;
  line: number;
  router: string;
  mounts: { prefix: string; router: string }[];
  middleware: MiddlewareRef[];
  roles: string[];
  handler: HandlerInfo;
  recipe: { outcome: Outcome; reasons: string[]; source: 'recipe' | 'static' };
  state: RouteState;
  /** Shadow diffs recorded for the route; null when no diff file was read. */
  diffs: number | null;
  team: string;
  owners: string[];
  ownerRule: string | null;
}

export interface InventoryUnresolved extends UnresolvedItem {
  team: string;
}

export interface GroupSummary {
  name: string;
  total: number;
  fastify: number;
  shadow: number;
  express: number;
  native: number;
  adapter: number;
  todo: number;
  diffs: number;
}

export interface Inventory {
  generatedAt: string;
  root: string;
  classifier: { used: 'recipe' | 'static'; detail: string; steps?: string[] };
  sources: { codeowners: string | null; manifest: string | null; diffs: string | null; files: number };
  summary: {
    routes: number;
    unresolved: number;
    byState: Record<RouteState, number>;
    byOutcome: Record<Outcome, number>;
    byTeam: GroupSummary[];
    byRouter: GroupSummary[];
  };
  routes: InventoryRoute[];
  unresolved: InventoryUnresolved[];
}

export interface InventoryOptions extends AnalyzeOptions {
  root: string;
  /** Manifest JSON path; default `<root>/gateway/manifest.json` or `./gateway/manifest.json` when present. */
  manifest?: string | null;
  /** Shadow diffs JSON Lines path; default `gateway/shadow-diffs.jsonl` (next to the manifest) when present. */
  diffs?: string | null;
  /** CODEOWNERS file; default: GitHub's locations in the app root or the nearest parent that has one. */
  codeowners?: string | null;
  /** Use the static classifier even when codemods/recipe.ts is there. */
  staticOnly?: boolean;
  /** For tests: a recipe to use instead of loading codemods/recipe.ts. */
  recipe?: Recipe | null;
  cwd?: string;
  now?: Date;
}

/** `GET` + `/files/*splat` -> `GET /files/*` (find-my-way syntax, as in gateway/manifest.json). */
export function manifestKey(method: string, path: string): string {
  const converted = convertExpressPath(path);
  return `${method} ${converted.ok ? converted.path : path}`;
}

function firstExisting(candidates: string[]): string | null {
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** The CODEOWNERS GitHub would use for files under `root`, and the folder its patterns are relative to. */
export function findCodeowners(root: string, explicit?: string | null): { owners: Codeowners; base: string } {
  if (explicit) {
    const file = resolve(explicit);
    const base = /(^|[\\/])(\.github|docs)[\\/]CODEOWNERS$/.test(file) ? dirname(dirname(file)) : dirname(file);
    const owners = loadCodeowners(base);
    return { owners: owners.file ? owners : { ...owners, file: relative(base, file) }, base };
  }
  let dir = resolve(root);
  for (;;) {
    if (CODEOWNERS_LOCATIONS.some((l) => existsSync(join(dir, l)))) return { owners: loadCodeowners(dir), base: dir };
    if (existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { owners: { file: null, rules: [] }, base: resolve(root) };
}

export function readManifest(file: string | null): Map<string, RouteState> {
  const out = new Map<string, RouteState>();
  if (!file) return out;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { routes?: Record<string, string> };
  for (const [key, mode] of Object.entries(raw.routes ?? raw)) {
    const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(key);
    if (!m || !['express', 'shadow', 'fastify'].includes(mode)) continue;
    out.set(`${m[1].toUpperCase()} ${m[2]}`, mode as RouteState);
  }
  return out;
}

/** Counts diffs per route key in a JSON Lines file of `{ route: "GET /path", ... }`; bad lines are skipped. */
export function readDiffCounts(file: string | null): Map<string, number> | null {
  if (!file) return null;
  const counts = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as { route?: unknown };
      if (typeof record.route !== 'string') continue;
      const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(record.route);
      const key = m ? `${m[1].toUpperCase()} ${m[2]}` : record.route;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    } catch {
      // a torn last line while the gateway is writing: ignore
    }
  }
  return counts;
}

function emptyGroup(name: string): GroupSummary {
  return { name, total: 0, fastify: 0, shadow: 0, express: 0, native: 0, adapter: 0, todo: 0, diffs: 0 };
}

export function summarise(routes: InventoryRoute[], by: (r: InventoryRoute) => string): GroupSummary[] {
  const groups = new Map<string, GroupSummary>();
  for (const r of routes) {
    const name = by(r);
    const g = groups.get(name) ?? emptyGroup(name);
    g.total++;
    g[r.state]++;
    g[r.recipe.outcome]++;
    g.diffs += r.diffs ?? 0;
    groups.set(name, g);
  }
  return [...groups.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
}

export function buildInventory(options: InventoryOptions): Inventory {
  const root = resolve(options.root);
  const cwd = resolve(options.cwd ?? process.cwd());
  const manifestFile = options.manifest === null ? null
    : options.manifest ? resolve(options.manifest)
    : firstExisting([join(root, 'gateway', 'manifest.json'), join(cwd, 'gateway', 'manifest.json')]);
  const diffsFile = options.diffs === null ? null
    : options.diffs ? resolve(options.diffs)
    : firstExisting([
      ...(manifestFile ? [join(dirname(manifestFile), 'shadow-diffs.jsonl')] : []),
      join(root, 'gateway', 'shadow-diffs.jsonl'),
      join(cwd, 'gateway', 'shadow-diffs.jsonl'),
    ]);
  const { owners, base: ownersBase } = findCodeowners(root, options.codeowners);
  const analysis = analyzeApp(root, options);
  const manifest = readManifest(manifestFile);
  const diffCounts = readDiffCounts(diffsFile);

  let recipe: Recipe | null = null;
  let detail: string;
  if (options.recipe !== undefined) {
    recipe = options.recipe;
    detail = recipe ? recipe.detail : 'static classification (no recipe given)';
  } else if (options.staticOnly) {
    detail = 'static classification (--static)';
  } else {
    const loaded = loadRecipe();
    recipe = loaded.recipe;
    detail = recipe ? recipe.detail : `static classification (${loaded.why})`;
  }
  const recipeRoutes = new Map<string, ReturnType<Recipe['routesOf']>>();
  const appFiles = analysis.files.map((f) => (isAbsolute(f) ? f : join(root, f)));

  const ownerFor = (file: string) => ownerOf(owners, relative(ownersBase, join(root, file)));
  const routes: InventoryRoute[] = analysis.routes.map((r, id) => {
    let recipeResult = { ...classifyStatically(r) };
    if (recipe) {
      const abs = join(root, r.file);
      let reported = recipeRoutes.get(abs);
      if (!reported) {
        reported = recipe.routesOf(abs, appFiles);
        recipeRoutes.set(abs, reported);
      }
      const match = matchRecipeRoute(r, reported.routes);
      if (match) recipeResult = { outcome: match.outcome, reasons: match.reasons, source: 'recipe' };
      else {
        recipeResult.reasons = [
          reported.error ? `recipe failed on this file (${reported.error}); static classification` : 'not in the recipe\'s report; static classification',
          ...recipeResult.reasons,
        ];
      }
    }
    const key = manifestKey(r.method, r.path);
    const owner = ownerFor(r.file);
    return {
      id,
      method: r.method,
      path: r.path,
      key,
      file: r.file,
      line: r.line,
      router: r.router,
      mounts: r.mounts,
      middleware: r.middleware,
      roles: r.roles,
      handler: r.handler,
      recipe: recipeResult,
      state: manifest.get(key) ?? 'express',
      diffs: diffCounts ? (diffCounts.get(key) ?? 0) : null,
      team: owner.team,
      owners: owner.owners,
      ownerRule: owner.rule ? `${owners.file}:${owner.rule.line} ${owner.rule.pattern}` : null,
    };
  });
  const unresolved = analysis.unresolved.map((u) => ({ ...u, team: ownerFor(u.file).team }));

  const byState = { fastify: 0, shadow: 0, express: 0 } as Record<RouteState, number>;
  const byOutcome = { native: 0, adapter: 0, todo: 0 } as Record<Outcome, number>;
  for (const r of routes) {
    byState[r.state]++;
    byOutcome[r.recipe.outcome]++;
  }
  const rel = (f: string | null) => (f ? relative(cwd, f) || f : null);
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    root: relative(cwd, root) || '.',
    classifier: {
      used: recipe && routes.some((r) => r.recipe.source === 'recipe') ? 'recipe' : 'static',
      detail,
      ...(recipe?.steps ? { steps: recipe.steps } : {}),
    },
    sources: {
      codeowners: owners.file ? rel(join(ownersBase, owners.file)) : null,
      manifest: rel(manifestFile),
      diffs: rel(diffsFile),
      files: analysis.files.length,
    },
    summary: {
      routes: routes.length,
      unresolved: unresolved.length,
      byState,
      byOutcome,
      byTeam: summarise(routes, (r) => r.team),
      byRouter: summarise(routes, (r) => r.router),
    },
    routes,
    unresolved,
  };
}
