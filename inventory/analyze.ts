/**
 * Static route analysis of an Express codebase: parses every source file with @babel/parser (no
 * code is run), follows `require`/`import` and `module.exports`/`export` across files, and resolves
 * every route to its full path through every mount:
 *
 *   // app.ts                                   // routes/users.ts
 *   const app = express();                      const router = Router();
 *   app.use('/api', api);                       router.get('/:id', requireRole('admin'), getUser);
 *   // routes/index.ts                          export default router;
 *   export const api = express.Router();
 *   api.use('/users', usersRouter);
 *
 *   -> GET /api/users/:id  roles [admin]  handler getUser (named)  routes/users.ts:2
 *
 * What cannot be resolved statically (a path built at run time, a router passed in as a parameter, a
 * router never mounted) is returned in `unresolved` with the reason, never dropped.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, dirname, extname } from 'node:path';
import { parse, type ParserPlugin } from '@babel/parser';
import traverseModule, { type NodePath, type Binding } from '@babel/traverse';
import type * as t from '@babel/types';

// @babel/traverse is CommonJS with `exports.default`; interop differs between loaders.
const traverse: typeof traverseModule =
  (traverseModule as unknown as { default?: typeof traverseModule }).default ?? traverseModule;

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all'] as const;
const METHOD_SET = new Set<string>(HTTP_METHODS);
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];
const DEFAULT_EXCLUDED_DIRS = new Set([
  'node_modules', '.git', 'dist', 'build', 'coverage', '__tests__', '__testfixtures__', '__fixtures__', '__mocks__',
]);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$/;

/** Call names recognised as role middleware; the strings' values become the route's roles. */
export const DEFAULT_ROLE_PATTERNS: RegExp[] = [
  /^(require|has|check|ensure|allow|only|must|with|needs?)?(any|all|some)?_?roles?$/i,
  /^authori[sz]e$/i,
  /^restrictTo$/i,
  /^permit$/i,
];

export interface MiddlewareRef {
  /** Source text (collapsed), e.g. `requireRole('admin')`, `auth.required`, `<inline function>`. */
  name: string;
  kind: 'identifier' | 'member' | 'call' | 'inline' | 'other';
  file: string;
  line: number;
  /** Where the middleware was attached: the app or a router level (`use`), at the mount, or on the route. */
  level: 'app' | 'router' | 'mount' | 'route';
  roles?: string[];
}

export type HandlerKind = 'inline' | 'named' | 'controller' | 'factory' | 'unknown';

export interface HandlerInfo {
  kind: HandlerKind;
  name: string;
  /** Where the handler function itself is written, when it could be found. */
  definedIn?: { file: string; line: number };
}

export interface StaticRoute {
  method: string;
  /** Full path with every mount prefix, Express syntax. */
  path: string;
  /** Path as written in the registering call. */
  localPath: string;
  file: string;
  line: number;
  /** The router or app the route is registered on, `name (file:line)`. */
  router: string;
  /** Mount chain from the root app: `[{ prefix, router }]`. */
  mounts: { prefix: string; router: string }[];
  middleware: MiddlewareRef[];
  roles: string[];
  handler: HandlerInfo;
  /** Internal: paths used by the static classifier (not serialised). */
  handlerFn?: NodePath<t.Function> | null;
  handlerNode?: NodePath | null;
}

export type UnresolvedKind = 'path' | 'mount' | 'router-parameter' | 'unmounted-router' | 'module' | 'parse';

export interface UnresolvedItem {
  kind: UnresolvedKind;
  method?: string;
  /** Whatever part of the path is known (prefix plus the text as written). */
  path?: string;
  file: string;
  line: number;
  text: string;
  reason: string;
}

export interface AnalyzeOptions {
  /** Extra role middleware names (exact strings or regular expressions). */
  roleFunctions?: (string | RegExp)[];
  /** Directory names skipped while collecting files, in addition to the defaults. */
  excludeDirs?: string[];
  /** Analyse these files instead of walking `root`. */
  files?: string[];
}

export interface AnalysisResult {
  root: string;
  files: string[];
  routes: StaticRoute[];
  unresolved: UnresolvedItem[];
  routers: { name: string; kind: 'app' | 'router'; file: string; line: number; mounted: boolean }[];
}

// ---------------------------------------------------------------------------------------------
// Values the evaluator knows about

interface RouterObj {
  id: number;
  kind: 'app' | 'router';
  name: string;
  file: string;
  line: number;
  entries: Entry[];
  mountedBy: number;
}

interface RouteEntry {
  type: 'route';
  order: number;
  method: string;
  paths: PathValue[];
  args: NodePath[];
  file: string;
  line: number;
  text: string;
}

interface UseEntry {
  type: 'use';
  order: number;
  paths: PathValue[];
  /** Middleware before each mounted router, and the routers themselves, in order. */
  items: ({ kind: 'middleware'; node: NodePath } | { kind: 'router'; router: RouterObj })[];
  file: string;
  line: number;
  text: string;
}

type Entry = RouteEntry | UseEntry;
type PathValue = { known: true; value: string; regex?: boolean } | { known: false; text: string; reason: string };

type Value =
  | { t: 'router'; router: RouterObj }
  | { t: 'route'; router: RouterObj; paths: PathValue[]; node: NodePath }
  | { t: 'module'; file: string }
  | { t: 'function'; path: NodePath<t.Function>; file: string }
  | { t: 'class'; path: NodePath<t.Class>; file: string }
  | { t: 'instance'; path: NodePath<t.Class>; file: string }
  | { t: 'object'; path: NodePath<t.ObjectExpression>; file: string }
  | { t: 'string'; value: string }
  | { t: 'express' }
  | { t: 'routerFactory' }
  | { t: 'package'; name: string }
  | { t: 'unknown'; reason: string; param?: string };

interface ModuleInfo {
  file: string;
  rel: string;
  source: string;
  ast: t.File | null;
  program: NodePath<t.Program> | null;
  exportsDefault: NodePath | null;
  named: Map<string, NodePath | { from: string; name: string }>;
  stars: string[];
  cjsWhole: NodePath | null;
  calls: NodePath<t.CallExpression>[];
  /** Calls passing a plain identifier (a router or app, maybe) to a function: `registerRoutes(app)`. */
  argCalls: NodePath<t.CallExpression>[];
}

const UNKNOWN = (reason: string, param?: string): Value => ({ t: 'unknown', reason, param });

function collapse(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Joins a mount prefix and a path the way Express 5 matches them (and gateway/express-routes.ts lists them). */
export function joinPath(prefix: string, path: string): string {
  if (prefix === '' || prefix === '/') {
    const p = path.startsWith('/') ? path : `/${path}`;
    return p.length > 1 ? p.replace(/\/$/, '') || '/' : p;
  }
  const joined = `${prefix.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') || '/' : joined;
}

function pathCovers(scope: string, path: string): boolean {
  if (scope === '/' || scope === '') return true;
  const s = scope.replace(/\/$/, '');
  return path === s || path.startsWith(`${s}/`);
}

export function collectSourceFiles(root: string, excludeDirs: Iterable<string> = []): string[] {
  const skip = new Set([...DEFAULT_EXCLUDED_DIRS, ...excludeDirs]);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && SOURCE_EXTENSIONS.includes(extname(entry.name)) && !TEST_FILE.test(entry.name)) {
        out.push(join(dir, entry.name));
      }
    }
  };
  const stat = statSync(root);
  if (stat.isFile()) return [resolve(root)];
  walk(resolve(root));
  return out.sort();
}

function parserPlugins(file: string): ParserPlugin[] {
  const ext = extname(file);
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return ['typescript', 'decorators-legacy'];
  if (ext === '.tsx') return ['typescript', 'jsx', 'decorators-legacy'];
  return ['jsx', 'decorators-legacy'];
}

// ---------------------------------------------------------------------------------------------

export class Analyzer {
  private readonly modules = new Map<string, ModuleInfo>();
  private readonly fileByProgram = new Map<t.Program, string>();
  /** Routers passed to a function's parameters, by function node and parameter index. */
  private readonly paramRouters = new Map<t.Node, Map<number, Set<RouterObj>>>();
  private readonly moduleOrder: ModuleInfo[] = [];
  private readonly routers: RouterObj[] = [];
  private readonly routerByNode = new Map<t.Node, RouterObj>();
  private readonly evaluating = new Set<t.Node>();
  private readonly unresolved: UnresolvedItem[] = [];
  private readonly rolePatterns: RegExp[];

  constructor(
    readonly root: string,
    private readonly options: AnalyzeOptions = {},
  ) {
    this.rolePatterns = [
      ...DEFAULT_ROLE_PATTERNS,
      ...(options.roleFunctions ?? []).map((p) => (typeof p === 'string' ? new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : p)),
    ];
  }

  rel(file: string): string {
    return relative(this.root, file).split('\\').join('/') || file;
  }

  // --- modules -------------------------------------------------------------------------------

  loadModule(file: string): ModuleInfo | null {
    const existing = this.modules.get(file);
    if (existing) return existing;
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    const info: ModuleInfo = {
      file, rel: this.rel(file), source, ast: null, program: null, exportsDefault: null,
      named: new Map(), stars: [], cjsWhole: null, calls: [], argCalls: [],
    };
    this.modules.set(file, info);
    this.moduleOrder.push(info);
    try {
      info.ast = parse(source, {
        sourceType: 'unambiguous',
        sourceFilename: file,
        allowReturnOutsideFunction: true,
        allowImportExportEverywhere: true,
        allowAwaitOutsideFunction: true,
        errorRecovery: true,
        plugins: parserPlugins(file),
      });
    } catch (err) {
      this.unresolved.push({ kind: 'parse', file: info.rel, line: 0, text: info.rel, reason: `cannot parse: ${(err as Error).message}` });
      return info;
    }
    this.fileByProgram.set(info.ast.program, file);
    this.index(info);
    return info;
  }

  private index(info: ModuleInfo): void {
    const self = this;
    // Only files that mention Express wire routers into functions (`registerRoutes(app)`).
    const mentionsExpress = /express|Router/.test(info.source);
    traverse(info.ast!, {
      Program(path) {
        info.program = path;
      },
      ExportDefaultDeclaration(path) {
        info.exportsDefault = path.get('declaration') as NodePath;
      },
      ExportNamedDeclaration(path) {
        const { node } = path;
        const from = node.source?.value;
        if (node.declaration) {
          const decl = path.get('declaration') as NodePath;
          if (decl.isVariableDeclaration()) {
            for (const d of decl.get('declarations')) {
              const id = d.node.id;
              if (id.type === 'Identifier') info.named.set(id.name, d);
            }
          } else if ((decl.isFunctionDeclaration() || decl.isClassDeclaration() || decl.isTSEnumDeclaration()) && decl.node.id) {
            info.named.set(decl.node.id.name, decl);
          }
        }
        for (const spec of path.get('specifiers')) {
          if (spec.isExportSpecifier()) {
            const local = spec.node.local.name;
            const exported = spec.node.exported.type === 'Identifier' ? spec.node.exported.name : spec.node.exported.value;
            if (from) info.named.set(exported, { from: self.resolveSpecifier(info.file, from) ?? `pkg:${from}`, name: local });
            else info.named.set(exported, spec.get('local'));
          } else if (spec.isExportNamespaceSpecifier() && from) {
            info.named.set(spec.node.exported.name, { from: self.resolveSpecifier(info.file, from) ?? `pkg:${from}`, name: '*' });
          }
        }
      },
      ExportAllDeclaration(path) {
        const target = self.resolveSpecifier(info.file, path.node.source.value);
        if (target) info.stars.push(target);
      },
      AssignmentExpression(path) {
        const left = path.node.left;
        if (left.type !== 'MemberExpression') return;
        const chain = memberChain(left);
        if (!chain) return;
        if (chain.length === 2 && chain[0] === 'module' && chain[1] === 'exports') info.cjsWhole = path.get('right');
        else if (chain.length === 3 && chain[0] === 'module' && chain[1] === 'exports') info.named.set(chain[2], path.get('right'));
        else if (chain.length === 2 && chain[0] === 'exports' && !path.scope.hasBinding('exports')) info.named.set(chain[1], path.get('right'));
      },
      CallExpression(path) {
        const callee = path.node.callee;
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
          const name = callee.property.name;
          if (METHOD_SET.has(name) || name === 'use' || name === 'route') {
            info.calls.push(path);
            return;
          }
        }
        // registerRoutes(app); require('./routes')(app); routes.mount(app): a statement of its own,
        // not a method of a handler's parameter (res.json(rows) is not one).
        if (!mentionsExpress || !path.node.arguments.some((a) => unwrapTs(a).type === 'Identifier')) return;
        const parent = path.parentPath;
        const statement = parent?.isExpressionStatement() || (parent?.isAwaitExpression() && parent.parentPath?.isExpressionStatement());
        if (!statement) return;
        if (callee.type === 'MemberExpression') {
          if (callee.object.type !== 'Identifier') return;
          if (path.scope.getBinding(callee.object.name)?.kind === 'param') return;
        } else if (callee.type !== 'Identifier' && callee.type !== 'CallExpression') return;
        info.argCalls.push(path);
      },
    });
  }

  resolveSpecifier(fromFile: string, spec: string): string | null {
    if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
    const base = resolve(dirname(fromFile), spec);
    const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => join(base, `index${e}`))];
    const m = /\.(m|c)?jsx?$/.exec(base);
    if (m) {
      const stem = base.slice(0, -m[0].length);
      candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`);
    }
    for (const c of candidates) {
      if (existsSync(c) && statSync(c).isFile() && SOURCE_EXTENSIONS.includes(extname(c))) return c;
    }
    return null;
  }

  private moduleValue(fromFile: string, spec: string): Value {
    if (spec === 'express') return { t: 'express' };
    const file = this.resolveSpecifier(fromFile, spec);
    if (!file) return spec.startsWith('.') ? UNKNOWN(`module ${spec} not found`) : { t: 'package', name: spec };
    return this.loadModule(file) ? { t: 'module', file } : UNKNOWN(`module ${spec} cannot be read`);
  }

  exportOf(file: string, name: string, seen = new Set<string>()): Value {
    const key = `${file}#${name}`;
    if (seen.has(key)) return UNKNOWN(`circular export ${name}`);
    seen.add(key);
    const info = this.loadModule(file);
    if (!info?.program) return UNKNOWN(`module ${this.rel(file)} cannot be read`);
    if (name === 'default' && info.exportsDefault) return this.evaluate(info.exportsDefault);
    const named = info.named.get(name);
    if (named) {
      if ('from' in named) {
        if (named.from.startsWith('pkg:')) return named.from === 'pkg:express' ? this.member({ t: 'express' }, named.name) : { t: 'package', name: named.from.slice(4) };
        return named.name === '*' ? { t: 'module', file: named.from } : this.exportOf(named.from, named.name, seen);
      }
      return this.evaluate(named);
    }
    if (info.cjsWhole) {
      const whole = this.evaluate(info.cjsWhole);
      if (name === 'default') return whole;
      return this.member(whole, name, seen);
    }
    for (const star of info.stars) {
      const v = this.exportOf(star, name, seen);
      if (v.t !== 'unknown') return v;
    }
    if (name === 'default') return { t: 'module', file }; // CommonJS `exports.x = ...` imported as default
    return UNKNOWN(`${this.rel(file)} has no export ${name}`);
  }

  // --- evaluation ----------------------------------------------------------------------------

  private newRouter(path: NodePath, kind: 'app' | 'router'): RouterObj {
    const existing = this.routerByNode.get(path.node);
    if (existing) return existing;
    let name = kind === 'app' ? 'app' : 'router';
    const parent = path.parentPath;
    if (parent?.isVariableDeclarator() && parent.node.id.type === 'Identifier') name = parent.node.id.name;
    else if (parent?.isAssignmentExpression()) name = collapse(codeOf(parent.get('left') as NodePath, this.sourceOf(path)), 40);
    else if (parent?.isReturnStatement() || parent?.isArrowFunctionExpression()) {
      const fn = path.getFunctionParent();
      const fnName = fn ? functionName(fn) : null;
      if (fnName) name = `${fnName}()`;
    } else if (parent?.isExportDefaultDeclaration()) name = 'default export';
    const file = this.rel(this.fileOf(path));
    const router: RouterObj = { id: this.routers.length, kind, name, file, line: path.node.loc?.start.line ?? 0, entries: [], mountedBy: 0 };
    this.routers.push(router);
    this.routerByNode.set(path.node, router);
    return router;
  }

  fileOf(path: NodePath): string {
    const program = path.isProgram() ? path : path.findParent((p) => p.isProgram());
    return (program && this.fileByProgram.get(program.node as t.Program)) ?? '';
  }

  private fileIndex(path: NodePath): number {
    const file = this.fileOf(path);
    return this.moduleOrder.findIndex((m) => m.file === file);
  }

  sourceOf(path: NodePath): string {
    return this.modules.get(this.fileOf(path))?.source ?? '';
  }

  label(router: RouterObj): string {
    return `${router.name} (${router.file}:${router.line})`;
  }

  evaluate(path: NodePath, depth = 0): Value {
    if (depth > 40) return UNKNOWN('too deep');
    const node = path.node;
    if (!node) return UNKNOWN('empty');
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
      case 'TypeCastExpression':
      case 'AwaitExpression':
        return this.evaluate(path.get('expression') as NodePath, depth + 1);
      case 'StringLiteral':
        return { t: 'string', value: node.value };
      case 'TemplateLiteral': {
        let out = '';
        const exprs = path.get('expressions') as NodePath[];
        for (let i = 0; i < node.quasis.length; i++) {
          out += node.quasis[i].value.cooked ?? node.quasis[i].value.raw;
          if (i < exprs.length) {
            const v = this.evaluate(exprs[i], depth + 1);
            if (v.t !== 'string') return UNKNOWN('template literal with a value known only at run time');
            out += v.value;
          }
        }
        return { t: 'string', value: out };
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return UNKNOWN('expression');
        const l = this.evaluate(path.get('left') as NodePath, depth + 1);
        const r = this.evaluate(path.get('right') as NodePath, depth + 1);
        if (l.t === 'string' && r.t === 'string') return { t: 'string', value: l.value + r.value };
        return UNKNOWN('string concatenation with a value known only at run time');
      }
      case 'NumericLiteral':
        return { t: 'string', value: String(node.value) };
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
      case 'ObjectMethod':
      case 'ClassMethod':
        return { t: 'function', path: path as NodePath<t.Function>, file: this.fileOf(path) };
      case 'ClassDeclaration':
      case 'ClassExpression':
        return { t: 'class', path: path as NodePath<t.Class>, file: this.fileOf(path) };
      case 'ObjectExpression':
        return { t: 'object', path: path as NodePath<t.ObjectExpression>, file: this.fileOf(path) };
      case 'TSEnumDeclaration':
        return { t: 'object', path: path as unknown as NodePath<t.ObjectExpression>, file: this.fileOf(path) };
      case 'VariableDeclarator': {
        const init = path.get('init') as NodePath;
        return init.node ? this.evaluate(init, depth + 1) : UNKNOWN('declared without a value');
      }
      case 'Identifier':
        return this.evaluateIdentifier(path as NodePath<t.Identifier>, depth);
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const prop = propName(node as t.MemberExpression, path);
        if (prop === null) return UNKNOWN('computed member');
        const obj = this.evaluate(path.get('object') as NodePath, depth + 1);
        return this.member(obj, prop);
      }
      case 'NewExpression':
      case 'CallExpression':
        return this.evaluateCall(path as NodePath<t.CallExpression | t.NewExpression>, depth);
      case 'Import':
        return UNKNOWN('import');
      default:
        return UNKNOWN(`${node.type}`);
    }
  }

  private evaluateIdentifier(path: NodePath<t.Identifier>, depth: number): Value {
    const name = path.node.name;
    const binding: Binding | undefined = path.scope.getBinding(name);
    if (!binding) {
      // Babel's scope does not register TypeScript enums: look for one at the top of the module.
      const program = path.findParent((p) => p.isProgram()) as NodePath<t.Program> | null;
      for (const stmt of program?.get('body') ?? []) {
        const decl = stmt.isExportNamedDeclaration() ? (stmt.get('declaration') as NodePath) : stmt;
        if (decl.isTSEnumDeclaration() && decl.node.id.name === name) return this.evaluate(decl, depth + 1);
      }
      return name === 'undefined' ? UNKNOWN('undefined') : UNKNOWN(`global ${name}`);
    }
    const bp = binding.path;
    if (binding.kind === 'param') {
      // `function registerRoutes(app) {...}` called as `registerRoutes(app)`: the router passed in.
      const fn = binding.scope.path;
      const index = fn.isFunction() ? fn.node.params.findIndex((p) => p.type === 'Identifier' && p.name === name || (p.type === 'AssignmentPattern' && p.left.type === 'Identifier' && p.left.name === name) || (p.type === 'TSParameterProperty' && p.parameter.type === 'Identifier' && p.parameter.name === name)) : -1;
      const passed = index >= 0 ? this.paramRouters.get(fn.node)?.get(index) : undefined;
      if (passed && passed.size === 1) return { t: 'router', router: [...passed][0] };
      if (passed && passed.size > 1) return UNKNOWN(`parameter ${name} receives ${passed.size} different routers`, name);
      return UNKNOWN(`parameter ${name}`, name);
    }
    if (binding.kind === 'module') {
      const decl = bp.parentPath as NodePath<t.ImportDeclaration>;
      const spec = decl.node.source.value;
      const mod = this.moduleValue(this.fileOf(bp), spec);
      if (bp.isImportNamespaceSpecifier()) return mod;
      if (bp.isImportDefaultSpecifier()) {
        if (mod.t === 'express') return mod;
        return mod.t === 'module' ? this.exportOf(mod.file, 'default') : mod;
      }
      if (bp.isImportSpecifier()) {
        const imported = bp.node.imported.type === 'Identifier' ? bp.node.imported.name : bp.node.imported.value;
        if (mod.t === 'module') return this.exportOf(mod.file, imported);
        return this.member(mod, imported);
      }
      return UNKNOWN('import');
    }
    if (this.evaluating.has(bp.node)) return UNKNOWN('circular');
    this.evaluating.add(bp.node);
    try {
      if (bp.isVariableDeclarator()) {
        const id = bp.node.id;
        const init = bp.get('init') as NodePath;
        if (!init.node) {
          // `let router; router = express.Router();` : take the single assignment if there is one.
          const writes = binding.constantViolations.filter((v) => v.isAssignmentExpression());
          if (writes.length === 1) return this.evaluate(writes[0].get('right') as NodePath, depth + 1);
          return UNKNOWN(`${name} is assigned at run time`);
        }
        if (id.type === 'Identifier') return this.evaluate(init, depth + 1);
        if (id.type === 'ObjectPattern') {
          // const { Router } = require('express'); const { users } = require('./routes')
          for (const prop of id.properties) {
            if (prop.type === 'ObjectProperty' && prop.value.type === 'Identifier' && prop.value.name === name) {
              const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'StringLiteral' ? prop.key.value : null;
              if (key) return this.member(this.evaluate(init, depth + 1), key);
            }
          }
        }
        return UNKNOWN(`destructured ${name}`);
      }
      if (bp.isFunctionDeclaration() || bp.isClassDeclaration() || bp.isTSEnumDeclaration()) return this.evaluate(bp, depth + 1);
      return UNKNOWN(`${binding.kind} ${name}`);
    } finally {
      this.evaluating.delete(bp.node);
    }
  }

  member(obj: Value, prop: string, seen?: Set<string>): Value {
    switch (obj.t) {
      case 'module':
        return this.exportOf(obj.file, prop, seen);
      case 'express':
        return prop === 'Router' ? { t: 'routerFactory' } : prop === 'default' ? obj : { t: 'package', name: `express.${prop}` };
      case 'object': {
        const node = obj.path.node as t.Node;
        if (node.type === 'TSEnumDeclaration') {
          const members = (obj.path as unknown as NodePath<t.TSEnumDeclaration>).get('members') as NodePath<t.TSEnumMember>[];
          for (const m of members) {
            const key = m.node.id.type === 'Identifier' ? m.node.id.name : m.node.id.value;
            if (key === prop) return m.node.initializer ? this.evaluate(m.get('initializer') as NodePath) : { t: 'string', value: key };
          }
          return UNKNOWN(`enum member ${prop}`);
        }
        for (const p of obj.path.get('properties')) {
          if (p.isObjectProperty() && !p.node.computed && objectKey(p.node.key) === prop) {
            const value = p.get('value') as NodePath;
            return this.evaluate(value);
          }
          if (p.isObjectMethod() && objectKey(p.node.key) === prop) return { t: 'function', path: p, file: obj.file };
        }
        return UNKNOWN(`no property ${prop}`);
      }
      case 'instance':
      case 'class': {
        for (const m of (obj.path.get('body') as NodePath<t.ClassBody>).get('body')) {
          if (m.isClassMethod() && objectKey(m.node.key) === prop) return { t: 'function', path: m, file: obj.file };
          if (m.isClassProperty() && objectKey(m.node.key) === prop && m.node.value) return this.evaluate(m.get('value') as NodePath);
        }
        return UNKNOWN(`no method ${prop}`);
      }
      case 'router':
        return UNKNOWN(`${prop} of a router`);
      case 'package':
        return { t: 'package', name: `${obj.name}.${prop}` };
      default:
        return obj.t === 'unknown' ? obj : UNKNOWN(`${prop} of ${obj.t}`);
    }
  }

  private evaluateCall(path: NodePath<t.CallExpression | t.NewExpression>, depth: number): Value {
    const node = path.node;
    const callee = path.get('callee') as NodePath;
    const args = path.get('arguments') as NodePath[];
    if (callee.isIdentifier({ name: 'require' }) && !path.scope.hasBinding('require')) {
      const spec = args[0]?.node;
      if (spec?.type !== 'StringLiteral') return UNKNOWN('require of a name known only at run time');
      const mod = this.moduleValue(this.fileOf(path), spec.value);
      // require() gives `module.exports` itself when the module assigns it.
      const whole = mod.t === 'module' ? this.loadModule(mod.file)?.cjsWhole : null;
      return whole ? this.evaluate(whole, depth + 1) : mod;
    }
    if (callee.node.type === 'Import') {
      const spec = args[0]?.node;
      if (spec?.type === 'StringLiteral') return this.moduleValue(this.fileOf(path), spec.value);
      return UNKNOWN('import() of a name known only at run time');
    }
    // Chained registrations: app.get(...).post(...) returns the app; router.route(p) returns a route.
    if (callee.isMemberExpression() && !callee.node.computed && callee.node.property.type === 'Identifier') {
      const name = callee.node.property.name;
      if (name === 'route' || name === 'use' || METHOD_SET.has(name)) {
        const target = this.evaluate(callee.get('object') as NodePath, depth + 1);
        if (target.t === 'router') {
          if (name === 'route') return { t: 'route', router: target.router, paths: this.pathsOf(args[0]), node: path };
          return target;
        }
        if (target.t === 'route' && METHOD_SET.has(name)) return target;
      }
    }
    const fn = this.evaluate(callee, depth + 1);
    if (fn.t === 'express') return { t: 'router', router: this.newRouter(path, 'app') };
    if (fn.t === 'routerFactory') return { t: 'router', router: this.newRouter(path, 'router') };
    if (fn.t === 'class' && node.type === 'NewExpression') return { t: 'instance', path: fn.path, file: fn.file };
    if (fn.t === 'function') return this.returnValue(fn.path, depth);
    if (fn.t === 'package') return { t: 'package', name: `${fn.name}()` };
    return UNKNOWN(fn.t === 'unknown' ? `result of ${fn.reason}` : 'call');
  }

  /** What a function returns, when one of its returns is a router, app or function. */
  returnValue(fn: NodePath<t.Function>, depth: number): Value {
    if (this.evaluating.has(fn.node)) return UNKNOWN('recursive');
    this.evaluating.add(fn.node);
    try {
      const body = fn.get('body') as NodePath;
      if (!body.isBlockStatement()) return this.evaluate(body, depth + 1);
      let result: Value = UNKNOWN('function returns nothing known');
      body.traverse({
        Function(inner) {
          inner.skip();
        },
        ReturnStatement: (ret) => {
          if (result.t !== 'unknown') return;
          const arg = ret.get('argument') as NodePath;
          if (arg.node) result = this.evaluate(arg, depth + 1);
        },
      });
      return result;
    } finally {
      this.evaluating.delete(fn.node);
    }
  }

  pathsOf(arg: NodePath | undefined): PathValue[] {
    if (!arg?.node) return [{ known: false, text: '(none)', reason: 'no path' }];
    if (arg.isArrayExpression()) return (arg.get('elements') as NodePath[]).flatMap((e) => this.pathsOf(e));
    if (arg.isRegExpLiteral()) return [{ known: true, value: `/${arg.node.pattern}/${arg.node.flags}`, regex: true }];
    const v = this.evaluate(arg);
    if (v.t === 'string') return [{ known: true, value: v.value }];
    const text = collapse(codeOf(arg, this.sourceOf(arg)), 60);
    return [{ known: false, text, reason: v.t === 'unknown' ? `path built at run time (${v.reason})` : 'path is not a string' }];
  }

  private isPathArg(arg: NodePath | undefined): boolean {
    if (!arg?.node) return false;
    const n = arg.node;
    if (n.type === 'StringLiteral' || n.type === 'TemplateLiteral' || n.type === 'RegExpLiteral' || n.type === 'BinaryExpression') return true;
    if (n.type === 'ArrayExpression') return n.elements.some((e) => e?.type === 'StringLiteral' || e?.type === 'TemplateLiteral' || e?.type === 'RegExpLiteral');
    const v = this.evaluate(arg);
    return v.t === 'string';
  }

  // --- registrations -------------------------------------------------------------------------

  private register(call: NodePath<t.CallExpression>): void {
    const callee = call.node.callee as t.MemberExpression;
    const name = (callee.property as t.Identifier).name;
    const args = flattenArgs(call.get('arguments') as NodePath[]);
    const rawArgs = call.get('arguments') as NodePath[];
    const file = this.rel(this.fileOf(call));
    const line = call.node.loc?.start.line ?? 0;
    const text = collapse(codeOf(call, this.sourceOf(call)), 100);
    const receiver = this.evaluate(call.get('callee').get('object') as NodePath);
    // Source order within a file (the method name's position, so route(p).get().post() keeps its order).
    const order = this.fileIndex(call) * 1e9 + (callee.property.start ?? 0);

    if (receiver.t === 'route') {
      if (!METHOD_SET.has(name)) return;
      const methodLine = callee.property.loc?.start.line ?? line;
      receiver.router.entries.push({ type: 'route', order, method: name.toUpperCase(), paths: receiver.paths, args, file, line: methodLine, text });
      return;
    }
    if (receiver.t !== 'router') {
      // A route or mount on something we cannot follow: keep it, with the reason.
      const looksLikeRoute = rawArgs.length >= 2 && this.isPathArg(rawArgs[0]) && looksLikePath(rawArgs[0], this);
      if (!looksLikeRoute || name === 'route') return;
      const tail = rawArgs.slice(1).every((a) => a.isFunction() || a.isIdentifier() || a.isMemberExpression() || a.isCallExpression() || a.isArrayExpression());
      if (!tail) return;
      const paths = this.pathsOf(rawArgs[0]);
      const objText = collapse(codeOf(call.get('callee').get('object') as NodePath, this.sourceOf(call)), 40);
      const reason = receiver.t === 'unknown' && receiver.param
        ? `\`${objText}\` is a router passed in as the parameter ${receiver.param} of ${functionName(call.getFunctionParent()) ?? 'a function'}: where it is mounted is known only at run time`
        : `\`${objText}\` cannot be traced to express() or Router() (${receiver.t === 'unknown' ? receiver.reason : receiver.t})`;
      for (const p of paths) {
        this.unresolved.push({
          kind: receiver.t === 'unknown' && receiver.param ? 'router-parameter' : 'mount',
          method: name === 'use' ? 'USE' : name.toUpperCase(),
          path: p.known ? p.value : p.text,
          file, line, text, reason,
        });
      }
      return;
    }
    const router = receiver.router;
    if (name === 'route') return; // handled through the chained method calls
    if (name !== 'use' && rawArgs.length < 2) return; // app.get('setting')
    let paths: PathValue[] = [{ known: true, value: '/' }];
    let rest = args;
    if (rawArgs.length > 0 && this.isPathArg(rawArgs[0])) {
      paths = this.pathsOf(rawArgs[0]);
      rest = flattenArgs(rawArgs.slice(1));
    } else if (name !== 'use') {
      // First argument is not a string: a path known only at run time.
      paths = this.pathsOf(rawArgs[0]);
      rest = flattenArgs(rawArgs.slice(1));
    }
    if (name === 'use') {
      const items: UseEntry['items'] = [];
      for (const arg of rest) {
        const v = this.evaluate(arg);
        if (v.t === 'router') {
          if (v.router !== router) items.push({ kind: 'router', router: v.router });
        } else {
          items.push({ kind: 'middleware', node: arg });
          const pathGiven = paths.length > 0 && !(paths.length === 1 && paths[0].known && paths[0].value === '/');
          const maybeRouter = (arg.isIdentifier() || arg.isMemberExpression()) && (v.t === 'unknown' || v.t === 'module');
          if (maybeRouter && pathGiven) {
            const argText = collapse(codeOf(arg, this.sourceOf(arg)), 40);
            this.unresolved.push({
              kind: v.t === 'unknown' && v.param ? 'router-parameter' : 'mount',
              method: 'USE',
              path: paths.map((p) => (p.known ? p.value : p.text)).join(', '),
              file, line, text,
              reason: v.t === 'unknown' && v.param
                ? `\`${argText}\` is passed in as the parameter ${v.param}: if it is a router, its routes are known only at run time`
                : `\`${argText}\` cannot be traced to a router or a middleware (${v.t === 'unknown' ? v.reason : 'a whole module'})`,
            });
          }
        }
      }
      router.entries.push({ type: 'use', order, paths, items, file, line, text });
      return;
    }
    if (!METHOD_SET.has(name)) return;
    router.entries.push({ type: 'route', order, method: name.toUpperCase(), paths, args: rest, file, line, text });
  }

  // --- middleware, roles, handlers -----------------------------------------------------------

  middlewareRef(arg: NodePath, level: MiddlewareRef['level']): MiddlewareRef {
    const source = this.sourceOf(arg);
    const file = this.rel(this.fileOf(arg));
    const line = arg.node.loc?.start.line ?? 0;
    const kind: MiddlewareRef['kind'] = arg.isFunction() ? 'inline' : arg.isIdentifier() ? 'identifier' : arg.isMemberExpression() ? 'member' : arg.isCallExpression() ? 'call' : 'other';
    const name = kind === 'inline' ? '<inline function>' : collapse(codeOf(arg, source), 60);
    const roles = this.rolesOf(arg, 0);
    return roles ? { name, kind, file, line, level, roles } : { name, kind, file, line, level };
  }

  private isRoleName(name: string): boolean {
    return this.rolePatterns.some((p) => p.test(name));
  }

  /** Roles named by a role middleware (`requireRole('admin')`, or a const bound to one); null if it is not one. */
  rolesOf(arg: NodePath, depth: number): string[] | null {
    if (depth > 4) return null;
    if (arg.isCallExpression()) {
      const callee = arg.node.callee;
      const calleeName = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : null;
      if (!calleeName || !this.isRoleName(calleeName)) return null;
      const roles: string[] = [];
      for (const a of arg.get('arguments') as NodePath[]) roles.push(...this.roleValues(a));
      return roles;
    }
    if (arg.isIdentifier()) {
      const binding = arg.scope.getBinding(arg.node.name);
      if (binding?.path.isVariableDeclarator()) {
        const init = binding.path.get('init') as NodePath;
        if (init.node) return this.rolesOf(init, depth + 1);
      }
      if (binding?.kind === 'module' && binding.path.isImportSpecifier()) {
        const decl = binding.path.parentPath as NodePath<t.ImportDeclaration>;
        const file = this.resolveSpecifier(this.fileOf(arg), decl.node.source.value);
        const imported = binding.path.node.imported;
        const exported = file ? this.loadModule(file)?.named.get(imported.type === 'Identifier' ? imported.name : imported.value) : undefined;
        if (exported && !('from' in exported) && exported.isVariableDeclarator()) {
          const init = exported.get('init') as NodePath;
          if (init.node) return this.rolesOf(init, depth + 1);
        }
      }
    }
    return null;
  }

  private roleValues(arg: NodePath): string[] {
    if (arg.isArrayExpression()) return (arg.get('elements') as NodePath[]).flatMap((e) => (e.node ? this.roleValues(e) : []));
    if (arg.isSpreadElement()) return this.roleValues(arg.get('argument') as NodePath);
    if (arg.isObjectExpression()) {
      for (const p of arg.get('properties')) {
        if (p.isObjectProperty() && /^roles?$/.test(objectKey(p.node.key) ?? '')) return this.roleValues(p.get('value') as NodePath);
      }
      return [];
    }
    const v = this.evaluate(arg);
    if (v.t === 'string') return [v.value];
    return [collapse(codeOf(arg, this.sourceOf(arg)), 40)];
  }

  handlerInfo(arg: NodePath | undefined): { info: HandlerInfo; fn: NodePath<t.Function> | null } {
    if (!arg?.node) return { info: { kind: 'unknown', name: '(none)' }, fn: null };
    const source = this.sourceOf(arg);
    const here = this.fileOf(arg);
    const loc = (fn: NodePath<t.Function>, file: string) => ({ file: this.rel(file), line: fn.node.loc?.start.line ?? 0 });
    if (arg.isFunction()) {
      return { info: { kind: 'inline', name: functionName(arg) ?? '<inline>', definedIn: loc(arg, here) }, fn: arg };
    }
    const name = collapse(codeOf(arg, source), 60);
    if (arg.isCallExpression() && arg.node.callee.type === 'MemberExpression' && !arg.node.callee.computed &&
      arg.node.callee.property.type === 'Identifier' && arg.node.callee.property.name === 'bind') {
      // controller.list.bind(controller): the method itself.
      const inner = this.handlerInfo(arg.get('callee').get('object') as NodePath);
      return { info: { ...inner.info, name: collapse(codeOf(arg, source), 60) }, fn: inner.fn };
    }
    if (arg.isCallExpression()) {
      // asyncHandler(async (req, res) => ...) or makeHandler(deps): find the function that does the work.
      const inner = (arg.get('arguments') as NodePath[]).find((a) => a.isFunction()) as NodePath<t.Function> | undefined;
      if (inner) return { info: { kind: 'factory', name, definedIn: loc(inner, here) }, fn: inner };
      // A wrapped function (asyncHandler(listOrders)) is the work; otherwise what the factory returns.
      for (const a of arg.get('arguments') as NodePath[]) {
        const av = this.evaluate(a);
        if (av.t === 'function') return { info: { kind: 'factory', name, definedIn: loc(av.path, av.file) }, fn: av.path };
      }
      const v = this.evaluate(arg);
      if (v.t === 'function') return { info: { kind: 'factory', name, definedIn: loc(v.path, v.file) }, fn: v.path };
      return { info: { kind: 'factory', name }, fn: null };
    }
    const v = this.evaluate(arg);
    if (arg.isMemberExpression()) {
      return { info: { kind: 'controller', name, ...(v.t === 'function' ? { definedIn: loc(v.path, v.file) } : {}) }, fn: v.t === 'function' ? v.path : null };
    }
    if (v.t === 'function') {
      const sameFile = v.file === here;
      return { info: { kind: sameFile ? 'named' : 'controller', name, definedIn: loc(v.path, v.file) }, fn: v.path };
    }
    return { info: { kind: 'unknown', name }, fn: null };
  }

  // --- walking mounts ------------------------------------------------------------------------

  run(): AnalysisResult {
    const files = this.options.files?.map((f) => resolve(f)) ?? collectSourceFiles(this.root, this.options.excludeDirs);
    for (const file of files) this.loadModule(file);
    // Routers handed to functions (`registerRoutes(app)`, `require('./routes')(router)`): bind the
    // parameters first, so the registrations inside those functions resolve. Two rounds let a
    // router passed on from one function to the next resolve too.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < this.moduleOrder.length; i++) {
        for (const call of this.moduleOrder[i].argCalls) this.bindParams(call);
      }
    }
    for (let i = 0; i < this.moduleOrder.length; i++) {
      for (const call of this.moduleOrder[i].calls) this.register(call);
    }
    // Count mounts to find the roots (apps nobody mounts).
    for (const r of this.routers) {
      for (const e of r.entries) if (e.type === 'use') for (const item of e.items) if (item.kind === 'router') item.router.mountedBy++;
    }
    const routes: StaticRoute[] = [];
    const reached = new Set<RouterObj>();
    const roots = this.routers.filter((r) => r.kind === 'app' && r.mountedBy === 0);
    for (const root of roots) this.visit(root, '', [], [], new Set(), routes, reached, true);
    // Routers never reached from an app: their routes are unresolved, not dropped.
    for (const r of this.routers) {
      if (reached.has(r)) continue;
      const mountedSomewhere = r.mountedBy > 0;
      for (const e of r.entries) {
        if (e.type !== 'route') continue;
        for (const p of e.paths) {
          this.unresolved.push({
            kind: 'unmounted-router',
            method: e.method,
            path: p.known ? p.value : p.text,
            file: e.file,
            line: e.line,
            text: e.text,
            reason: mountedSomewhere
              ? `${this.label(r)} is mounted only inside a router that no app mounts`
              : `${this.label(r)} is never mounted with app.use()/router.use() in the analysed code (exported for a caller to mount?)`,
          });
        }
      }
    }
    return {
      root: this.root,
      files: files.map((f) => this.rel(f)),
      routes,
      unresolved: this.unresolved,
      routers: this.routers.map((r) => ({ name: r.name, kind: r.kind, file: r.file, line: r.line, mounted: reached.has(r) })),
    };
  }

  private bindParams(call: NodePath<t.CallExpression>): void {
    const args = call.get('arguments') as NodePath[];
    const routers = args.map((a) => (unwrapTs(a.node).type === 'Identifier' ? this.evaluate(a) : null));
    if (!routers.some((v) => v?.t === 'router')) return;
    const fn = this.evaluate(call.get('callee') as NodePath);
    if (fn.t !== 'function') return;
    routers.forEach((v, i) => {
      if (v?.t !== 'router') return;
      const byIndex = this.paramRouters.get(fn.path.node) ?? new Map<number, Set<RouterObj>>();
      byIndex.set(i, (byIndex.get(i) ?? new Set()).add(v.router));
      this.paramRouters.set(fn.path.node, byIndex);
    });
  }

  private visit(
    router: RouterObj,
    prefix: string,
    inherited: MiddlewareRef[],
    mounts: { prefix: string; router: string }[],
    stack: Set<RouterObj>,
    out: StaticRoute[],
    reached: Set<RouterObj>,
    isRoot: boolean,
  ): void {
    if (stack.has(router)) return;
    stack.add(router);
    reached.add(router);
    const chain = [...mounts, { prefix: prefix || '/', router: this.label(router) }];
    const local: { paths: PathValue[]; refs: MiddlewareRef[] }[] = [];
    const entries = [...router.entries].sort((a, b) => a.order - b.order);
    const level: MiddlewareRef['level'] = isRoot ? 'app' : 'router';
    const activeFor = (path: string) => local.filter((m) => m.paths.some((p) => p.known && pathCovers(p.value, path))).flatMap((m) => m.refs);
    for (const entry of entries) {
      if (entry.type === 'use') {
        const before: MiddlewareRef[] = [];
        for (const item of entry.items) {
          if (item.kind === 'middleware') before.push(this.middlewareRef(item.node, level));
        }
        const hasRouter = entry.items.some((i) => i.kind === 'router');
        if (!hasRouter) {
          local.push({ paths: entry.paths, refs: before });
          continue;
        }
        let mountMw: MiddlewareRef[] = [];
        for (const item of entry.items) {
          if (item.kind === 'middleware') {
            mountMw.push({ ...this.middlewareRef(item.node, 'mount') });
            continue;
          }
          for (const p of entry.paths) {
            if (!p.known) {
              for (const sub of item.router.entries) {
                if (sub.type !== 'route') continue;
                this.unresolved.push({
                  kind: 'path', method: sub.method,
                  path: `${prefix}{${p.text}}${sub.paths.map((sp) => (sp.known ? sp.value : sp.text)).join('|')}`,
                  file: sub.file, line: sub.line, text: sub.text,
                  reason: `mounted by \`${entry.text}\` (${entry.file}:${entry.line}) at a ${p.reason}`,
                });
              }
              continue;
            }
            const full = joinPath(prefix, p.value);
            this.visit(item.router, full === '/' ? '' : full, [...inherited, ...activeFor(p.value), ...mountMw], chain, stack, out, reached, false);
          }
          mountMw = [];
        }
        continue;
      }
      const args = entry.args;
      const handlerArg = args[args.length - 1];
      const routeMw = args.slice(0, -1).map((a) => this.middlewareRef(a, 'route'));
      const { info, fn } = this.handlerInfo(handlerArg);
      for (const p of entry.paths) {
        if (!p.known) {
          this.unresolved.push({ kind: 'path', method: entry.method, path: `${prefix}${p.text}`, file: entry.file, line: entry.line, text: entry.text, reason: p.reason });
          continue;
        }
        const middleware = [...inherited, ...activeFor(p.value), ...routeMw];
        const roles = [...new Set(middleware.flatMap((m) => m.roles ?? []))];
        out.push({
          method: entry.method,
          path: p.regex ? `${prefix}${p.value}` : joinPath(prefix, p.value),
          localPath: p.value,
          file: entry.file,
          line: entry.line,
          router: this.label(router),
          mounts: chain,
          middleware,
          roles,
          handler: info,
          handlerFn: fn,
          handlerNode: handlerArg ?? null,
        });
      }
    }
    stack.delete(router);
  }
}

// ---------------------------------------------------------------------------------------------
// small helpers

/** `app as unknown as Router`, `app!`, `(app)` -> `app`. */
function unwrapTs(node: t.Node): t.Node {
  let n = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSTypeAssertion') n = n.expression;
  return n;
}

/** Middleware arrays (`[auth, role]`, `...adminOnly`, `const adminOnly = [auth, role]`) flattened in order. */
function flattenArgs(args: NodePath[], depth = 0): NodePath[] {
  return args.flatMap((a): NodePath[] => {
    if (depth > 5) return [a];
    if (a.isArrayExpression()) return flattenArgs((a.get('elements') as NodePath[]).filter((e) => e.node), depth + 1);
    if (a.isSpreadElement()) return flattenArgs([a.get('argument') as NodePath], depth + 1);
    if (a.isIdentifier()) {
      const binding = a.scope.getBinding(a.node.name);
      if (binding?.path.isVariableDeclarator() && binding.constant) {
        const init = binding.path.get('init') as NodePath;
        if (init.isArrayExpression()) return flattenArgs([init], depth + 1);
      }
    }
    return [a];
  });
}

function looksLikePath(arg: NodePath, analyzer: Analyzer): boolean {
  const n = arg.node;
  if (n.type === 'StringLiteral') return n.value.startsWith('/');
  if (n.type === 'TemplateLiteral') {
    const first = n.quasis[0]?.value.cooked ?? '';
    return first.startsWith('/') || (first === '' && n.expressions.length > 0);
  }
  if (n.type === 'ArrayExpression') return true;
  const v = analyzer.evaluate(arg);
  return v.t === 'string' ? v.value.startsWith('/') : n.type === 'BinaryExpression';
}

export function codeOf(path: NodePath, source: string): string {
  const { start, end } = path.node;
  return start != null && end != null ? source.slice(start, end) : path.node.type;
}

function memberChain(node: t.Node): string[] | null {
  if (node.type === 'Identifier') return [node.name];
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const head = memberChain(node.object);
    return head ? [...head, node.property.name] : null;
  }
  return null;
}

function objectKey(key: t.Node): string | null {
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'StringLiteral') return key.value;
  if (key.type === 'NumericLiteral') return String(key.value);
  return null;
}

function propName(node: t.MemberExpression, path: NodePath): string | null {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'StringLiteral') return node.property.value;
  void path;
  return null;
}

export function functionName(fn: NodePath | null): string | null {
  if (!fn) return null;
  const node = fn.node as t.Node & { id?: t.Identifier | null; key?: t.Node };
  if (node.id?.type === 'Identifier') return node.id.name;
  if (node.key) return objectKey(node.key);
  const parent = fn.parentPath;
  if (parent?.isVariableDeclarator() && parent.node.id.type === 'Identifier') return parent.node.id.name;
  if (parent?.isObjectProperty()) return objectKey(parent.node.key);
  if (parent?.isAssignmentExpression()) {
    const chain = memberChain(parent.node.left);
    return chain ? chain.join('.') : null;
  }
  return null;
}

export function analyzeApp(root: string, options: AnalyzeOptions = {}): AnalysisResult {
  return new Analyzer(resolve(root), options).run();
}
