/**
 * "What the recipe would do" to a route, without writing anything.
 *
 * With the codemod recipe (`codemods/recipe.ts`, `migrateSource`) present, each route file is run
 * through it in memory and its per-route outcome is used. Without it (or with `--static`), a static
 * classification of the handler, by scope (the request may be called `req`, `request` or `r`):
 *
 *   (req, res) => res.status(201).json(req.body)        native   every use is a known API
 *   (req, res) => res.render('receipt', {...})           adapter  an Express API the adapter covers
 *   (req, res) => chargeCard(req, res)                   adapter  `res` escapes the handler
 *   (req, res) => res.json({ tenant: req.tenant })       todo     `req.tenant` is not an Express API
 */
import { usesExpress } from '../codemods/runner/discover';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import type { StaticRoute } from './analyze';

export type Outcome = 'native' | 'adapter' | 'todo';

export interface Classification {
  outcome: Outcome;
  reasons: string[];
  /** Which classifier gave the outcome. */
  source: 'recipe' | 'static';
}

const SEVERITY: Record<Outcome, number> = { native: 0, adapter: 1, todo: 2 };
export function worst(a: Outcome, b: Outcome): Outcome {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

const RES_NATIVE = new Set([
  'status', 'json', 'send', 'sendStatus', 'set', 'header', 'setHeader', 'get', 'getHeader', 'redirect', 'type',
  'end', 'cookie', 'clearCookie', 'location', 'append', 'vary', 'removeHeader', 'headersSent', 'statusCode', 'hasHeader',
]);
const RES_ADAPTER = new Set([
  'render', 'sendFile', 'download', 'format', 'attachment', 'locals', 'write', 'writeHead', 'on', 'once', 'pipe',
  'links', 'jsonp', 'app', 'req', 'flushHeaders', 'contentType', 'getHeaders', 'setTimeout', 'socket', 'statusMessage',
]);
const REQ_NATIVE = new Set([
  'params', 'query', 'body', 'headers', 'get', 'header', 'method', 'url', 'path', 'ip', 'ips', 'cookies',
  'signedCookies', 'hostname', 'host', 'protocol', 'secure', 'originalUrl', 'baseUrl', 'user', 'id', 'is', 'xhr', 'log',
]);
const REQ_ADAPTER = new Set([
  'accepts', 'acceptsLanguages', 'acceptsCharsets', 'acceptsEncodings', 'app', 'res', 'route', 'fresh', 'stale', 'range',
  'subdomains', 'on', 'once', 'pipe', 'socket', 'connection', 'session', 'file', 'files', 'rawHeaders', 'httpVersion',
  'aborted', 'setTimeout', 'read', 'complete', 'locals',
]);

/** Middleware the recipe maps to Fastify plugins or hooks; anything else runs through fromExpressMiddleware. */
const NATIVE_MIDDLEWARE = [
  /^express\.(json|urlencoded|text|raw|static)\(/, /^(bodyParser|cookieParser|cors|helmet|compression)\b/,
  /^(authenticate|requireAuth|isAuthenticated|ensureAuthenticated|auth)\b/,
];

function isNativeMiddleware(name: string, roles: string[] | undefined): boolean {
  return roles !== undefined || NATIVE_MIDDLEWARE.some((re) => re.test(name));
}

function paramName(fn: NodePath<t.Function>, index: number): { name: string | null; path: NodePath | null; pattern: boolean } {
  const params = fn.get('params') as NodePath[];
  const p = params[index];
  if (!p?.node) return { name: null, path: null, pattern: false };
  const inner = p.isAssignmentPattern() ? (p.get('left') as NodePath) : p;
  if (inner.isIdentifier()) return { name: inner.node.name, path: inner, pattern: false };
  return { name: null, path: inner, pattern: true };
}

/** Member names read off `binding` (chained calls included), and the places where the value escapes. */
function usesOf(fn: NodePath<t.Function>, name: string): { members: { prop: string; line: number }[]; escapes: { how: string; line: number }[] } {
  const binding = fn.scope.getBinding(name);
  const members: { prop: string; line: number }[] = [];
  const escapes: { how: string; line: number }[] = [];
  for (const original of binding?.referencePaths ?? []) {
    // (req as Custom).tenant and req!.user read through the TypeScript wrapper.
    let ref: NodePath = original;
    while (ref.parentPath && /^(TSAsExpression|TSNonNullExpression|TSSatisfiesExpression|TSTypeAssertion|ParenthesizedExpression)$/.test(ref.parentPath.node.type)) ref = ref.parentPath;
    const parent = ref.parentPath;
    const line = ref.node.loc?.start.line ?? 0;
    if (parent && (parent.isMemberExpression() || parent.isOptionalMemberExpression()) && parent.node.object === ref.node) {
      const prop = parent.node.property;
      if (!parent.node.computed && prop.type === 'Identifier') members.push({ prop: prop.name, line });
      else members.push({ prop: '[computed]', line });
      // res.status(200).json(): the chained call's method counts too.
      let cur: NodePath = parent;
      while (cur.parentPath?.isCallExpression() && cur.parentPath.node.callee === cur.node) {
        const outer = cur.parentPath.parentPath;
        if (outer && outer.isMemberExpression() && outer.node.object === cur.parentPath.node && outer.node.property.type === 'Identifier') {
          members.push({ prop: outer.node.property.name, line });
          cur = outer;
        } else break;
      }
      continue;
    }
    if (parent?.isCallExpression() && parent.node.arguments.includes(ref.node as t.Expression)) {
      const callee = parent.node.callee;
      const calleeName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? `…${callee.property.name}` : 'a function';
      escapes.push({ how: `passed to ${calleeName}()`, line });
      continue;
    }
    if (parent?.isCallExpression() && parent.node.callee === ref.node) {
      members.push({ prop: '()', line });
      continue;
    }
    escapes.push({ how: parent ? `used as ${parent.node.type}` : 'used', line });
  }
  return { members, escapes };
}

export function classifyStatically(route: StaticRoute): Classification {
  const reasons: string[] = [];
  let outcome: Outcome = 'native';
  const bump = (o: Outcome, reason: string) => {
    outcome = worst(outcome, o);
    if (!reasons.includes(reason)) reasons.push(reason);
  };
  // Middleware attached to routers or the route (app-wide middleware goes to the shared setup plugin).
  for (const mw of route.middleware) {
    if (mw.level === 'app') continue;
    if (!isNativeMiddleware(mw.name, mw.roles)) bump('adapter', `middleware ${mw.name} (${mw.file}:${mw.line}) runs through fromExpressMiddleware`);
  }
  const fn = route.handlerFn;
  if (!fn) {
    bump('todo', `handler ${route.handler.name} cannot be read statically: check it by hand`);
    return { outcome, reasons, source: 'static' };
  }
  const where = (line: number) => `${route.handler.definedIn?.file ?? route.file}:${line}`;
  const req = paramName(fn, 0);
  const res = paramName(fn, 1);
  const next = paramName(fn, 2);
  if (req.pattern) bump('adapter', 'the request is destructured in the parameter list');
  if (res.pattern) bump('adapter', 'the response is destructured in the parameter list');
  const check = (name: string | null, label: 'req' | 'res', native: Set<string>, adapter: Set<string>) => {
    if (!name) return;
    const { members, escapes } = usesOf(fn, name);
    for (const e of escapes) bump('adapter', `\`${name}\` escapes the handler (${e.how}, ${where(e.line)})`);
    for (const m of members) {
      if (m.prop === '()') bump('todo', `\`${name}\` is called as a function (${where(m.line)})`);
      else if (native.has(m.prop)) continue;
      else if (adapter.has(m.prop)) bump('adapter', `${label}.${m.prop} (${where(m.line)}) has no native rewrite: the adapter provides it`);
      else bump('todo', `${label}.${m.prop} (${where(m.line)}) is not an Express API: decorate the Fastify ${label === 'req' ? 'request' : 'reply'} or move it to a hook`);
    }
  };
  check(req.name, 'req', REQ_NATIVE, REQ_ADAPTER);
  check(res.name, 'res', RES_NATIVE, RES_ADAPTER);
  if (next.name) {
    const binding = fn.scope.getBinding(next.name);
    for (const ref of binding?.referencePaths ?? []) {
      const parent = ref.parentPath;
      const line = ref.node.loc?.start.line ?? 0;
      if (parent?.isCallExpression() && parent.node.callee === ref.node) {
        const arg = parent.node.arguments[0];
        if (!arg) bump('adapter', `calls next() to fall through to the next handler (${where(line)})`);
        else if (arg.type === 'StringLiteral' && (arg.value === 'route' || arg.value === 'router')) bump('todo', `next('${arg.value}') (${where(line)}) has no Fastify equivalent`);
      }
    }
  }
  return { outcome, reasons, source: 'static' };
}

// ---------------------------------------------------------------------------------------------
// The recipe, when it exists

export interface RecipeRoute {
  method: string;
  path: string;
  line: number;
  outcome: Outcome;
  reasons: string[];
}

export interface Recipe {
  /** Runs the recipe over one file in memory; the routes it reports, or an error. */
  /** `appFiles`: every file of the app; those using Express are migrated together, as the migrate CLI does. */
  routesOf(file: string, appFiles?: readonly string[]): { routes: RecipeRoute[]; error?: string };
  detail: string;
  /** Names of the recipe's steps, in order. */
  steps?: string[];
}

interface RecipeModule {
  migrateSource(source: string, filePath: string, options: { steps: readonly unknown[]; stepOptions?: Record<string, unknown> }): {
    routes?: RecipeRoute[];
    report?: { routes?: RecipeRoute[] };
    error?: string;
  };
}

const migratedCache = new WeakMap<readonly string[], string[]>();
function migratedModulesOf(appFiles: readonly string[]): string[] {
  let migrated = migratedCache.get(appFiles);
  if (!migrated) {
    migrated = appFiles.filter((f) => usesExpress(readFileSync(f, 'utf8')));
    migratedCache.set(appFiles, migrated);
  }
  return migrated;
}

/** Loads codemods/recipe.ts and codemods/steps.ts next to this package, or explains why not. */
export function loadRecipe(projectRoot = join(__dirname, '..')): { recipe: Recipe | null; why: string } {
  const recipePath = join(projectRoot, 'codemods', 'recipe.ts');
  const stepsPath = join(projectRoot, 'codemods', 'steps.ts');
  if (!existsSync(recipePath) || !existsSync(stepsPath)) return { recipe: null, why: 'codemods/recipe.ts or codemods/steps.ts not found' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const recipeMod = require(recipePath) as Partial<RecipeModule>;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stepsMod = require(stepsPath) as { steps?: unknown; default?: unknown; STEPS?: unknown };
    const steps = [stepsMod.steps, stepsMod.default, stepsMod.STEPS].find(Array.isArray) as unknown[] | undefined;
    if (typeof recipeMod.migrateSource !== 'function' || !steps) {
      return { recipe: null, why: 'codemods/recipe.ts exports no migrateSource, or codemods/steps.ts no steps array' };
    }
    const migrateSource = recipeMod.migrateSource.bind(recipeMod);
    const names = steps.map((s) => (s as { name?: string }).name ?? '?');
    const batch = loadBatch(projectRoot, steps, names);
    return {
      recipe: {
        detail: `codemods/recipe.ts with ${steps.length} step${steps.length === 1 ? '' : 's'}`,
        steps: names,
        routesOf(file: string, appFiles?: readonly string[]) {
          // The whole app at once, as `npm run migrate` reports it: a route also takes what became of
          // a handler it imports (a controller put behind the adapter) and of the middleware it is
          // mounted behind.
          const joined = appFiles && batch ? batch(appFiles) : null;
          if (joined && joined.has(file)) return joined.get(file)!;
          try {
            // Same step options as `npm run migrate` over the whole app: middleware from files migrated
            // in the same run is used natively, not through the adapter.
            const migratedModules = appFiles ? migratedModulesOf(appFiles) : undefined;
            const result = migrateSource(readFileSync(file, 'utf8'), file, { steps, stepOptions: migratedModules ? { migratedModules } : undefined });
            return { routes: result.routes ?? result.report?.routes ?? [], error: result.error };
          } catch (err) {
            return { routes: [], error: (err as Error).message };
          }
        },
      },
      why: 'recipe loaded',
    };
  } catch (err) {
    return { recipe: null, why: `codemods/recipe.ts failed to load: ${(err as Error).message}` };
  }
}

interface BatchModules {
  processFile(file: string, init: Record<string, unknown>, steps: readonly unknown[]): unknown;
  buildReport(outcomes: readonly unknown[], options: { cwd: string; dry: boolean; out: null; steps: string[]; wallMs: number }): {
    routes: { method: string; localPath: string; file: string; line: number; outcome: Outcome; reasons: string[] }[];
    failures: { file: string; error: string }[];
  };
}

/**
 * The recipe over a whole app in this process, through the CLI's own pieces (run-worker's
 * processFile, dry, and report.ts's buildReport): per file, its routes with the outcome the
 * migration report gives them. Null when those modules are missing.
 */
function loadBatch(projectRoot: string, steps: readonly unknown[], names: string[]): ((appFiles: readonly string[]) => Map<string, { routes: RecipeRoute[]; error?: string }>) | null {
  let mods: BatchModules;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    mods = {
      processFile: (require(join(projectRoot, 'codemods', 'run-worker.ts')) as Pick<BatchModules, 'processFile'>).processFile,
      buildReport: (require(join(projectRoot, 'codemods', 'report.ts')) as Pick<BatchModules, 'buildReport'>).buildReport,
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof mods.processFile !== 'function' || typeof mods.buildReport !== 'function') return null;
  } catch {
    return null;
  }
  const cache = new WeakMap<readonly string[], Map<string, { routes: RecipeRoute[]; error?: string }>>();
  return (appFiles) => {
    let byFile = cache.get(appFiles);
    if (byFile) return byFile;
    const migrated = migratedModulesOf(appFiles);
    const init = { stepsModule: '', stepNames: null, dry: true, print: false, stepOptions: { migratedModules: migrated }, outLayout: null, adapterPath: null };
    const outcomes = migrated.map((f) => mods.processFile(f, init, steps));
    const cwd = '/';
    const report = mods.buildReport(outcomes, { cwd, dry: true, out: null, steps: names, wallMs: 0 });
    byFile = new Map();
    for (const f of migrated) byFile.set(f, { routes: [] });
    for (const failure of report.failures) byFile.set(join(cwd, failure.file), { routes: [], error: failure.error });
    for (const r of report.routes) {
      const entry = byFile.get(join(cwd, r.file));
      if (!entry) continue;
      // A router mounted at two prefixes appears once per prefix: the worst verdict of the two.
      const seen = entry.routes.find((x) => x.line === r.line && x.method === r.method && x.path === r.localPath);
      if (!seen) entry.routes.push({ method: r.method, path: r.localPath, line: r.line, outcome: r.outcome, reasons: [...r.reasons] });
      else {
        seen.outcome = worst(seen.outcome, r.outcome);
        seen.reasons = [...new Set([...seen.reasons, ...r.reasons])];
      }
    }
    cache.set(appFiles, byFile);
    return byFile;
  };
}

/** The recipe's verdict on one route: same method, and the closest reported line at or before the route's. */
export function matchRecipeRoute(route: StaticRoute, reported: RecipeRoute[]): RecipeRoute | null {
  const same = reported.filter((r) => r.method.toUpperCase() === route.method);
  const exact = same.find((r) => r.line === route.line);
  if (exact) return exact;
  const byPath = same.filter((r) => r.path === route.localPath);
  const pool = byPath.length > 0 ? byPath : same;
  const before = pool.filter((r) => r.line <= route.line).sort((a, b) => b.line - a.line);
  if (before[0] && route.line - before[0].line <= 20 && byPath.length > 0) return before[0];
  return byPath.length === 1 ? byPath[0] : null;
}
