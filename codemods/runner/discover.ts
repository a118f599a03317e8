/**
 * Cheap facts about a file, found without recast: does it use Express at all (a text test), which
 * routers does it mount where (`app.use('/api', usersRouter)`), which routes does it declare
 * (`router.get('/:id', ...)`) and which relative modules does it import.
 *
 * The recipe uses these for the report (a route's full path is its mount prefix plus its local
 * path) and for `--out` (which imports point at files that are migrated too). Parsing here is
 * `@babel/parser` alone, about twenty times faster than recast's parse, and only for files that
 * pass the text test.
 */
import { parse } from '@babel/parser';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * A file is worth parsing only if it imports Express, calls a routing method with a path literal
 * (`x.get('/...'`, `x.use('/...'`, `x.route('/...'`), or has a function taking `(req, res` (a
 * CommonJS controller need not import Express). Service and model files fail this test. This is
 * only the gate: what counts as a handler is decided on the tree, never by names.
 */
const EXPRESS_USAGE =
  /['"]express['"]|\.\s*(?:get|post|put|patch|delete|del|all|use|route|options|head)\s*\(\s*['"`]\/|\(\s*(?:req|request)\s*,\s*(?:res|response)\b/;

export function usesExpress(source: string): boolean {
  return EXPRESS_USAGE.test(source);
}

export const ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head'] as const;
const METHOD_SET = new Set<string>(ROUTE_METHODS);

export interface MountFact {
  /** Prefix as written, e.g. '/api/users'. */
  prefix: string;
  /** Absolute path of the mounted router module, when it resolves to a file. */
  target: string;
  line: number;
  /**
   * Middleware written before it in the same `use` call (`app.use('/admin', requireAuth, adminRouter)`
   * mounts adminRouter behind requireAuth), body parsers left out; absent when none.
   */
  behind?: string[];
}

export interface RouteFact {
  method: string;
  path: string;
  line: number;
  endLine: number;
  /** Source offset of the method name: orders routes that share a line (a route() chain). */
  column: number;
  /** Handlers and middleware imported from relative modules (`users.avatar`, `{ avatar }`): where they are defined. */
  handlers?: HandlerRef[];
}

/** An exported function of another file, used by a route: `module` is the resolved file. */
export interface HandlerRef {
  module: string;
  /** The export's name; 'default' for a default export / `module.exports = fn`. */
  name: string;
}

export interface FileFacts {
  file: string;
  /** Calls `express()`: an application, mounted at '' by definition. */
  isApp: boolean;
  mounts: MountFact[];
  routes: RouteFact[];
  /** Relative import specifiers and the absolute file each resolves to (null when it does not). */
  imports: { specifier: string; resolved: string | null }[];
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** Node-style resolution of a relative specifier, with TypeScript's `./x.js` → `./x.ts` too. */
export function resolveRelative(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, ...RESOLVE_EXTENSIONS.map((e) => base + e)];
  const jsExt = /\.(c|m)?jsx?$/.exec(base);
  if (jsExt) {
    const stem = base.slice(0, -jsExt[0].length);
    candidates.push(...['.ts', '.tsx', '.mts', '.cts'].map((e) => stem + e));
  }
  candidates.push(...RESOLVE_EXTENSIONS.map((e) => path.join(base, 'index' + e)));
  for (const candidate of candidates) {
    try {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    } catch {
      /* unreadable: try the next one */
    }
  }
  return null;
}

function stringValue(node: any): string | null {
  if (!node) return null;
  if (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

/** `require('x')`, `require('x').default`, `(await import('x')).default` → 'x'. */
function requiredSpecifier(node: any): string | null {
  if (!node) return null;
  if (node.type === 'MemberExpression' && !node.computed) return requiredSpecifier(node.object);
  if (node.type === 'AwaitExpression') return requiredSpecifier(node.argument);
  if (node.type === 'CallExpression') {
    if (node.callee.type === 'Identifier' && node.callee.name === 'require') return stringValue(node.arguments[0]);
    if (node.callee.type === 'Import') return stringValue(node.arguments[0]);
  }
  return null;
}

/** `a.b(...).c(...)` → `a`; `Router().use(x)` → the `Router()` call (through TS casts and parentheses). */
function chainRoot(node: any): any {
  for (;;) {
    while (node && (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'ParenthesizedExpression')) node = node.expression;
    if (isRouterConstruction(node)) return node;
    if (node?.type === 'CallExpression' && node.callee.type === 'MemberExpression') node = node.callee.object;
    else if (node?.type === 'MemberExpression') node = node.object;
    else return node;
  }
}

/** `Router()`, `express.Router()`, `require('express').Router()` (with options or not). */
function isRouterConstruction(node: any): boolean {
  if (node?.type !== 'CallExpression') return false;
  const c = node.callee;
  return (c.type === 'Identifier' && c.name === 'Router') || (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.property.name === 'Router');
}

/** '/api' + '/teams' → '/api/teams'; '' + '/x' → '/x'; '/api' + '' (or '/') → '/api'. */
function joinPrefix(outer: string, inner: string): string {
  if (!outer) return inner;
  if (!inner || inner === '/') return outer;
  return outer.replace(/\/$/, '') + (inner.startsWith('/') ? inner : `/${inner}`);
}

/** Walks every node of a Babel AST (skipping positions and comments). */
function walk(node: any, visit: (node: any) => void): void {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key in node) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'extra') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child === 'object') walk(child, visit);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      walk(value, visit);
    }
  }
}

/** Parses with @babel/parser (TypeScript, plus JSX for non-.ts files). Throws on a syntax error. */
export function babelParse(source: string, filePath: string): any {
  const isTs = /\.(c|m)?ts$/.test(filePath);
  return parse(source, {
    sourceType: 'module',
    allowImportExportEverywhere: true,
    allowReturnOutsideFunction: true,
    errorRecovery: false,
    plugins: isTs ? ['typescript', 'decorators-legacy'] : ['typescript', 'jsx', 'decorators-legacy'],
  });
}

/** Facts for one file from its Babel AST. */
export function discover(ast: any, filePath: string): FileFacts {
  const facts: FileFacts = { file: filePath, isApp: false, mounts: [], routes: [], imports: [] };
  // Local name → specifier, from imports and requires.
  const bindings = new Map<string, string>();
  // Local name → the export it names ('*' for the whole module: `import * as users`, `const users = require()`).
  const imported = new Map<string, string>();
  const routeArgs: { route: RouteFact; args: any[] }[] = [];
  const useCalls: { prefix: string; args: any[]; line: number; receiver: string | null }[] = [];
  // Routers built in this file (`const api = Router().use(a)`), and the `Router()` call each chain starts from.
  const localRouters = new Set<string>();
  const chainOwner = new Map<any, string>();
  const seenImports = new Set<string>();
  const addImport = (specifier: string | null) => {
    if (!specifier || !specifier.startsWith('.') || seenImports.has(specifier)) return;
    seenImports.add(specifier);
    facts.imports.push({ specifier, resolved: resolveRelative(filePath, specifier) });
  };

  walk(ast.program ?? ast, (node) => {
    switch (node.type) {
      case 'ImportDeclaration': {
        const spec = stringValue(node.source);
        addImport(spec);
        if (spec) {
          for (const s of node.specifiers ?? []) {
            bindings.set(s.local.name, spec);
            imported.set(s.local.name, s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : s.type === 'ImportDefaultSpecifier' ? 'default' : '*');
          }
        }
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (node.source) addImport(stringValue(node.source));
        break;
      case 'TSImportEqualsDeclaration':
        if (node.moduleReference?.type === 'TSExternalModuleReference') {
          const spec = stringValue(node.moduleReference.expression);
          addImport(spec);
          if (spec) bindings.set(node.id.name, spec);
        }
        break;
      case 'VariableDeclarator': {
        const start = chainRoot(node.init);
        if (node.id.type === 'Identifier' && isRouterConstruction(start)) {
          localRouters.add(node.id.name);
          chainOwner.set(start, node.id.name);
        }
        const spec = requiredSpecifier(node.init);
        if (spec && node.id.type === 'Identifier') {
          bindings.set(node.id.name, spec);
          // `require('./x').y` names one export; `require('./x')` the module.
          if (node.init.type === 'CallExpression' || node.init.type === 'AwaitExpression') imported.set(node.id.name, '*');
        }
        if (spec && node.id.type === 'ObjectPattern') {
          for (const p of node.id.properties) {
            if (p.value?.type !== 'Identifier') continue;
            bindings.set(p.value.name, spec);
            if (p.key?.type === 'Identifier' && !p.computed) imported.set(p.value.name, p.key.name);
          }
        }
        break;
      }
      case 'CallExpression': {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'require') addImport(stringValue(node.arguments[0]));
        if (callee.type === 'Import') addImport(stringValue(node.arguments[0]));
        if (callee.type === 'Identifier' && callee.name === 'express') facts.isApp = true;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') break;
        const method = callee.property.name;
        const first = stringValue(node.arguments[0]);
        if (method === 'use') {
          // app.use('/p', mw, router) mounts every argument after the prefix there; app.use(router) at ''.
          const args = first !== null ? node.arguments.slice(1) : node.arguments;
          const root = chainRoot(callee.object);
          const receiver = root?.type === 'Identifier' ? root.name : (chainOwner.get(root) ?? null);
          useCalls.push({ prefix: first ?? '', args, line: node.loc?.start.line ?? 0, receiver });
        } else if (METHOD_SET.has(method) && first !== null && node.arguments.length >= 2) {
          const route: RouteFact = { method: method.toUpperCase(), path: first, line: node.loc?.start.line ?? 0, endLine: node.loc?.end.line ?? 0, column: callee.property.start ?? 0 };
          facts.routes.push(route);
          routeArgs.push({ route, args: node.arguments.slice(1) });
        } else if (METHOD_SET.has(method) && callee.object.type === 'CallExpression') {
          // router.route('/x').get(h).post(h): walk down the chain to the .route('/x') call.
          let inner: any = callee.object;
          while (inner?.type === 'CallExpression' && inner.callee.type === 'MemberExpression') {
            const name = inner.callee.property?.name;
            if (name === 'route') {
              const routePath = stringValue(inner.arguments[0]);
              if (routePath !== null) {
                const route: RouteFact = {
                  method: method.toUpperCase(),
                  path: routePath,
                  // The statement's line (where `router` is), as the steps report it.
                  line: node.loc?.start.line ?? 0,
                  endLine: node.loc?.end.line ?? 0,
                  column: callee.property.start ?? 0,
                };
                facts.routes.push(route);
                routeArgs.push({ route, args: node.arguments });
              }
              break;
            }
            if (!METHOD_SET.has(name)) break;
            inner = inner.callee.object;
          }
        }
        break;
      }
    }
  });

  // A router of this file mounted on another one of it (`router.use('/api', api)`): what api mounts is under '/api'.
  const mountedAt = new Map<string, { receiver: string | null; prefix: string }>();
  for (const use of useCalls) {
    const last = use.args[use.args.length - 1];
    if (last?.type === 'Identifier' && localRouters.has(last.name) && !bindings.has(last.name) && last.name !== use.receiver) {
      mountedAt.set(last.name, { receiver: use.receiver, prefix: use.prefix });
    }
  }
  const localPrefix = (name: string | null, seen = new Set<string>()): string => {
    const at = name === null ? undefined : mountedAt.get(name);
    if (!at || seen.has(name!)) return '';
    seen.add(name!);
    return joinPrefix(localPrefix(at.receiver, seen), at.prefix);
  };
  for (const use of useCalls) {
    use.prefix = joinPrefix(localPrefix(use.receiver), use.prefix);
    use.args.forEach((arg, i) => {
      const spec = requiredSpecifier(arg) ?? (arg.type === 'Identifier' ? bindings.get(arg.name) : undefined);
      if (!spec) return;
      const target = resolveRelative(filePath, spec);
      if (!target) return;
      const behind = use.args.slice(0, i).map(describeMiddleware).filter((d): d is string => d !== null);
      facts.mounts.push(behind.length ? { prefix: use.prefix, target, line: use.line, behind } : { prefix: use.prefix, target, line: use.line });
    });
  }
  for (const { route, args } of routeArgs) {
    const refs: HandlerRef[] = [];
    for (const arg of args) {
      let local: string | null = null;
      let name: string | null = null;
      if (arg.type === 'Identifier' && imported.has(arg.name) && imported.get(arg.name) !== '*') {
        local = arg.name;
        name = imported.get(arg.name)!;
      } else if (arg.type === 'MemberExpression' && !arg.computed && arg.object.type === 'Identifier' && arg.property.type === 'Identifier' && imported.get(arg.object.name) === '*') {
        local = arg.object.name;
        name = arg.property.name;
      }
      const module = local ? resolveRelative(filePath, bindings.get(local)!) : null;
      if (module && name) refs.push({ module, name });
    }
    if (refs.length) route.handlers = refs;
  }
  // route('/x').get().post() is visited outer-first; report routes in source order.
  facts.routes.sort((a, b) => a.line - b.line || a.column - b.column);
  return facts;
}

/** A middleware argument as a short name (`requireAuth`, `requireRole(...)`, `...guards`); null for a body parser. */
function describeMiddleware(arg: any): string | null {
  if (arg.type === 'CallExpression' && arg.callee.type === 'MemberExpression' && /^(json|urlencoded|text|raw)$/.test(arg.callee.property?.name ?? '')) return null;
  if (arg.type === 'Identifier') return arg.name;
  if (arg.type === 'CallExpression') {
    const callee = arg.callee.type === 'Identifier' ? arg.callee.name : arg.callee.type === 'MemberExpression' && arg.callee.property?.type === 'Identifier' ? arg.callee.property.name : 'a call';
    return `${callee}(...)`;
  }
  if (arg.type === 'SpreadElement') return `...${describeMiddleware(arg.argument) ?? ''}`;
  if (arg.type === 'ArrayExpression') {
    const inner = arg.elements.map((e: any) => (e ? describeMiddleware(e) : null)).filter((d: string | null) => d !== null);
    return inner.length ? `[${inner.join(', ')}]` : null;
  }
  return /Function/.test(arg.type) ? 'an inline function' : 'an expression';
}

export function joinPaths(prefix: string, local: string): string {
  if (!prefix || prefix === '/') return local;
  if (local === '/' || local === '') return prefix;
  return prefix.replace(/\/$/, '') + (local.startsWith('/') ? local : '/' + local);
}

