/**
 * router-module-to-fastify-plugin: a module that builds an `express.Router()` becomes a module that
 * exports a Fastify plugin, exported the same way; routers mounted under a prefix are registered
 * with that prefix.
 *
 *   const express = require('express');            const { auth } = require('../auth');
 *   const { auth } = require('../auth');
 *   const router = express.Router();          →    async function usersRoutes(fastify) {
 *   router.get('/', list);                           fastify.get('/', list);
 *   router.use('/:id/orders', ordersRouter);         fastify.register(ordersRoutes, { prefix: '/:id/orders' });
 *   module.exports = router;                       }
 *                                                  module.exports = usersRoutes;
 *
 *   fastify.use('/api/users', usersRouter)    →    fastify.register(usersRoutes, { prefix: '/api/users' })
 *   fastify.use('/api/users', require('./users'))  →  fastify.register(require('./users'), { prefix: '/api/users' })
 *
 * A router module required where it is mounted (also `require(...).default`, `(await import(...)).default`)
 * is registered as it is written: the module exports its plugin the way it exported its router. It
 * counts as one when the run migrates it and it builds a Router (read from disk), else by its name
 * (`./routes/users`); another module of the app mounted so on Fastify gets a marker (no `use`). A
 * router built by chaining on `Router()` (`export default Router().use('/api', api)`) is first
 * written as an assigned one, and a router mounted on another router of the file is registered by
 * that one's plugin.
 *
 * A mount with middleware in front (Express runs it for every route of the router) becomes an
 * encapsulated registration whose hooks run for every route of the router's plugin (hooks of a
 * context apply to the plugins registered in it; the prefix is inherited):
 *
 *   router.use('/admin', requireAuth, requireRole('ADMIN'), adminRouter)
 *     →  fastify.register(async (instance) => {
 *          instance.addHook('preHandler', fromExpressMiddleware(requireAuth));
 *          instance.addHook('preHandler', fromExpressMiddleware(requireRole('ADMIN')));
 *          await instance.register(adminRoutes);
 *        }, { prefix: '/admin' });
 *
 * Each middleware is used as it is when it is a Fastify hook after the run (lib/middleware.ts, as
 * for route middleware; or defined here and native, as require-role-to-prehandler decides), else it
 * goes behind the adapter; body parsers are dropped (Fastify parses the body). Middleware defined
 * here that reads req.url / req.path / req.baseUrl gets a marker: Express shows it the URL without
 * the mount prefix, Fastify the whole URL. What becomes of the mount's middleware is reported
 * (`report.mount`), so that the routes under it are not called native when their protection is lost.
 *
 * Every top-level statement that uses the router moves into the plugin, in order, with its
 * comments; everything else stays where it was. The plugin is `xRoutes` for a router `xRouter`,
 * else named after the file (`users.routes.ts` → `usersRoutes`); a named export keeps its name. A
 * mount (`use(prefix, someRouter)`) is rewritten where its receiver is Fastify (or the router being
 * converted); on an Express app it is only reported, since the app itself is not a Fastify instance
 * yet (a mount with middleware there gets a marker with the registration to write). A router used
 * anywhere else than in top-level statements gets a marker and is left alone.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  type AnyNode,
  type AnyPath,
  adapterModule,
  ensureNamedImport,
  hasIdentifierNamed,
  isReference,
  parseExpression,
  programOf,
  pruneUnusedImports,
  refreshDirectives,
  renameReference,
  resolveBinding,
} from './lib/ast';
import { findHandlers, HTTP_METHODS, receiverKind, type HandlerInfo } from './lib/handlers';
import { bodyParserLimit, bodyParserNames, isBodyParserCall, middlewareForm, spreadSource } from './lib/middleware';
import { isPathLiteral, pathValue } from './lib/routes';
import { addTodo, parserFor, toTransform, type RouteOutcome, type Step, type StepContext } from './lib/step';
import { toAsyncHook } from './next-only-handler-to-hook';
import { isMigratedModule, type Handler } from './lib/receivers';
import { functionsOf, nativeMiddleware } from './require-role-to-prehandler';

function unwrap(n: AnyNode): AnyNode {
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression')) n = n.expression;
  return n;
}

/** `express.Router()`, `Router()`, `require('express').Router()`, `express.Router({ ... })`. */
const expressNamesCache = new WeakMap<StepContext, { expressNames: Set<string>; routerNames: Set<string> }>();

function isRouterCall(ctx: StepContext, init: AnyNode): boolean {
  init = unwrap(init);
  if (init?.type !== 'CallExpression') return false;
  const callee = init.callee;
  let names = expressNamesCache.get(ctx);
  if (!names) {
    names = expressNamesOf(ctx);
    expressNamesCache.set(ctx, names);
  }
  const { expressNames, routerNames } = names;
  if (callee.type === 'Identifier') return routerNames.has(callee.name);
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.name === 'Router') {
    const obj = callee.object;
    if (obj.type === 'Identifier') return expressNames.has(obj.name);
    return obj.type === 'CallExpression' && obj.callee.name === 'require' && obj.arguments[0]?.value === 'express';
  }
  return false;
}

/** Local names of the express module and of its Router export (imports and requires). */
function expressNamesOf(ctx: StepContext): { expressNames: Set<string>; routerNames: Set<string> } {
  const expressNames = new Set<string>();
  const routerNames = new Set<string>();
  for (const st of programOf(ctx.root).body) {
    if (st.type === 'ImportDeclaration' && st.source.value === 'express') {
      for (const s of st.specifiers ?? []) {
        if (s.type === 'ImportSpecifier' && (s.imported.name ?? s.imported.value) === 'Router') routerNames.add(s.local.name);
        else if (s.type !== 'ImportSpecifier') expressNames.add(s.local.name);
      }
    }
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) {
      if (d.init?.type !== 'CallExpression' || d.init.callee.name !== 'require' || d.init.arguments[0]?.value !== 'express') continue;
      if (d.id.type === 'Identifier') expressNames.add(d.id.name);
      if (d.id.type === 'ObjectPattern') {
        for (const prop of d.id.properties) if (prop.key?.name === 'Router' && prop.value?.type === 'Identifier') routerNames.add(prop.value.name);
      }
    }
  }
  return { expressNames, routerNames };
}

function camel(s: string): string {
  return s.replace(/[-_.\s]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[^A-Za-z_$]+/, '');
}

function pluginNameFor(routerName: string, filePath: string): string {
  if (/Router$/.test(routerName) && routerName !== 'Router') return routerName.replace(/Router$/, 'Routes');
  // (`.input` / `.output`: the fixture naming convention, so that fixtures name plugins like real files.)
  let base = basename(filePath).replace(/\.(d\.)?[cm]?[jt]sx?$/, '').replace(/\.(input|output)$/, '');
  base = base.replace(/[.-](routes?|router|controller)$/i, '');
  if (base === 'index' || base === 'routes' || base === 'router') base = basename(dirname(filePath));
  const name = camel(base) || 'module';
  return `${name}Routes`;
}

/** Is `name` declared or referenced anywhere in the file? */
function nameTaken(ctx: StepContext, name: string): boolean {
  return hasIdentifierNamed(programOf(ctx.root), name);
}

/** References of a top-level binding (by scope). */
function referencesOf(ctx: StepContext, declId: AnyNode, name: string): AnyPath[] {
  const { j, root } = ctx;
  const out: AnyPath[] = [];
  root.find(j.Identifier, { name }).forEach((p: AnyPath) => {
    if (p.node === declId || !isReference(p)) return;
    const b = resolveBinding(p, name);
    if (b && (b.node.id === declId || b.node === declId || b.node?.local === declId)) out.push(p);
  });
  return out;
}

function topStatementOf(path: AnyPath): AnyPath | null {
  let p: AnyPath | null = path;
  while (p && p.parent && p.parent.node.type !== 'Program') p = p.parent;
  return p && p.parent ? p : null;
}

const ROUTER_SPECIFIER = /(^|\/)routes?(\/|$)|[.-]routes?$|router/i;
const MODULE_EXTENSIONS = ['.ts', '.js', '.tsx', '.mjs', '.cjs', '.jsx'];
/** A module that builds an Express Router, or the plugin this step makes of one (its text, read once per file). */
const ROUTER_MODULE_TEXT = /\bRouter\s*\(|\basync function \w+\s*\(\s*(fastify|instance)\b/;
const routerFileCache = new Map<string, boolean | null>();

/** Does the module `spec` (relative to the file being migrated) build a router? null when it is not on disk. */
function routerModuleOnDisk(ctx: StepContext, spec: string): boolean | null {
  const base = resolve(dirname(ctx.file.path), spec);
  const cached = routerFileCache.get(base);
  if (cached !== undefined) return cached;
  let found: boolean | null = null;
  for (const f of [base, ...MODULE_EXTENSIONS.map((e) => base + e), ...MODULE_EXTENSIONS.map((e) => join(base, `index${e}`))]) {
    try {
      if (!statSync(f).isFile()) continue;
      found = ROUTER_MODULE_TEXT.test(readFileSync(f, 'utf8'));
      break;
    } catch {
      // Not this candidate.
    }
  }
  routerFileCache.set(base, found);
  return found;
}

/**
 * Is the relative module `spec` a router module this run makes a plugin of? When the run names its
 * modules (option migratedModules), only one of them; then its text decides where it is on disk
 * (a Router built there), else its name (`./routes/users`, `./admin.router`).
 */
function isRouterModule(ctx: StepContext, spec: string | undefined): boolean {
  if (typeof spec !== 'string' || !spec.startsWith('.')) return false;
  const raw = ctx.options.migratedModules;
  const named = Array.isArray(raw) ? raw.length > 0 : typeof raw === 'string' && raw !== '';
  if (named && !isMigratedModule(ctx, spec)) return false;
  return routerModuleOnDisk(ctx, spec) ?? ROUTER_SPECIFIER.test(spec);
}

/** Is this mounted thing a router (by what it is called or where it comes from), not middleware? */
function looksLikeRouter(ctx: StepContext, arg: AnyPath): boolean {
  const n = arg.node;
  if (n.type !== 'Identifier') return false;
  const b = resolveBinding(arg, n.name);
  if (!b) return false;
  if (b.kind === 'var' && isRouterCall(ctx, b.node.init)) return true;
  const byName = /(Router|Routes)$|^(router|routes)$/.test(n.name);
  let source: string | undefined = b.source;
  if (b.kind === 'var' && b.node.init?.type === 'CallExpression' && b.node.init.callee.name === 'require') source = b.node.init.arguments[0]?.value;
  if (source === undefined) return byName && b.kind !== 'param';
  if (byName || ROUTER_SPECIFIER.test(source)) return true;
  // `import tagsController from './tag/tag.controller'`: a module of the run that builds a Router.
  return (b.kind === 'import' ? b.node.type === 'ImportDefaultSpecifier' : b.node.id?.type === 'Identifier') && isRouterModule(ctx, source) && routerModuleOnDisk(ctx, source) === true;
}

/** `require('./x')`, `require('./x').default`, `(await import('./x')).default` → './x'; else null. */
function requiredSpecifier(n: AnyNode): string | null {
  n = unwrap(n);
  if (n?.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'default') return requiredSpecifier(n.object);
  if (n?.type === 'AwaitExpression') return requiredSpecifier(n.argument);
  if (n?.type !== 'CallExpression' || n.arguments.length !== 1) return null;
  if (!((n.callee.type === 'Identifier' && n.callee.name === 'require') || n.callee.type === 'Import')) return null;
  const a = n.arguments[0];
  return (a.type === 'StringLiteral' || a.type === 'Literal') && typeof a.value === 'string' ? a.value : null;
}

/** `require('./routes/admin')` (or `.default`, or `(await import(...)).default`) of a router module, written in place of a router's name. */
function isRouterRequire(ctx: StepContext, n: AnyNode): boolean {
  return isRouterModule(ctx, requiredSpecifier(n) ?? undefined);
}

/**
 * `fastify.use('/api/users', require('./routes/users'))` where the required module is not a router
 * module this run migrates (not in the run, or not a router): Fastify has no `use` without
 * @fastify/middie, so the app would not start; a marker says what to do. (Its words do not name the
 * specifier: a run with --out rewrites it, and a second run must find the same marker.)
 */
function markUnmigratedRequire(ctx: StepContext, call: AnyPath): boolean {
  const args: AnyNode[] = call.node.arguments;
  const spec = requiredSpecifier(args[args.length - 1]);
  const hasPrefix = args.length === 2 && isPathLiteral(args[0]);
  if (!spec?.startsWith('.') || !(hasPrefix || ROUTER_SPECIFIER.test(spec))) return false;
  const prefix = hasPrefix ? pathValue(args[0])! : '';
  const where = hasPrefix ? ` at '${prefix}'` : '';
  return addTodo(
    ctx,
    call,
    `use() does not exist on a Fastify instance (without @fastify/middie), and the module required here${where} is not a router module this run migrates: migrate it in the same run (its plugin is then registered here${hasPrefix ? ` with { prefix: '${prefix}' }` : ''}), or, if it is middleware, add it as a preHandler hook (fromExpressMiddleware)`,
  );
}

/** The router a mount with middleware mounts: its name (or its inline require), or null when the last argument is not one. */
function mountedRouter(ctx: StepContext, arg: AnyPath): string | null {
  if (looksLikeRouter(ctx, arg)) return arg.node.name as string;
  return isRouterRequire(ctx, arg.node) ? ctx.j(arg.node).toSource() : null;
}

/** `X.use('/prefix', someRouter)` → `X.register(someRoutes, { prefix: '/prefix' })`. */
function rewriteMount(ctx: StepContext, call: AnyPath, renamed: Map<string, string>): boolean {
  const { j } = ctx;
  const args: AnyNode[] = call.node.arguments;
  const hasPrefix = args.length === 2 && isPathLiteral(args[0]);
  if (!(hasPrefix || args.length === 1)) return false;
  const routerArg = call.get('arguments', args.length - 1);
  // `use('/users', require('./users'))`: the required module exports the plugin now, as it exported the router.
  const inline = isRouterRequire(ctx, routerArg.node);
  if (!inline && !looksLikeRouter(ctx, routerArg)) return false;
  let plugin: AnyNode = routerArg.node;
  if (!inline) {
    renameImportedRouter(ctx, routerArg, renamed);
    const name = routerArg.node.name as string;
    plugin = j.identifier(renamed.get(name) ?? name);
  }
  call.node.callee.property = j.identifier('register');
  call.node.arguments = hasPrefix ? [plugin, parseExpression(j, `{ prefix: '${pathValue(args[0])!.replace(/'/g, "\\'")}' }`)] : [plugin];
  return true;
}

/** A `use` call's middleware (everything between the prefix and the router) as the mounted plugin's hooks. */
interface MountPlan {
  /** Statements of the encapsulating plugin's body before the router's registration, as text. */
  hooks: string[];
  /** Middleware used as it is (Fastify hooks after the run). */
  native: string[];
  /** Middleware behind the adapter. */
  viaAdapter: string[];
  /** Body parsers dropped. */
  dropped: string[];
  /** Marker messages (the mount is still rewritten). */
  warnings: string[];
  /** Why the mount cannot be rewritten (then nothing else counts). */
  refuse?: string;
  /** In-file async middleware to make valid async hooks, once the rewrite is certain. */
  asyncHooks: Handler[];
}

const URL_MEMBERS = new Set(['url', 'path', 'baseUrl']);

/** `req.url` / `req.path` / `req.baseUrl` read in a middleware function written in this file. */
function readsMountRelativeUrl(ctx: StepContext, fn: AnyPath): string[] {
  const { j } = ctx;
  const req = fn.node.params[0];
  if (req?.type !== 'Identifier') return [];
  const found = new Set<string>();
  j(fn.get('body'))
    .find(j.MemberExpression, { object: { type: 'Identifier', name: req.name } })
    .forEach((m: AnyPath) => {
      const prop = m.node.property;
      const name = !m.node.computed && prop.type === 'Identifier' ? prop.name : prop.type === 'StringLiteral' ? prop.value : undefined;
      if (name && URL_MEMBERS.has(name) && resolveBinding(m.get('object'), req.name)?.node === fn.node) found.add(`${req.name}.${name}`);
    });
  return [...found];
}

/** A name not used in `texts` (the candidates in order). */
function freeName(candidates: readonly string[], texts: readonly string[]): string {
  return candidates.find((c) => !texts.some((t) => new RegExp(`\\b${c}\\b`).test(t))) ?? `${candidates[0]}_`;
}

function planMount(ctx: StepContext, call: AnyPath, mwPaths: AnyPath[], instance: string, byNode: ReadonlyMap<AnyNode, HandlerInfo>): MountPlan {
  const { j } = ctx;
  const src = (n: AnyNode): string => j(n).toSource();
  const plan: MountPlan = { hooks: [], native: [], viaAdapter: [], dropped: [], warnings: [], asyncHooks: [] };
  const flat: AnyPath[] = [];
  for (const p of mwPaths) {
    if (p.node.type === 'ArrayExpression') p.node.elements.forEach((_: AnyNode, i: number) => flat.push(p.get('elements', i)));
    else flat.push(p);
  }
  const parsers = bodyParserNames(ctx);
  const callText = src(call.node);
  for (const p of flat) {
    const mw = p.node;
    if (!mw) continue;
    if (isBodyParserCall(parsers, mw)) {
      plan.dropped.push(src(mw));
      const limit = bodyParserLimit(mw);
      if (limit) plan.warnings.push(`${src(mw)} at this mount was dropped (Fastify parses the body): give the routes under it bodyLimit to match ${src(limit.value)}`);
      continue;
    }
    if (/^(ObjectExpression|Literal|StringLiteral|NumericLiteral|TemplateLiteral|ArrayExpression)$/.test(mw.type)) {
      plan.refuse = `${src(mw)} in front of the router is not middleware this step knows`;
      return plan;
    }
    // Functions written here: error middleware cannot be a hook; URL-relative reads differ.
    const fns: AnyPath[] = /Function/.test(mw.type) ? [p] : mw.type === 'SpreadElement' ? [] : functionsOf(ctx, p, mw);
    if (fns.some((f) => f.node.params.length === 4)) {
      plan.refuse = `${src(mw)} is error middleware in front of the router: make it the plugin's setErrorHandler by hand`;
      return plan;
    }
    for (const f of fns) {
      const reads = readsMountRelativeUrl(ctx, f);
      if (reads.length) plan.warnings.push(`${src(mw)} reads ${reads.join(', ')}: Express shows it the URL without the mount prefix, Fastify the whole URL; check it under the prefix`);
    }
    let form = middlewareForm(ctx, p, mw, byNode);
    if (form === 'express' && mw.type !== 'SpreadElement' && !/Function/.test(mw.type)) {
      const native = nativeMiddleware(ctx, p, mw);
      if (native) {
        form = 'native';
        plan.asyncHooks.push(...native);
      }
    }
    const spread = spreadSource(p, mw, src);
    const text = spread ?? src(mw);
    if (form === 'express') plan.viaAdapter.push(text);
    else plan.native.push(text);
    if (spread !== undefined) {
      const each = freeName(form === 'express' ? ['mw', 'middleware', 'item'] : ['hook', 'mw', 'item'], [spread, callText, instance]);
      const value = form === 'express' ? `fromExpressMiddleware(${each})` : each;
      plan.hooks.push(`for (const ${each} of ${spread}) ${instance}.addHook('preHandler', ${value});`);
    } else {
      plan.hooks.push(`${instance}.addHook('preHandler', ${form === 'express' ? `fromExpressMiddleware(${text})` : text});`);
    }
  }
  return plan;
}

/** The registration a mount with middleware becomes: `X.register(async (instance) => { hooks; await instance.register(sub); }, { prefix })`. */
function guardedRegistration(receiver: string, instance: string, hooks: string[], target: string, prefix: string | null): string {
  const opts = prefix === null ? '' : `, { prefix: '${prefix.replace(/'/g, "\\'")}' }`;
  return `${receiver}.register(async (${instance}) => {\n${[...hooks, `await ${instance}.register(${target});`].map((l) => `  ${l}`).join('\n')}\n}${opts})`;
}

/** Is `path` under the mount prefix `prefix` (segment by segment, a `:param` of the prefix matching any segment)? */
function underPrefix(prefix: string, path: string): boolean {
  const split = (p: string) => p.split('/').filter(Boolean);
  const ps = split(prefix);
  const qs = split(path);
  if (qs.length < ps.length) return false;
  // (A param of the later path matching a literal of the prefix is the odd request, `/admin/...` as `:id`: not flagged.)
  return ps.every((seg, i) => seg === qs[i] || seg.startsWith(':') || seg.startsWith('*'));
}

const ROUTE_METHOD_SET = new Set<string>([...HTTP_METHODS, 'route', 'use']);

/**
 * Express runs a mount's middleware for every request under its prefix that reaches it, so routes
 * and routers registered after it on the same receiver under that prefix ran it too (when the
 * mounted router did not answer). The hooks now run only for the mounted router: each of those gets
 * a marker, and a router mounted there is reported as not carrying that protection.
 */
function markLaterUnderPrefix(ctx: StepContext, call: AnyPath, prefix: string, middleware: string, routerName: string): boolean {
  const { j } = ctx;
  const stmt = call.parent;
  const block = stmt?.parent?.node;
  if (stmt?.node.type !== 'ExpressionStatement' || stmt.node.expression !== call.node || !Array.isArray(block?.body)) return false;
  const receiver = j(call.node.callee.object).toSource();
  const line = call.node.loc?.start.line ?? 0;
  let changed = false;
  const start = block.body.indexOf(stmt.node) + 1;
  block.body.slice(start).forEach((later: AnyNode, k: number) => {
    const c = later.type === 'ExpressionStatement' ? later.expression : null;
    if (c?.type !== 'CallExpression' || c.callee.type !== 'MemberExpression' || c.callee.property.type !== 'Identifier') return;
    const method = c.callee.property.name as string;
    if (!ROUTE_METHOD_SET.has(method) && method !== 'register') return;
    if (j(c.callee.object).toSource() !== receiver) return;
    let path: string | null = null;
    if (method === 'register') {
      const opts = c.arguments[1];
      const p = opts?.type === 'ObjectExpression' ? opts.properties.find((o: AnyNode) => (o.key?.name ?? o.key?.value) === 'prefix') : undefined;
      path = p ? pathValue(p.value) : null;
    } else {
      path = isPathLiteral(c.arguments[0]) ? pathValue(c.arguments[0]) : null;
      // `use(mw)` with no path: app-level middleware, not a route.
      if (method === 'use' && path === null) return;
    }
    if (path === null || !underPrefix(prefix, path)) return;
    const at = stmt.parent.get('body', start + k);
    const message = `Express ran ${middleware} (mounted with ${routerName} at '${prefix}', line ${line}) for this ${method === 'use' || method === 'register' ? 'mount' : 'route'} too: the hooks now run only for ${routerName}; add them here`;
    if (addTodo(ctx, at, message)) changed = true;
    if (method === 'use' || method === 'register') {
      ctx.report.mount({ line: later.loc?.start.line ?? 0, prefix: path, outcome: 'todo', reasons: [`${basename(ctx.file.path)}:${later.loc?.start.line ?? 0}: ${message}`] });
    }
  });
  return changed;
}

const describeMiddleware = (plan: MountPlan): string => [...plan.native, ...plan.viaAdapter].join(', ');

/**
 * `X.use('/p', mw1, [mw2], ...more, someRouter)` with X Fastify (or the router being converted):
 * the encapsulated registration, and what became of the middleware reported for the routes under it.
 * Returns true when it changed the tree. Not a mount with middleware (no router last, or nothing in
 * front of it): false, untouched.
 */
function rewriteGuardedMount(ctx: StepContext, call: AnyPath, renamed: Map<string, string>, byNode: ReadonlyMap<AnyNode, HandlerInfo>): boolean {
  const { j } = ctx;
  const args: AnyNode[] = call.node.arguments;
  const hasPrefix = isPathLiteral(args[0]);
  const first = hasPrefix ? 1 : 0;
  if (args.length - first < 2) return false;
  const routerArg = call.get('arguments', args.length - 1);
  if (!mountedRouter(ctx, routerArg)) return false;
  const line = call.node.loc?.start.line ?? 0;
  const prefix = hasPrefix ? pathValue(args[0])! : '';
  const mwPaths = args.slice(first, -1).map((_, i) => call.get('arguments', first + i));
  // The router's plugin name first, so that a marker names it the same on every run.
  if (routerArg.node.type === 'Identifier') renameImportedRouter(ctx, routerArg, renamed);
  const target = routerArg.node.type === 'Identifier' ? (renamed.get(routerArg.node.name) ?? routerArg.node.name) : mountedRouter(ctx, routerArg)!;
  if (!hasPrefix && !/Function|Identifier|CallExpression|SpreadElement|ArrayExpression|MemberExpression/.test(args[0].type)) {
    const message = `${target} is mounted behind middleware at a computed path (${j(args[0]).toSource()}): register its plugin inside a plugin that adds the middleware as preHandler hooks, with that prefix`;
    ctx.report.mount({ line, prefix: j(args[0]).toSource(), outcome: 'todo', reasons: [message] });
    return addTodo(ctx, call, message);
  }
  const receiverText = j(call.node.callee.object).toSource();
  const instance = freeName(['instance', 'scope', 'mounted'], [j(call.node).toSource()]);
  const plan = planMount(ctx, call, mwPaths, instance, byNode);
  if (plan.refuse) {
    const message = `${target} is mounted at '${prefix}' behind middleware this step cannot carry over (${plan.refuse}): every route of it must keep that protection`;
    ctx.report.mount({ line, prefix, outcome: 'todo', reasons: [message] });
    return addTodo(ctx, call, message);
  }
  for (const h of plan.asyncHooks) if (h.path.node.async && h.path.node.params.length === 3) toAsyncHook(ctx, h);
  // Only body parsers in front: a plain registration.
  const built: AnyNode = plan.hooks.length
    ? parseExpression(j, guardedRegistration(receiverText, instance, plan.hooks, target, hasPrefix ? prefix : null))
    : parseExpression(j, `${receiverText}.register(${target}${hasPrefix ? `, { prefix: '${prefix.replace(/'/g, "\\'")}' }` : ''})`);
  call.node.callee.property = j.identifier('register');
  call.node.arguments = built.arguments;
  if (plan.viaAdapter.length) ensureNamedImport(ctx, adapterModule(ctx), 'fromExpressMiddleware');
  for (const w of plan.warnings) addTodo(ctx, call, w);
  if (plan.hooks.length) markLaterUnderPrefix(ctx, call, prefix, describeMiddleware(plan), target);
  const reasons: string[] = [];
  const where = `${basename(ctx.file.path)}:${line}`;
  if (plan.native.length) reasons.push(`mounted behind ${plan.native.join(', ')} (${where}): preHandler hooks of the plugin that registers it`);
  if (plan.viaAdapter.length) reasons.push(`mounted behind Express middleware through the adapter: ${plan.viaAdapter.join(', ')} (${where})`);
  if (plan.dropped.length) reasons.push(`${plan.dropped.join(', ')} at the mount dropped: Fastify parses the body itself`);
  const urlWarnings = plan.warnings.filter((w) => / reads /.test(w));
  reasons.push(...urlWarnings.map((w) => `${where}: ${w}`));
  const outcome: RouteOutcome = urlWarnings.length ? 'todo' : plan.viaAdapter.length ? 'adapter' : 'native';
  ctx.report.mount({ line, prefix, outcome, reasons });
  return true;
}

/**
 * A mount with middleware on an Express app (or a receiver of unknown kind): the app is not Fastify
 * yet, so a marker with the registration to write, and the routes under it reported as left for a person.
 */
function markGuardedMount(ctx: StepContext, call: AnyPath, byNode: ReadonlyMap<AnyNode, HandlerInfo>): boolean {
  const { j } = ctx;
  const args: AnyNode[] = call.node.arguments;
  const hasPrefix = isPathLiteral(args[0]);
  const first = hasPrefix ? 1 : 0;
  if (args.length - first < 2) return false;
  const name = mountedRouter(ctx, call.get('arguments', args.length - 1));
  if (!name) return false;
  const line = call.node.loc?.start.line ?? 0;
  const prefix = hasPrefix ? pathValue(args[0])! : j(args[0]).toSource();
  const plugin = /Router$/.test(name) ? name.replace(/Router$/, 'Routes') : name;
  const mwPaths = args.slice(first, -1).map((_, i) => call.get('arguments', first + i));
  // What to write, decided as for a Fastify receiver (nothing in the tree changes but the marker).
  const receiverText = j(call.node.callee.object).toSource();
  const plan = planMount(ctx, call, mwPaths, 'instance', byNode);
  const middleware = mwPaths.map((p) => j(p.node).toSource()).join(', ');
  if (!plan.refuse && !plan.hooks.length) {
    // Only body parsers in front: nothing to protect, the plain mount's note.
    ctx.report.note(`mount: ${name} under '${prefix}' (line ${line}): register its plugin with { prefix: '${prefix}' } (${plan.dropped.join(', ')} dropped: Fastify parses the body itself)`);
    ctx.report.mount({ line, prefix, outcome: 'native', reasons: [`${plan.dropped.join(', ')} at the mount dropped: Fastify parses the body itself`] });
    return false;
  }
  const what = plan.refuse
    ? `make ${plugin} keep that protection on every route by hand (${plan.refuse})`
    : `register it as ${guardedRegistration(receiverText, 'instance', plan.hooks, plugin, hasPrefix ? prefix : null).replace(/\n\s*/g, ' ')}`;
  const message = `${name} is mounted at '${prefix}' behind ${middleware}, which Express runs for every route of it: once ${receiverText} is Fastify, ${what}`;
  if (hasPrefix || !plan.refuse) markLaterUnderPrefix(ctx, call, hasPrefix ? prefix : '', middleware, name);
  ctx.report.note(`mount: ${name} under '${prefix}' behind ${middleware} (line ${line}): see the marker`);
  ctx.report.mount({ line, prefix, outcome: 'todo', reasons: [`protected at its mount (${basename(ctx.file.path)}:${line}) by ${describeMiddleware(plan) || middleware}, which the app still runs on Express: the marker there says how to keep it`] });
  return addTodo(ctx, call, message);
}

function convertRouter(ctx: StepContext, declPath: AnyPath, renamed: Map<string, string>): boolean {
  const { j, root } = ctx;
  const declarator = declPath.node;
  const routerName: string = declarator.id.name;
  const declStmt = declPath.parent; // VariableDeclaration
  const top = topStatementOf(declPath)!;
  const exportedConst = top.node.type === 'ExportNamedDeclaration';
  if (declStmt.node.declarations.length !== 1) {
    return addTodo(ctx, declPath, `router ${routerName} is declared with other variables: split the declaration, then run again`);
  }
  const refs = referencesOf(ctx, declarator.id, routerName);
  const program = programOf(root);

  // Classify every reference: inside a top-level registration statement, or an export.
  const moved = new Set<AnyNode>();
  const exportRefs: AnyPath[] = [];
  let mountedHere = false;
  for (const ref of refs) {
    const stmt = topStatementOf(ref);
    if (!stmt) continue;
    const s = stmt.node;
    const isCjsExport =
      s.type === 'ExpressionStatement' &&
      s.expression.type === 'AssignmentExpression' &&
      j(s.expression.left).toSource().match(/^(module\.)?exports(\.|$)/) &&
      isWithin(ref, stmt.get('expression', 'right'));
    const isEsmExport = s.type === 'ExportDefaultDeclaration' || (s.type === 'ExportNamedDeclaration' && !s.declaration);
    if (isCjsExport || isEsmExport) {
      exportRefs.push(ref);
      continue;
    }
    // Mounted on another router of this file (`router.use('/api', api)`): that router's plugin registers this one.
    if (isMountedOnFileRouter(ctx, ref, stmt, declarator)) {
      exportRefs.push(ref);
      mountedHere = true;
      continue;
    }
    // A registration: the statement's expression is a call chain rooted at the router.
    if (s.type === 'ExpressionStatement' && rootOfChain(s.expression) === ref.node && !isInsideFunction(ref, stmt)) {
      moved.add(s);
      continue;
    }
    return addTodo(ctx, declPath, `${routerName} (an Express Router) is used outside top-level route registrations (${j(ref.parent.node).toSource().split('\n')[0].slice(0, 60)}): make it a Fastify plugin by hand`);
  }

  // A router only mounted on another one of this file is named after itself (the file's name is for the exported one).
  const pluginName = exportedConst ? routerName : mountedHere && !/Router$/.test(routerName) ? `${camel(routerName)}Routes` : pluginNameFor(routerName, ctx.file.path);
  if (!exportedConst && pluginName !== routerName && nameTaken(ctx, pluginName)) {
    return addTodo(ctx, declPath, `router ${routerName}: the plugin name ${pluginName} is taken: rename, then run again`);
  }
  const clashes = (name: string): boolean =>
    topLevelNames(program).has(name) || [...moved].some((st) => j(st).find(j.Identifier, { name }).size() > 0);
  const instance = clashes('fastify') ? 'instance' : 'fastify';
  if (instance === 'instance' && clashes('instance')) {
    return addTodo(ctx, declPath, `router ${routerName}: both 'fastify' and 'instance' are taken: rename, then run again`);
  }

  // `export { router }` / `export { router as usersRouter }` keep the exported name.
  const programPath: AnyPath = root.paths()[0].get('program');
  const specifierPaths: AnyPath[] = [];
  program.body.forEach((st: AnyNode, i: number) => {
    if (st.type !== 'ExportNamedDeclaration' || st.source) return;
    (st.specifiers ?? []).forEach((_: AnyNode, k: number) => specifierPaths.push(programPath.get('body', i, 'specifiers', k)));
  });
  specifierPaths.forEach((p: AnyPath) => {
    const local = p.node.local ?? p.node.exported;
    if (local?.name !== routerName) return;
    // A new node: recast patches `local` and `exported` of `export { x }` over the same text otherwise.
    const spec: AnyNode = j.exportSpecifier.from({ local: j.identifier(pluginName), exported: j.identifier(p.node.exported?.name ?? routerName) });
    j(p).replaceWith(spec);
  });

  // Inside the plugin the router is the Fastify instance.
  for (const ref of refs) if (!exportRefs.includes(ref)) renameReference(ref, instance);
  for (const ref of exportRefs) renameReference(ref, pluginName);

  const body: AnyNode[] = program.body.filter((s: AnyNode) => moved.has(s));
  // Nested mounts inside the plugin.
  for (const s of body) {
    j(s)
      .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { name: instance }, property: { name: 'use' } } })
      .forEach((c: AnyPath) => {
        rewriteMount(ctx, c, renamed);
      });
  }
  // `.param(...)` moves in as it is: router-param-to-hook turns it into a preHandler hook.
  const isTs = parserFor(ctx.file.path) === 'ts' || /\.tsx$/.test(ctx.file.path);
  const param = isTs ? `${instance}: FastifyInstance` : instance;
  const fnText = `async function ${pluginName}(${param}) {}`;
  const fn: AnyNode = parseExpression(j, `${fnText}`);
  const fnDecl: AnyNode = j.functionDeclaration(j.identifier(pluginName), fn.params, j.blockStatement(body));
  fnDecl.async = true;
  if (isTs) ensureNamedImport(ctx, 'fastify', 'FastifyInstance', true);

  // Where the first registration was; the declaration's comments go on the plugin.
  const first = program.body.findIndex((s: AnyNode) => moved.has(s));
  const comments = [...(top.node.comments ?? [])];
  let placed: AnyNode = fnDecl;
  if (exportedConst) placed = j.exportNamedDeclaration(fnDecl, []);
  placed.comments = comments.length ? comments : null;
  const newBody: AnyNode[] = [];
  let inserted = false;
  program.body.forEach((s: AnyNode, i: number) => {
    if (s === top.node) {
      if (first === -1 && !inserted) {
        newBody.push(placed);
        inserted = true;
      }
      return;
    }
    if (moved.has(s)) {
      if (!inserted && i === first) {
        newBody.push(placed);
        inserted = true;
      }
      return;
    }
    newBody.push(s);
  });
  if (!inserted) newBody.push(placed);
  program.body = newBody;
  refreshDirectives(program);
  renamed.set(routerName, pluginName);
  return true;
}

/** Is `ref` the router mounted last in `X.use(..., ref)`, a top-level registration on another router of this file? */
function isMountedOnFileRouter(ctx: StepContext, ref: AnyPath, stmt: AnyPath, declarator: AnyNode): boolean {
  const call = ref.parent?.node;
  if (call?.type !== 'CallExpression' || call.arguments[call.arguments.length - 1] !== ref.node) return false;
  if (call.callee.type !== 'MemberExpression' || call.callee.property.type !== 'Identifier' || call.callee.property.name !== 'use') return false;
  if (stmt.node.type !== 'ExpressionStatement' || isInsideFunction(ref, stmt)) return false;
  const root = rootOfChain(stmt.node.expression);
  if (root?.type !== 'Identifier') return false;
  const b = resolveBinding(stmt.get('expression'), root.name);
  return b?.kind === 'var' && b.node !== declarator && isRouterCall(ctx, b.node.init) && topStatementOf(ref)?.parent?.node.type === 'Program';
}

/** Router methods that return the router, so that a chain of them is registrations on it. */
const CHAIN_METHODS = new Set<string>([...HTTP_METHODS, 'use', 'param']);

/** `Router().use(a).get('/x', h)` → the `Router()` call and the calls on it in order; null when not such a chain. */
function routerChain(ctx: StepContext, n: AnyNode): { base: AnyNode; links: AnyNode[] } | null {
  const links: AnyNode[] = [];
  n = unwrap(n);
  while (n?.type === 'CallExpression' && n.callee.type === 'MemberExpression' && !n.callee.computed && n.callee.property.type === 'Identifier' && CHAIN_METHODS.has(n.callee.property.name)) {
    links.unshift(n);
    n = unwrap(n.callee.object);
  }
  return links.length && isRouterCall(ctx, n) ? { base: n, links } : null;
}

/**
 * A router built by chaining on `Router()` (`const api = Router().use(a).use(b)`, `export default
 * Router().use('/api', api)`, `module.exports = Router().get(...)`) is written as an assigned router
 * first (`const api = Router(); api.use(a); api.use(b);`), so that it becomes a plugin like one.
 */
function unchainRouters(ctx: StepContext): boolean {
  const { j } = ctx;
  const program = programOf(ctx.root);
  const out: AnyNode[] = [];
  let changed = false;
  const registrations = (name: string, links: AnyNode[]): AnyNode[] =>
    links.map((l) => j.expressionStatement(j.callExpression(j.memberExpression(j.identifier(name), j.identifier(l.callee.property.name)), l.arguments)));
  for (const st of program.body) {
    const decl = st.type === 'ExportNamedDeclaration' && st.declaration?.type === 'VariableDeclaration' ? st.declaration : st;
    if (decl.type === 'VariableDeclaration' && decl.declarations.length === 1 && decl.declarations[0].id.type === 'Identifier') {
      const d = decl.declarations[0];
      const chain = d.init ? routerChain(ctx, d.init) : null;
      if (chain) {
        d.init = chain.base;
        out.push(st, ...registrations(d.id.name, chain.links));
        changed = true;
        continue;
      }
    }
    const isDefault = st.type === 'ExportDefaultDeclaration';
    const isCjs = st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression' && /^module\.exports$/.test(j(st.expression.left).toSource());
    const chain = isDefault ? routerChain(ctx, st.declaration) : isCjs ? routerChain(ctx, st.expression.right) : null;
    if (!chain) {
      out.push(st);
      continue;
    }
    const name = ['router', 'appRouter', 'mainRouter'].find((n) => !nameTaken(ctx, n));
    if (!name) {
      out.push(st);
      continue;
    }
    const router = j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), chain.base)]);
    router.comments = st.comments ?? null;
    st.comments = null;
    if (isDefault) st.declaration = j.identifier(name);
    else st.expression.right = j.identifier(name);
    out.push(router, ...registrations(name, chain.links), st);
    changed = true;
  }
  if (changed) {
    program.body = out;
    refreshDirectives(program);
  }
  return changed;
}

function topLevelNames(program: AnyNode): Set<string> {
  const names = new Set<string>();
  for (const raw of program.body) {
    const st = raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration' ? raw.declaration ?? raw : raw;
    if (st.type === 'ImportDeclaration') for (const sp of st.specifiers ?? []) names.add(sp.local.name);
    if (st.type === 'VariableDeclaration') for (const d of st.declarations) if (d.id.type === 'Identifier') names.add(d.id.name);
    if ((st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') && st.id) names.add(st.id.name);
  }
  return names;
}

/** `usersRouter` imported (default import or whole require) → `usersRoutes`, by scope, when free. */
function renameImportedRouter(ctx: StepContext, arg: AnyPath, renamed: Map<string, string>): void {
  const { j, root } = ctx;
  const name = arg.node.name as string;
  if (!/Router$/.test(name) || renamed.has(name)) return;
  const b = resolveBinding(arg, name);
  if (!b) return;
  const isDefaultImport = b.kind === 'import' && b.node.type === 'ImportDefaultSpecifier';
  const isWholeRequire = b.kind === 'var' && b.node.id.type === 'Identifier' && b.node.init?.type === 'CallExpression' && b.node.init.callee.name === 'require';
  if (!isDefaultImport && !isWholeRequire) return;
  const to = name.replace(/Router$/, 'Routes');
  if (hasIdentifierNamed(programOf(root), to)) return;
  const declId = isDefaultImport ? b.node.local : b.node.id;
  root.find(j.Identifier, { name }).forEach((p: AnyPath) => {
    if (p.node === declId) return;
    if (!isReference(p)) return;
    const rb = resolveBinding(p, name);
    if (rb && rb.node === b.node) renameReference(p, to);
  });
  declId.name = to;
  renamed.set(name, to);
}

function isWithin(p: AnyPath, ancestor: AnyPath): boolean {
  let q: AnyPath | null = p;
  while (q) {
    if (q.node === ancestor.node) return true;
    q = q.parent;
  }
  return false;
}

function isInsideFunction(p: AnyPath, stop: AnyPath): boolean {
  let q: AnyPath | null = p.parent;
  while (q && q.node !== stop.node) {
    if (/Function|ObjectMethod|ClassMethod/.test(q.node.type)) return true;
    q = q.parent;
  }
  return false;
}

/** `a.b(...).c(...)` → the identifier `a`. */
function rootOfChain(n: AnyNode): AnyNode {
  for (;;) {
    n = unwrap(n);
    if (n?.type === 'CallExpression') n = n.callee;
    else if (n?.type === 'MemberExpression') n = n.object;
    else return n;
  }
}

export const step: Step = {
  name: 'router-module-to-fastify-plugin',
  mightApply: (source) => /Router\s*\(|\.use\s*\(/.test(source),
  run(ctx) {
    const { j, root } = ctx;
    let changed = false;
    const renamed = new Map<string, string>();
    // Top-level routers only: `const router = Router()` / `export const xRouter = express.Router()`.
    const routers: AnyPath[] = [];
    if (unchainRouters(ctx)) changed = true;
    const programPath: AnyPath = root.paths()[0].get('program');
    programPath.node.body.forEach((st: AnyNode, i: number) => {
      const exported = st.type === 'ExportNamedDeclaration' && st.declaration?.type === 'VariableDeclaration';
      const decl = exported ? st.declaration : st;
      if (decl.type !== 'VariableDeclaration') return;
      decl.declarations.forEach((d: AnyNode, k: number) => {
        if (d.id.type !== 'Identifier' || !isRouterCall(ctx, d.init)) return;
        routers.push(exported ? programPath.get('body', i, 'declaration', 'declarations', k) : programPath.get('body', i, 'declarations', k));
      });
    });
    for (const p of routers) if (convertRouter(ctx, p, renamed)) changed = true;

    // Mounts elsewhere in the file (and in the plugins just made): `X.use('/prefix', someRouter)`,
    // `X.use('/prefix', mw, someRouter)`.
    let byNode: Map<AnyNode, HandlerInfo> | null = null;
    const handlers = (): Map<AnyNode, HandlerInfo> => (byNode ??= new Map(findHandlers(j, root).map((h) => [h.path.node, h])));
    if (hasIdentifierNamed(programOf(root), 'use')) root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'use' } } }).forEach((c: AnyPath) => {
      const kind = receiverKind(j, root, c.get('callee', 'object'));
      const args: AnyNode[] = c.node.arguments;
      if (!(args.length === 2 && isPathLiteral(args[0])) && args.length !== 1) {
        if (kind === 'fastify') {
          if (rewriteGuardedMount(ctx, c, renamed, handlers())) changed = true;
        } else if (markGuardedMount(ctx, c, handlers())) changed = true;
        return;
      }
      const last = c.get('arguments', args.length - 1);
      const name = mountedRouter(ctx, last);
      if (!name) {
        if (kind === 'fastify' && markUnmigratedRequire(ctx, c)) changed = true;
        return;
      }
      if (kind === 'fastify') {
        if (rewriteMount(ctx, c, renamed)) changed = true;
      } else if (kind === 'express') {
        const prefix = args.length === 2 ? pathValue(args[0]) : '';
        ctx.report.note(`mount: ${name} under '${prefix}' (line ${c.node.loc?.start.line ?? 0}): register its plugin with { prefix: '${prefix}' }`);
      }
    });

    if (changed) pruneUnusedImports(j, root, 'express');
    return changed;
  },
};

export default toTransform(step);
