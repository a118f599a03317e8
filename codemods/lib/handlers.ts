/**
 * Handler discovery shared by every step: which functions in a file are Express (or Fastify)
 * route handlers, middleware, error handlers or param callbacks, and what their request /
 * response / next parameters are called. Receivers and parameters are resolved by scope, never by
 * name alone: `(r, s, n) => s.json(r.body)` is found, `res` in a helper that takes `res` as its
 * first argument is not the response of anything.
 *
 * Found:
 *  - function arguments of route registrations: `app|router.METHOD(path, ...fns)`, `.all`, `.use`,
 *    `.route(path).METHOD(...fns)`, `.param(name, fn)` on an Express app/Router, and on Fastify
 *    `fastify.METHOD(path, [opts], handler)`, `fastify.route({ handler, preHandler })`,
 *    `fastify.addHook(name, fn)`, `setErrorHandler`, `setNotFoundHandler` (also after the route step
 *    has rewritten an Express call into `router.get(path, { preHandler: [...] }, handler)`);
 *  - named functions and consts of the same file referenced there, and the functions that
 *    middleware factories called there return (`requireRole('ADMIN')`);
 *  - any other function shaped like a handler: 2–4 parameters, the second used like a response
 *    (`.json/.send/.status/.render/...`), or three where the third is called and the first is used
 *    like a request (exported controllers, middleware factories in middleware modules);
 *  - error handlers `(err, req, res, next)`.
 * A function passed to `fromExpressHandler` / `fromExpressMiddleware` is reported with
 * `adapted: true`: it stays Express code behind the adapter and steps must leave its body alone.
 */
import type { ASTPath, Collection, Identifier, JSCodeshift } from 'jscodeshift';
import {
  type AnyNode,
  type AnyPath,
  isFunctionNode,
  isReference,
  paramName,
  paramReferences,
  resolveBinding,
  walkInVisitorOrder,
} from './ast';

export type HandlerForm = 'express' | 'fastify';
export type HandlerKind = 'route' | 'middleware' | 'error' | 'param';
export type HandlerRole = 'err' | 'req' | 'res' | 'next' | 'value';

export interface HandlerInfo {
  /** The function node (FunctionExpression | ArrowFunctionExpression | FunctionDeclaration | ObjectMethod). */
  path: ASTPath<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** (req, res, next) vs (request, reply): see formOf below. */
  form: HandlerForm;
  /** error = (err, req, res, next) or Fastify (error, request, reply); param = router.param callback. */
  kind: HandlerKind;
  /** Names as written (undefined when the parameter is absent or destructured). */
  params: { err?: string; req?: string; res?: string; next?: string; value?: string };
  /** Passed to fromExpressHandler / fromExpressMiddleware: Express code behind the adapter, leave it. */
  adapted: boolean;
  /** How it was found: a route registration on this receiver kind, or by its shape alone. */
  registeredOn: 'express' | 'fastify' | null;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all'] as const;
const METHOD_SET = new Set<string>(HTTP_METHODS);
export const ADAPTER_FUNCTIONS = new Set(['fromExpressHandler', 'fromExpressMiddleware']);

/** Members of a response object, used to recognise a parameter as "the response". */
const RESPONSE_MEMBERS = new Set([
  'json', 'send', 'status', 'render', 'sendStatus', 'redirect', 'set', 'header', 'end', 'cookie', 'clearCookie',
  'locals', 'sendFile', 'download', 'type', 'format', 'append', 'location', 'attachment', 'jsonp', 'code', 'headers',
  'hijack', 'setHeader', 'writeHead', 'write', 'statusCode', 'headersSent', 'vary', 'links', 'setCookie', 'getHeader',
]);
/** Members of a request object, used to recognise a parameter as "the request". */
const REQUEST_MEMBERS = new Set([
  'headers', 'body', 'params', 'query', 'user', 'get', 'cookies', 'session', 'method', 'url', 'path', 'ip', 'ips',
  'hostname', 'protocol', 'originalUrl', 'baseUrl', 'file', 'files', 'signedCookies', 'header', 'is', 'accepts',
  'log', 'id', 'raw', 'routeOptions', 'socket', 'secure', 'xhr', 'subdomains', 'app', 'res', 'route',
]);
/** Express-only members: their presence makes a handler Express-form whatever it is registered on. */
export const EXPRESS_ONLY_RESPONSE = new Set([
  'json', 'jsonp', 'sendStatus', 'render', 'locals', 'set', 'sendFile', 'download', 'attachment', 'format', 'links',
  'location', 'append', 'vary', 'cookie', 'end', 'get', 'req', 'app', 'headersSent', 'statusCode', 'setHeader',
  'writeHead', 'write', 'getHeader', 'removeHeader',
]);
/** Response members distinctive enough to recognise Express's response by, whatever the first parameter reads. */
const EXPRESS_RESPONSE_SIGNS = new Set(['json', 'sendStatus', 'render', 'redirect', 'sendFile', 'download', 'jsonp']);
export const EXPRESS_ONLY_REQUEST = new Set([
  'get', 'header', 'is', 'accepts', 'acceptsCharsets', 'acceptsEncodings', 'acceptsLanguages', 'originalUrl',
  'baseUrl', 'path', 'app', 'res', 'route', 'xhr', 'fresh', 'stale', 'signedCookies', 'subdomains', 'range', 'param',
]);

// ---------------------------------------------------------------------------------------------
// Receivers

type ReceiverKind = 'express' | 'fastify' | null;

interface ModuleImport {
  source: string;
  /** 'default' for default / namespace / whole-module require, else the imported name. */
  imported: string;
}

/**
 * The Program node without a traversal: `root.find(j.Program)` walks the whole file, and called once
 * per route it made the recipe quadratic (80 s for 2,500 generated lines; 8 s with this).
 */
function programOf(root: Collection): AnyNode {
  const file = root.get().node as AnyNode;
  return (file.program ?? file) as AnyNode;
}

/** Top-level import / require that binds `name`. */
function moduleImportOf(j: JSCodeshift, root: Collection, name: string): ModuleImport | null {
  const program = programOf(root);
  for (const stmt of program?.body ?? []) {
    if (stmt.type === 'ImportDeclaration') {
      for (const s of stmt.specifiers ?? []) {
        if (s.local?.name !== name) continue;
        const imported = s.type === 'ImportSpecifier' ? (s.imported.name ?? s.imported.value) : 'default';
        return { source: String(stmt.source.value), imported };
      }
    } else if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const src = requireSource(d.init);
        if (!src) continue;
        if (d.id.type === 'Identifier' && d.id.name === name) {
          return { source: src.source, imported: src.member ?? 'default' };
        }
        if (d.id.type === 'ObjectPattern' && !src.member) {
          for (const p of d.id.properties) {
            if (p.type === 'ObjectProperty' && p.value.type === 'Identifier' && p.value.name === name) {
              return { source: src.source, imported: p.key.name ?? p.key.value };
            }
          }
        }
      }
    } else if (stmt.type === 'TSImportEqualsDeclaration' && stmt.id?.name === name) {
      const ref = stmt.moduleReference;
      if (ref?.type === 'TSExternalModuleReference') return { source: String(ref.expression.value), imported: 'default' };
    }
  }
  return null;
}

/** `require('x')` → { source: 'x' }, `require('x').Y` → { source: 'x', member: 'Y' }. */
function requireSource(init: AnyNode): { source: string; member?: string } | null {
  if (!init) return null;
  if (init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
    const a = init.arguments[0];
    return a && (a.type === 'StringLiteral' || a.type === 'Literal') ? { source: String(a.value) } : null;
  }
  if (init.type === 'MemberExpression' && !init.computed) {
    const inner = requireSource(init.object);
    if (inner && !inner.member) return { source: inner.source, member: init.property.name };
  }
  return null;
}

function unwrapTs(n: AnyNode): AnyNode {
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSTypeAssertion')) {
    n = n.expression;
  }
  return n;
}

/** What an expression evaluates to: an Express app/Router, a Fastify instance, or unknown. */
function classifyExpression(j: JSCodeshift, root: Collection, init: AnyNode): ReceiverKind {
  init = unwrapTs(init);
  if (!init) return null;
  if (init.type === 'AwaitExpression') return classifyExpression(j, root, init.argument);
  if (init.type !== 'CallExpression' && init.type !== 'NewExpression') return null;
  const callee = unwrapTs(init.callee);
  const req = requireSource(callee);
  if (req) return kindOfModule(req.source, req.member ?? 'default');
  if (callee.type === 'Identifier') {
    const imp = moduleImportOf(j, root, callee.name);
    if (imp) return kindOfModule(imp.source, imp.imported);
    return null;
  }
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const prop = callee.property.name;
    if (prop === 'route') return 'express';
    if (prop === 'Router' && callee.object.type === 'Identifier') {
      const imp = moduleImportOf(j, root, callee.object.name);
      if (imp?.source === 'express') return 'express';
    }
  }
  return null;
}

function kindOfModule(source: string, imported: string): ReceiverKind {
  if (source === 'express' && (imported === 'default' || imported === 'Router' || imported === 'express')) return 'express';
  if (source === 'fastify' && (imported === 'default' || imported === 'fastify' || imported === 'Fastify')) return 'fastify';
  return null;
}

function kindOfTypeAnnotation(ann: AnyNode): ReceiverKind {
  const t = ann?.typeAnnotation;
  if (!t || t.type !== 'TSTypeReference') return null;
  const name = t.typeName.type === 'Identifier' ? t.typeName.name : t.typeName.right?.name;
  if (/^(Express|Application|Router|IRouter)$/.test(name)) return 'express';
  if (/^Fastify(Instance|PluginAsync|PluginCallback)?$/.test(name)) return 'fastify';
  return null;
}

function kindByName(name: string): ReceiverKind {
  if (/^(fastify|instance)$/.test(name)) return 'fastify';
  if (/^(app|router|api|routes?)$|(Router|App)$/.test(name)) return 'express';
  return null;
}

/** Kind of the receiver of a registration call (`app` in `app.get(...)`, also through `.route(p)` chains). */
export function receiverKind(j: JSCodeshift, root: Collection, objectPath: AnyPath): ReceiverKind {
  const node = unwrapTs(objectPath.node);
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression') {
    const prop = node.callee.property.name;
    if (prop === 'route' || METHOD_SET.has(prop)) {
      const inner = receiverKind(j, root, objectPath.get('callee', 'object'));
      return inner === 'express' || prop === 'route' ? 'express' : inner;
    }
    return classifyExpression(j, root, node);
  }
  if (node.type === 'ThisExpression') return null;
  if (node.type !== 'Identifier') {
    if (node.type === 'MemberExpression' && !node.computed) return kindByName(node.property.name);
    return null;
  }
  const b = resolveBinding(objectPath, node.name);
  if (!b) return kindByName(node.name);
  if (b.kind === 'var') {
    return classifyExpression(j, root, b.node.init) ?? kindByName(node.name);
  }
  if (b.kind === 'param') {
    const fn = b.node;
    const param = fn.params[b.index ?? 0];
    const byType = kindOfTypeAnnotation(param.typeAnnotation ?? param.left?.typeAnnotation);
    if (byType) return byType;
    // `(fastify, opts) => {}` registered as a plugin, or typed as one.
    if (kindOfTypeAnnotation(fn.returnType) === 'fastify') return 'fastify';
    return kindByName(node.name);
  }
  if (b.kind === 'import') return kindByName(node.name);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Discovery

interface Found {
  kind: HandlerKind;
  registeredOn: ReceiverKind;
  adapted: boolean;
}

function isStringish(n: AnyNode): boolean {
  return !!n && (n.type === 'StringLiteral' || n.type === 'Literal' || n.type === 'TemplateLiteral' || n.type === 'RegExpLiteral' || (n.type === 'ArrayExpression' && n.elements.every(isStringish)));
}

/**
 * A node found by `scanFile`, with its NodePath built only when asked for: building a NodePath for
 * every node of the file (as ast-types' PathVisitor does) was most of discovery's time, and most
 * identifiers are never resolved (only the names of handler parameters are).
 */
class LazyPath {
  private resolved: AnyPath | null = null;
  constructor(
    private readonly start: AnyPath,
    private readonly chain: (string | number)[],
    readonly node: AnyNode,
  ) {}
  get path(): AnyPath {
    if (!this.resolved) {
      let p = this.start;
      for (const key of this.chain) p = p.get(key);
      this.resolved = p;
    }
    return this.resolved;
  }
}

/** Which visitor method PathVisitor would call for a node type. */
type Category = 'Function' | 'CallExpression' | 'Identifier' | null;
const categoryOf = new Map<string, Category>();
const CATEGORIES: readonly string[] = ['Function', 'CallExpression', 'Identifier'];

function categoryFor(types: any, type: string): Category { // eslint-disable-line @typescript-eslint/no-explicit-any
  let category = categoryOf.get(type);
  if (category !== undefined) return category;
  if (CATEGORIES.includes(type)) category = type as Category;
  else {
    try {
      // Nearest supertype first: the most specific visitor method wins, as in PathVisitor.
      category = ((types.getSupertypeNames(type) as string[]).find((t) => CATEGORIES.includes(t)) ?? null) as Category;
    } catch {
      category = null;
    }
  }
  categoryOf.set(type, category);
  return category;
}

/**
 * One pre-order walk of the plain nodes under `start`, in PathVisitor's order (a type's field names,
 * arrays element by element, untyped objects by their own keys), collecting Functions,
 * CallExpressions and Identifiers as PathVisitor's visitFunction / visitCallExpression /
 * visitIdentifier would. Like PathVisitor, it writes a missing field's default into the node
 * (the printer compares nodes with their originals, so the tree ends as it did with PathVisitor).
 */
function scanFile(j: JSCodeshift, start: AnyPath): { functions: LazyPath[]; calls: LazyPath[]; identifiers: LazyPath[] } {
  const types = j.types as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  const functions: LazyPath[] = [];
  const calls: LazyPath[] = [];
  const identifiers: LazyPath[] = [];
  walkInVisitorOrder(
    types,
    start.value,
    (node, chain) => {
      const category = categoryFor(types, node.type);
      if (category === 'CallExpression') calls.push(new LazyPath(start, chain.slice(), node));
      else if (category === 'Identifier') identifiers.push(new LazyPath(start, chain.slice(), node));
      else if (category === 'Function') functions.push(new LazyPath(start, chain.slice(), node));
    },
    { writeDefaults: true },
  );
  return { functions, calls, identifiers };
}

export function findHandlers(j: JSCodeshift, root: Collection): HandlerInfo[] {
  // One walk collects everything discovery needs (each Collection.find is a full walk).
  const { functions, calls, identifiers } = scanFile(j, root.paths()[0] as AnyPath);
  const refs = refIndex(identifiers);
  const lazyOf = new Map<AnyNode, LazyPath>();
  for (const p of functions) lazyOf.set(p.node, p);
  const pathOf = { get: (fn: AnyNode): AnyPath | undefined => lazyOf.get(fn)?.path };
  const found = new Map<AnyNode, Found>();
  const add = (fn: AnyNode, info: Found): void => {
    const prev = found.get(fn);
    if (!prev) found.set(fn, info);
    else {
      prev.adapted = prev.adapted || info.adapted;
      if (!prev.registeredOn) prev.registeredOn = info.registeredOn;
    }
  };

  /** Resolves a handler argument (inline fn, identifier, factory call, adapter call, array) to functions. */
  const collect = (argPath: AnyPath, kind: HandlerKind, on: ReceiverKind, adapted: boolean, depth = 0): void => {
    if (depth > 4) return;
    const n = unwrapTs(argPath.node);
    if (!n) return;
    if (isFunctionNode(n)) {
      add(n, { kind: kind === 'middleware' && n.params.length === 4 ? 'error' : kind, registeredOn: on, adapted });
      return;
    }
    if (n.type === 'ArrayExpression') {
      argPath.get('elements').each((el: AnyPath) => collect(el, kind, on, adapted, depth + 1));
      return;
    }
    if (n.type === 'Identifier') {
      const b = resolveBinding(argPath, n.name);
      if (!b) return;
      if (b.kind === 'function' && isFunctionNode(b.node)) collect(pathOf.get(b.node) ?? argPath, kind, on, adapted, depth + 1);
      else if (b.kind === 'var' && isFunctionNode(unwrapTs(b.node.init))) {
        const fn = unwrapTs(b.node.init);
        add(fn, { kind: kind === 'middleware' && fn.params.length === 4 ? 'error' : kind, registeredOn: on, adapted });
      } else if (b.kind === 'var' && b.node.init?.type === 'CallExpression') {
        collectFactory(b.node.init, kind, on, adapted, depth);
      }
      return;
    }
    if (n.type === 'CallExpression') {
      const callee = n.callee;
      if (callee.type === 'Identifier' && ADAPTER_FUNCTIONS.has(callee.name)) {
        argPath.get('arguments').each((a: AnyPath) => collect(a, kind, on, true, depth + 1));
        return;
      }
      collectFactory(n, kind, on, adapted, depth, argPath);
    }
  };

  /** `requireRole('ADMIN')`: the functions the local factory returns. */
  const collectFactory = (call: AnyNode, kind: HandlerKind, on: ReceiverKind, adapted: boolean, depth: number, callPath?: AnyPath): void => {
    if (call.callee.type !== 'Identifier' || !callPath) {
      if (call.callee.type !== 'Identifier') return;
    }
    let factory: AnyNode | undefined;
    const name = call.callee.name;
    const program = programOf(root);
    const b = callPath ? resolveBinding(callPath.get('callee'), name) : topLevelBinding(program, name);
    if (!b) return;
    if (b.kind === 'function') factory = b.node;
    else if (b.kind === 'var') factory = unwrapTs(b.node.init);
    if (!isFunctionNode(factory)) return;
    const fPath = pathOf.get(factory);
    if (!fPath) return;
    for (const inner of returnedFunctions(j, fPath)) add(inner, { kind: kind === 'middleware' && inner.params.length === 4 ? 'error' : kind, registeredOn: on, adapted });
    void depth;
  };

  // 1. Registration calls.
  calls.forEach((lazy) => {
    const call = lazy.node;
    const callee = call.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name as string;
    const args: AnyNode[] = call.arguments;
    const isRegistration =
      METHOD_SET.has(method) || ['use', 'param', 'route', 'addHook', 'setErrorHandler', 'setNotFoundHandler'].includes(method);
    if (!isRegistration) return;
    const callPath = lazy.path;
    const on = receiverKind(j, root, callPath.get('callee', 'object'));
    if (!on) return;
    const argPaths: AnyPath[] = args.map((_: AnyNode, i: number) => callPath.get('arguments', i));

    if (method === 'param') {
      if (args.length === 2) collectParam(argPaths[1], on);
      return;
    }
    if (method === 'setErrorHandler') {
      if (args[0]) collect(argPaths[0], 'error', on, false);
      return;
    }
    if (method === 'setNotFoundHandler') {
      if (args.length) collect(argPaths[args.length - 1], 'route', on, false);
      return;
    }
    if (method === 'addHook') {
      if (args.length === 2) collect(argPaths[1], 'middleware', on, false);
      return;
    }
    if (method === 'route') {
      // fastify.route({ method, url, handler, preHandler }); Express `.route(path)` has no handlers.
      if (args.length === 1 && args[0].type === 'ObjectExpression') collectOptions(argPaths[0], on, true);
      return;
    }
    if (method === 'get' && args.length === 1) return; // app.get('setting')
    // METHOD / all / use: optional path, then options objects and functions.
    let i = 0;
    if (isStringish(args[0])) i = 1;
    const fnArgs: AnyPath[] = [];
    for (; i < args.length; i++) {
      const a = unwrapTs(args[i]);
      if (a.type === 'ObjectExpression') collectOptions(argPaths[i], on, false);
      else fnArgs.push(argPaths[i]);
    }
    fnArgs.forEach((p, k) => {
      const isLast = k === fnArgs.length - 1;
      const kind: HandlerKind = method === 'use' || !isLast ? 'middleware' : 'route';
      collect(p, kind, on, false);
    });
  });

  function collectParam(p: AnyPath, on: ReceiverKind): void {
    const n = unwrapTs(p.node);
    if (isFunctionNode(n)) add(n, { kind: 'param', registeredOn: on, adapted: false });
    else if (n.type === 'Identifier') {
      const b = resolveBinding(p, n.name);
      const fn = b?.kind === 'function' ? b.node : b?.kind === 'var' ? unwrapTs(b.node.init) : undefined;
      if (isFunctionNode(fn)) add(fn, { kind: 'param', registeredOn: on, adapted: false });
    }
  }

  function collectOptions(objPath: AnyPath, on: ReceiverKind, withHandler: boolean): void {
    const obj = unwrapTs(objPath.node);
    obj.properties.forEach((prop: AnyNode, idx: number) => {
      if (prop.type !== 'ObjectProperty' && prop.type !== 'Property' && prop.type !== 'ObjectMethod') return;
      const key = prop.key.name ?? prop.key.value;
      const propPath = objPath.get('properties', idx);
      if (key === 'handler' && (withHandler || true)) {
        if (prop.type === 'ObjectMethod') add(prop, { kind: 'route', registeredOn: on, adapted: false });
        else collect(propPath.get('value'), 'route', on, false);
      } else if (/^(onRequest|preParsing|preValidation|preHandler|preSerialization|onSend|onResponse|onError|onTimeout)$/.test(key) && prop.type !== 'ObjectMethod') {
        collect(propPath.get('value'), 'middleware', on, false);
      } else if (key === 'errorHandler' && prop.type !== 'ObjectMethod') {
        collect(propPath.get('value'), 'error', on, false);
      }
    });
  }

  // 2. Functions shaped like handlers, wherever they are.
  for (const [fn, lazy] of lazyOf) {
    if (found.has(fn)) continue;
    const shaped = shapeOf(refs, fn);
    if (shaped) add(fn, { kind: shaped, registeredOn: null, adapted: isInsideAdapterCall(lazy.path) });
  }

  // Functions referenced (by identifier) from inside an adapter call elsewhere are adapted too.
  calls.forEach((lazy) => {
    if (lazy.node.callee.type !== 'Identifier' || !ADAPTER_FUNCTIONS.has(lazy.node.callee.name)) return;
    lazy.path.get('arguments').each((a: AnyPath) => {
      const n = unwrapTs(a.node);
      if (n.type !== 'Identifier') return;
      const b = resolveBinding(a, n.name);
      const fn = b?.kind === 'function' ? b.node : b?.kind === 'var' ? unwrapTs(b.node.init) : undefined;
      const f = fn && found.get(fn);
      if (f) f.adapted = true;
    });
  });

  const out: HandlerInfo[] = [];
  for (const [fn, info] of found) {
    const path = pathOf.get(fn);
    if (!path) continue;
    const params = paramsOf(fn, info.kind);
    const handler: HandlerInfo = { path, kind: info.kind, params, adapted: info.adapted || isInsideAdapterCall(path), registeredOn: info.registeredOn, form: 'express' };
    handler.form = formOf(refs, handler);
    out.push(handler);
  }
  // Source order, outer before inner.
  out.sort((a, b) => (a.path.node.start ?? 0) - (b.path.node.start ?? 0));
  return out;
}

function topLevelBinding(program: AnyNode, name: string): { kind: 'function' | 'var'; node: AnyNode } | null {
  for (const raw of program.body) {
    const stmt = raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration' ? raw.declaration : raw;
    if (!stmt) continue;
    if (stmt.type === 'FunctionDeclaration' && stmt.id?.name === name) return { kind: 'function', node: stmt };
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return { kind: 'var', node: d };
    }
  }
  return null;
}

function isInsideAdapterCall(fnPath: AnyPath): boolean {
  let p: AnyPath | null = fnPath.parent;
  // Also through one wrapping call: fromExpressHandler(asyncHandler(async (req, res) => ...)).
  for (let depth = 0; depth < 2 && p; depth++) {
    while (p && (p.node.type === 'TSAsExpression' || p.node.type === 'ParenthesizedExpression')) p = p.parent;
    if (!p || p.node.type !== 'CallExpression') break;
    if (p.node.callee.type === 'Identifier' && ADAPTER_FUNCTIONS.has(p.node.callee.name)) return true;
    p = p.parent;
  }
  return keptAsExpress(fnPath);
}

/** The marker escaping-handler-to-adapter leaves on an exported handler it could not wrap: it stays Express code. */
export const KEPT_AS_EXPRESS = 'kept as Express code';

/** A function declaration whose statement carries the KEPT_AS_EXPRESS marker. */
function keptAsExpress(fnPath: AnyPath): boolean {
  let p: AnyPath | null = fnPath;
  if (p.node.type !== 'FunctionDeclaration') return false;
  if (p.parent && /^Export(Named|Default)Declaration$/.test(p.parent.node.type)) p = p.parent;
  return (p!.node.comments ?? []).some((c: AnyNode) => typeof c.value === 'string' && c.value.includes(`@fastify-migrate-todo: ${KEPT_AS_EXPRESS}`));
}

/** Functions a factory returns: `return (req, res, next) => ...`, or an arrow whose body is one. */
function returnedFunctions(j: JSCodeshift, fPath: AnyPath): AnyNode[] {
  const fn = fPath.node;
  const out: AnyNode[] = [];
  if (fn.type === 'ArrowFunctionExpression' && isFunctionNode(unwrapTs(fn.body))) return [unwrapTs(fn.body)];
  j(fPath.get('body'))
    .find(j.ReturnStatement)
    .forEach((r: AnyPath) => {
      // Only returns of this function, not of nested ones.
      let p: AnyPath | null = r.parent;
      while (p && !isFunctionNode(p.node)) p = p.parent;
      if (p?.node !== fn) return;
      const arg = unwrapTs(r.node.argument);
      if (isFunctionNode(arg)) out.push(arg);
    });
  return out;
}

/** The parameter names by kind. */
function paramsOf(fn: AnyNode, kind: HandlerKind): HandlerInfo['params'] {
  const names = (fn.params as AnyNode[]).map(paramName);
  if (kind === 'error') return { err: names[0], req: names[1], res: names[2], next: names[3] };
  if (kind === 'param') return { req: names[0], res: names[1], next: names[2], value: names[3] };
  return { req: names[0], res: names[1], next: names[2] };
}

/** Members used on a parameter: `res.json(...)` gives 'json'. Also whether it is called, and escapes. */
/** References of parameter `name` of a function. */
type RefLookup = (fn: AnyNode, name: string) => AnyPath[];

/**
 * One pass over the file's identifiers, each resolved once, grouped by the function whose
 * parameter it refers to. Valid while the tree is not changed (findHandlers uses it, then drops it);
 * a subtree walk per parameter per function made discovery quadratic in nesting.
 */
function refIndex(identifiers: LazyPath[]): RefLookup {
  const byName = new Map<string, LazyPath[]>();
  for (const p of identifiers) {
    const list = byName.get(p.node.name);
    if (list) list.push(p);
    else byName.set(p.node.name, [p]);
  }
  const resolved = new Map<string, Map<AnyNode, AnyPath[]>>();
  return (fn, name) => {
    let byFn = resolved.get(name);
    if (!byFn) {
      byFn = new Map();
      for (const lazy of byName.get(name) ?? []) {
        const p = lazy.path;
        if (!isReference(p)) continue;
        const b = resolveBinding(p, name);
        if (!b || b.kind !== 'param') continue;
        const list = byFn.get(b.scope);
        if (list) list.push(p);
        else byFn.set(b.scope, [p]);
      }
      resolved.set(name, byFn);
    }
    return byFn.get(fn) ?? [];
  };
}

function memberUses(refs: RefLookup, fn: AnyNode, name: string | undefined): { members: Set<string>; called: number; calledNoArgs: number; escapes: number; passed: number } {
  const r = { members: new Set<string>(), called: 0, calledNoArgs: 0, escapes: 0, passed: 0 };
  if (!name) return r;
  for (const ref of refs(fn, name)) {
    const parent = ref.parent.node;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && ref.name === 'object') {
      if (!parent.computed && parent.property.type === 'Identifier') r.members.add(parent.property.name);
    } else if ((parent.type === 'CallExpression' || parent.type === 'OptionalCallExpression') && ref.name === 'callee') {
      r.called++;
      if (parent.arguments.length === 0) r.calledNoArgs++;
    } else {
      r.escapes++;
      if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(ref.node)) r.passed++;
    }
  }
  return r;
}

/** The kind of a function found by shape alone, or null when it does not look like a handler. */
function shapeOf(refs: RefLookup, fn: AnyNode): HandlerKind | null {
  const n = fn.params.length;
  if (n < 2 || n > 4) return null;
  if (fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod') return null;
  const names = (fn.params as AnyNode[]).map(paramName);
  if (n === 4) {
    const res = memberUses(refs, fn, names[2]);
    if ([...res.members].some((m) => RESPONSE_MEMBERS.has(m))) return 'error';
    return null;
  }
  const res = memberUses(refs, fn, names[1]);
  const resLike = [...res.members].filter((m) => RESPONSE_MEMBERS.has(m)).length;
  const req = names[0] ? memberUses(refs, fn, names[0]) : { members: new Set<string>(), called: 0 };
  const reqLike = [...req.members].some((m) => REQUEST_MEMBERS.has(m));
  if (n === 3) {
    const next = memberUses(refs, fn, names[2]);
    if (next.called > 0 && (reqLike || resLike > 0)) return next.calledNoArgs > 0 && resLike === 0 ? 'middleware' : next.calledNoArgs > 0 ? 'middleware' : 'route';
    // `.catch(next)`: a third parameter handed on, after one used like a response.
    if (next.passed > 0 && next.called === 0 && resLike > 0 && req.called === 0) return 'route';
  }
  // A second parameter used like a response, and a first that is at least not used like something else.
  if (resLike > 0 && (reqLike || req.members.size === 0)) return 'route';
  // Or a second parameter used with members only Express's response has (`res.json`, `res.sendStatus`):
  // the first is the request even when only properties middleware set are read (`req.payload.id`).
  if ([...res.members].some((m) => EXPRESS_RESPONSE_SIGNS.has(m)) && req.called === 0) return 'route';
  // A controller that hands its response to a helper (`reports.stream(req.query.id, res)`): the first
  // parameter is used like a request and the second only passed on.
  if (reqLike && res.passed > 0 && res.members.size === 0 && res.called === 0) return 'route';
  // Or typed as one: `(req: Request, res: Response)`.
  if (typeNameOf(fn.params[0]) === 'Request' && typeNameOf(fn.params[1]) === 'Response') {
    return n === 3 && typeNameOf(fn.params[2]) === 'NextFunction' ? 'middleware' : 'route';
  }
  return null;
}

/** `Response` for a parameter annotated `Response` or `express.Response`. */
function typeNameOf(param: AnyNode): string | undefined {
  const t = param?.typeAnnotation?.typeAnnotation;
  if (t?.type !== 'TSTypeReference') return undefined;
  return t.typeName.type === 'Identifier' ? t.typeName.name : t.typeName.type === 'TSQualifiedName' ? t.typeName.right.name : undefined;
}

/**
 * Express when registered on Express or passed to the adapter, or when the body uses Express-only request/response members
 * or calls `next`; Fastify when registered on Fastify (or found by shape) with nothing Express-only.
 * Ambiguous handlers found by shape alone (`(a, b) => b.send(a.body)`) count as Express.
 */
function formOf(refs: RefLookup, h: HandlerInfo): HandlerForm {
  if (h.registeredOn === 'express' || h.adapted) return 'express';
  const req = memberUses(refs, h.path.node, h.params.req);
  const res = memberUses(refs, h.path.node, h.params.res);
  const expressOnly =
    [...req.members].some((m) => EXPRESS_ONLY_REQUEST.has(m)) || [...res.members].some((m) => EXPRESS_ONLY_RESPONSE.has(m));
  if (expressOnly) return 'express';
  if (h.kind !== 'error' && h.kind !== 'param' && h.params.next && h.registeredOn !== 'fastify') return 'express';
  // Fastify calls a route handler with (request, reply) only: a third parameter is Express's next.
  if (h.kind === 'route' && h.path.node.params.length >= 3) return 'express';
  if (h.kind === 'error' && h.path.node.params.length === 4) return 'express';
  if (h.registeredOn === 'fastify') return 'fastify';
  if ([...res.members].some((m) => m === 'code' || m === 'hijack' || m === 'raw' || m === 'sent' || m === 'headers' || m === 'setCookie')) return 'fastify';
  return 'express';
}

// ---------------------------------------------------------------------------------------------
// Uses

function roleName(handler: HandlerInfo, role: HandlerRole): string | undefined {
  return handler.params[role];
}

/** True when this identifier resolves (by scope) to the given parameter of the handler. */
export function refersToParam(j: JSCodeshift, id: ASTPath<Identifier>, handler: HandlerInfo, role: 'req' | 'res' | 'next' | 'err' | 'value'): boolean {
  void j;
  const name = roleName(handler, role);
  if (!name || (id.node as AnyNode).name !== name) return false;
  if (!isReference(id as AnyPath)) return false;
  const b = resolveBinding(id as AnyPath, name);
  return !!b && b.kind === 'param' && b.scope === handler.path.node;
}

/**
 * Every reference to the handler's role parameter, as Identifier paths (by scope, so shadowed
 * names and same-named identifiers elsewhere are excluded). `p.parent` is the use: a
 * MemberExpression for `res.json(...)` (`p.name === 'object'`), a CallExpression for `next(err)`
 * (`p.name === 'callee'`), anything else means the parameter escapes.
 */
export function usesOf(j: JSCodeshift, handler: HandlerInfo, role: 'req' | 'res' | 'next' | 'err' | 'value'): Collection {
  const name = roleName(handler, role);
  const paths = name ? paramReferences(j, handler.path, name) : [];
  return j(paths as ASTPath[]);
}

/** The MemberExpression paths `x.member` on the role parameter (`res.status`, `req.params`). */
export function memberUsesOf(j: JSCodeshift, handler: HandlerInfo, role: 'req' | 'res' | 'next' | 'err'): AnyPath[] {
  const out: AnyPath[] = [];
  usesOf(j, handler, role).forEach((p: AnyPath) => {
    const parent = p.parent.node;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && p.name === 'object') out.push(p.parent);
  });
  return out;
}

