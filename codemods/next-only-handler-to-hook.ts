/**
 * next-only-handler-to-hook: in-file middleware mounted with `use` becomes a Fastify hook.
 *
 *   app.use((req, res, next) => { req.startedAt = now(); next(); })
 *     →  app.addHook('onRequest', (req, res, next) => { req.startedAt = now(); next(); })
 *   app.use(async (req, res, next) => { if (!ok) { res.status(401).json(e); return; } req.user = u; next(); })
 *     →  app.addHook('onRequest', async (req, res) => { if (!ok) { res.status(401).json(e); return res; } req.user = u; })
 *
 * A callback hook has Express's calling convention: `(request, reply, done)`, `done(err)` fails the
 * request, answering without calling `done` stops it, so a sync middleware moves unchanged. An async
 * hook must not take `done` (Fastify refuses it), so there `next()` goes, `next(err)` becomes
 * `throw`, and a `return` after an answer returns the reply (Fastify then waits for it instead of
 * running the route). The hook is `preHandler` when the middleware reads `req.body` (parsed by
 * then) or sits in a Router module (it ran after the app's body parsers), else `onRequest`. A middleware mounted on a path gets a marker; one whose request or
 * response escapes is left to the adapter step. Properties set on the request are listed in the
 * report: declare them with `decorateRequest(name, null)` in the shared setup.
 *
 * After the routes (a route, a prefixed mount, or a router mounted without a path:
 * `app.use(require('./routes'))`, `app.use(v1)` whose module makes a Router), Express runs a
 * middleware only when no route answered: it is not a hook.
 *   app.use((req, res) => res.status(404).json(e))           →  app.setNotFoundHandler((req, res) => ...)
 *   app.use((req, res, next) => next(createError(404)))      →  app.setNotFoundHandler((req, res) => { throw createError(404); })
 * (thrown from the not-found handler, the error reaches setErrorHandler as next(err) reached the error
 * middleware); anything else there gets a marker. Such a middleware (it never calls next()) with no
 * route, mount or `routes(app)` call after it is a catch-all too, whatever came before.
 *
 *   app.use(authenticate)   (from './middleware/auth', after the body parsers)
 *     →  app.addHook('preHandler', fromExpressMiddleware(authenticate))   + marker
 *     →  app.addHook('preHandler', authenticate)    when option migratedModules lists that module
 */
import { readFileSync } from 'node:fs';
import { resolveRelative } from './runner/discover';
import { adapterModule, ensureNamedImport, paramReferences, resolveBinding } from './lib/ast';
import { toTransform, type Step, type StepContext } from './lib/step';
import {
  handlersOf,
  importSource,
  inOwnBody,
  inTryBlock,
  isMigratedModule,
  isTail,
  nextStatement,
  paramName,
  refsTo,
  statementOf,
  stringValue,
  textOf,
  todoOnce,
  toReturn,
  dropUnusedTrailingParam,
  type Handler,
} from './lib/receivers';
import { rewriteNext } from './next-error-to-throw';

function readsBody(j: StepContext['j'], h: Handler): boolean {
  return refsTo(j, h, 'req').some((r) => r.parent.node.type === 'MemberExpression' && r.parent.node.property.name === 'body');
}

/** Makes an async middleware a valid async hook. False (with a marker) when it cannot. */
/** The function an argument stands for when it is written in this file (inline or by name). */
function localFunction(ctx: StepContext, arg: any): any {
  const { j, root } = ctx;
  const n = arg.node;
  if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(n.type)) return arg;
  if (n.type !== 'Identifier') return undefined;
  const b = resolveBinding(arg, n.name);
  const fn = b?.kind === 'function' ? b.node : b?.kind === 'var' && /Function/.test(b.node.init?.type ?? '') ? b.node.init : undefined;
  if (!fn) return undefined;
  let found: any;
  root.find(j.Function).forEach((p: any) => {
    if (p.node === fn) found = p;
  });
  return found;
}

/** Does the function use its third (next) parameter? */
function callsNext(j: StepContext['j'], fn: any): boolean {
  const p = fn.node.params[2];
  if (!p) return false;
  if (p.type !== 'Identifier') return true;
  return paramReferences(j, fn, p.name).some((r: any) => r.node !== p);
}

const ROUTE_CALL = /^(get|post|put|delete|patch|options|head|all|route|register)$/; // register: with a prefix only

/** True when a route (or a mounted router) is registered before this `use` in the same block. */
export function afterRoutes(call: any, fromFile?: string): boolean {
  const stmt = call.parent;
  const block = stmt?.parent?.node;
  if (stmt?.node.type !== 'ExpressionStatement' || !Array.isArray(block?.body)) return false;
  const before = block.body.slice(0, block.body.indexOf(stmt.node));
  return before.some((s: any) => {
    const c = s.type === 'ExpressionStatement' ? s.expression : undefined;
    if (c?.type !== 'CallExpression' || c.callee.type !== 'MemberExpression' || c.callee.property.type !== 'Identifier') return false;
    const m = c.callee.property.name;
    const first = c.arguments[0];
    const pathFirst = first && (first.type === 'StringLiteral' || first.type === 'TemplateLiteral' || first.type === 'Literal');
    // A plugin registered with a prefix is a mounted router; other registrations are plugins (cookie, formbody).
    const prefixed = m === 'register' && c.arguments[1]?.type === 'ObjectExpression' && c.arguments[1].properties.some((p: any) => (p.key?.name ?? p.key?.value) === 'prefix');
    return (
      (ROUTE_CALL.test(m) && m !== 'register' && pathFirst) ||
      prefixed ||
      (m === 'use' && pathFirst && c.arguments.length >= 2) ||
      ((m === 'use' || m === 'register') && c.arguments.length >= 1 && isRouterModule(stmt, first, fromFile))
    );
  });
}

const makesRouter = new Map<string, boolean>();

/**
 * A router mounted without a path: `app.use(require('./routes'))` or `app.use(v1)` with v1 imported
 * or required from one of the app's modules, when that module makes a Router (`Router(`). When the
 * module cannot be read: a module or local name that says routes (`./routes`, `apiRouter`).
 */
function isRouterModule(at: any, n: any, fromFile?: string): boolean {
  if (!n) return false;
  const inline = n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require';
  if (!inline && n.type !== 'Identifier') return false;
  const source: unknown = inline ? n.arguments[0]?.value : importSource(at, n.name);
  if (typeof source !== 'string' || !source.startsWith('.')) return false;
  const file = fromFile ? resolveRelative(fromFile, source) : null;
  if (file) {
    if (!makesRouter.has(file)) {
      let text = '';
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        /* unreadable: not a router as far as we know */
      }
      makesRouter.set(file, /\bRouter\s*\(/.test(text));
    }
    return makesRouter.get(file)!;
  }
  return /rout|api/i.test(inline ? source.split('/').pop()! : n.name);
}

/**
 * True when something after this `use` in its block may register routes on the same receiver: a
 * route, a mount (with a path, or a router module), or a call handed the receiver (`routes(app)`).
 * Express never reached routes after a middleware that does not pass requests on, so without any
 * such middleware is a catch-all, whatever came before it.
 */
function routesAfter(j: StepContext['j'], call: any, fromFile?: string): boolean {
  const stmt = call.parent;
  const block = stmt?.parent?.node;
  const recv = call.node.callee.object;
  if (stmt?.node.type !== 'ExpressionStatement' || !Array.isArray(block?.body) || recv.type !== 'Identifier') return true;
  const after = block.body.slice(block.body.indexOf(stmt.node) + 1);
  return after.some((s: any) =>
    j(s)
      .find(j.CallExpression)
      .some((p: any) => {
        const c = p.node;
        if (c.arguments.some((a: any) => a.type === 'Identifier' && a.name === recv.name)) return true;
        if (c.callee.type !== 'MemberExpression' || c.callee.object.type !== 'Identifier' || c.callee.object.name !== recv.name) return false;
        const m = c.callee.property.name;
        const first = c.arguments[0];
        const pathFirst = first && (first.type === 'StringLiteral' || first.type === 'TemplateLiteral' || first.type === 'Literal');
        if (ROUTE_CALL.test(m) && m !== 'register') return pathFirst;
        if (m === 'use' || m === 'register') return pathFirst || (c.arguments.length === 2 && m === 'register') || isRouterModule(p, first, fromFile);
        return false;
      }),
  );
}

/**
 * A catch-all whose only use of next is passing an error on (`next(createError(404))`): Express
 * then answers with the error middleware, as Fastify does when a not-found handler throws.
 */
function onlyPassesErrors(j: StepContext['j'], h: Handler): boolean {
  const refs = refsTo(j, h, 'next');
  return refs.length > 0 && refs.every((r: any) => {
    const call = r.parent;
    if (call.node.type !== 'CallExpression' || call.node.callee !== r.node || call.node.arguments.length !== 1) return false;
    const lit = stringValue(call.node.arguments[0]);
    return lit !== 'route' && lit !== 'router' && inOwnBody(h, call) && !inTryBlock(h, call);
  });
}

export function toAsyncHook(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  const res = paramName(h, 'res');
  const next = paramName(h, 'next');
  rewriteNext(ctx, h); // next(err) → throw
  const own = (p: any) => inOwnBody(h, p);
  // Bare `return;` (Express: answered, stop) → `return reply;` so Fastify waits for the answer.
  j(h.path.get('body'))
    .find(j.ReturnStatement, { argument: null })
    .forEach((r: any) => {
      if (own(r) && res) r.node.argument = j.identifier(res);
    });
  for (const ref of refsTo(j, h, 'next')) {
    const call = ref.parent;
    if (call.node.type !== 'CallExpression' || call.node.callee !== ref.node || call.node.arguments.length !== 0 || !own(call)) {
      todoOnce(ctx, ref, `${next} used in a callback of an async middleware: an async hook has no done; await the work instead`);
      return false;
    }
    const stmt = statementOf(call);
    if (!stmt) return false;
    if (stmt.node.type === 'ReturnStatement') {
      stmt.node.argument = null; // return next();  →  return;
    } else if (isTail(h, stmt)) {
      const leading = stmt.node.comments;
      const after = nextStatement(stmt);
      stmt.prune();
      if (leading?.length && after) after.node.comments = [...leading, ...(after.node.comments ?? [])];
    } else {
      toReturn(stmt, null);
    }
  }
  return dropUnusedTrailingParam(j, h, 'next') || true;
}

export const step: Step = {
  name: 'next-only-handler-to-hook',
  mightApply: (source) => source.includes('.use('),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const middleware = handlersOf(j, root).filter((h) => h.kind === 'middleware' && h.params.next && h.path.node.params.length === 3);

    const byNode = new Map(middleware.map((h) => [h.path.node, h]));
    const byName = new Map<string, Handler>();
    for (const h of middleware) {
      const n = h.path.node;
      const name = n.id?.name ?? (h.path.parent?.node.type === 'VariableDeclarator' ? h.path.parent.node.id.name : undefined);
      if (name) byName.set(name, h);
    }
    let changed = false;
    let adapterUsed = false;
    // Where the original file mounted a body parser (an earlier step may have removed it since).
    const parserAt = ctx.file.source.search(/\.use\(\s*(express|bodyParser)\.(json|urlencoded|text|raw)\(|\.register\(\s*fastifyFormbody/);
    // A Router module's middleware runs after the app-level chain, body parsers included: in its
    // plugin the hook is preHandler (onRequest would answer 401 where Express answers 400 to a bad body).
    const inRouter = /\bRouter\s*\(/.test(ctx.file.source) && !/\bexpress\s*\(\s*\)/.test(ctx.file.source);
    const afterParsers = (call: any) => inRouter || (parserAt >= 0 && (call.node.start ?? Infinity) > parserAt);
    const processUse = (call: any): void => {
      const args = call.node.arguments;
      const fnArg = args[args.length - 1];
      const h = fnArg && (byNode.get(fnArg) ?? (fnArg.type === 'Identifier' ? byName.get(fnArg.name) : undefined));
      const local = args.length === 1 && fnArg ? localFunction(ctx, call.get('arguments', 0)) : undefined;
      if (local && local.node.params.length === 4) return; // error middleware: error-middleware-to-set-error-handler
      const catchAll = (call: any) => afterRoutes(call, ctx.file.path) || !routesAfter(j, call, ctx.file.path);
      if (local && catchAll(call) && local.node.params.length >= 2 && local.node.params.length <= 3 && !callsNext(j, local)) {
        // A catch-all that answers (`(req, res) => res.status(404).json(...)`): Fastify's not-found handler.
        call.node.callee.property.name = 'setNotFoundHandler';
        changed = true;
        return;
      }
      if (local && h && local.node === h.path.node && local.node.params.length === 3 && onlyPassesErrors(j, h) && catchAll(call)) {
        // `(req, res, next) => next(createError(404))` after the routes: throwing from Fastify's
        // not-found handler reaches the error handler, as next(err) reached Express's error middleware.
        rewriteNext(ctx, h);
        dropUnusedTrailingParam(j, h, 'next');
        call.node.callee.property.name = 'setNotFoundHandler';
        changed = true;
        return;
      }
      if (args.length === 1 && !h && isRouterModule(call, fnArg, ctx.file.path)) return; // a router mounted at the root: router-module-to-fastify-plugin's
      // `require('./middleware/log')` or `require('./middleware/log')(options)`, written in place.
      const required = (n: any) => (n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' ? stringValue(n.arguments[0]) : undefined);
      const inline = required(fnArg) ?? (fnArg?.type === 'CallExpression' ? required(fnArg.callee) : undefined);
      if (args.length === 1 && fnArg && (h || fnArg.type === 'Identifier' || inline) && afterRoutes(call, ctx.file.path)) {
        // Express runs it only when no route answered: a not-found page or an error handler, not a hook.
        const name = fnArg.type === 'Identifier' ? fnArg.name : inline ? textOf(j, fnArg) : 'this middleware';
        const msg = `${name} is mounted after the routes (runs only when none answered): make it ${textOf(j, call.node.callee.object)}.setNotFoundHandler(...) or, with (err, req, res, next), setErrorHandler(...); Fastify has no use(), so the app does not start until then`;
        if (todoOnce(ctx, call, msg)) changed = true;
        return;
      }
      if (!h) {
        // Middleware of the app's own modules (`app.use(authenticate)` from './middleware/auth').
        const local = inline ? textOf(j, fnArg) : fnArg?.type === 'Identifier' ? fnArg.name : fnArg?.type === 'CallExpression' && fnArg.callee.type === 'Identifier' ? fnArg.callee.name : undefined;
        const source = args.length !== 1 ? undefined : inline ?? (local ? importSource(call.get('arguments', 0), local) : undefined);
        if (!source?.startsWith('.')) return;
        const hook = afterParsers(call) ? 'preHandler' : 'onRequest';
        call.node.callee.property.name = 'addHook';
        if (isMigratedModule(ctx, source)) {
          call.node.arguments = [j.stringLiteral(hook), fnArg];
        } else {
          call.node.arguments = [j.stringLiteral(hook), j.callExpression(j.identifier('fromExpressMiddleware'), [fnArg])];
          adapterUsed = true;
          todoOnce(ctx, call, `served through the Express adapter (${inline ? '' : `${local} is `}Express middleware from ${source}); list that module in migratedModules once it is migrated`);
        }
        changed = true;
        return;
      }
      if (args.length === 2) {
        const mount = stringValue(args[0]);
        const msg = `middleware mounted on '${mount ?? textOf(j, args[0])}': a hook runs for every route of its plugin; register it in the plugin for that prefix (or check request.url)`;
        if (todoOnce(ctx, call, msg)) changed = true;
        return;
      }
      if (args.length !== 1) return;
      if (h.path.node.async && !toAsyncHook(ctx, h)) {
        changed = true;
        return;
      }
      const hook = readsBody(j, h) || inRouter ? 'preHandler' : 'onRequest';
      call.node.callee.property.name = 'addHook';
      call.node.arguments = [j.stringLiteral(hook), fnArg];
      changed = true;
      const props = new Set<string>();
      for (const r of refsTo(j, h, 'req')) {
        const m = r.parent.node;
        const assign = r.parent.parent?.node;
        if (m.type === 'MemberExpression' && !m.computed && assign?.type === 'AssignmentExpression' && assign.left === m) props.add(m.property.name);
      }
      for (const p of props) {
        ctx.report.note(`${ctx.file.path}: hook sets request.${p}: declare it with fastify.decorateRequest('${p}', null) in the shared setup`);
      }
    };

    const useCalls: any[] = [];
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'use' } } }).forEach((call: any) => {
      useCalls.push(call);
    });
    for (const call of useCalls) {
      const args = call.node.arguments;
      const stmt = call.parent;
      const isMw = (a: any) => a.type === 'Identifier' || a.type === 'CallExpression' || /Function/.test(a.type);
      if (args.length > 1 && isMw(args[0]) && args.every(isMw) && stmt.node.type === 'ExpressionStatement' && stmt.node.expression === call.node && !afterRoutes(call, ctx.file.path)) {
        // X.use(a, b, c) → X.use(a); X.use(b); X.use(c); each then becomes a hook, in order.
        const block = stmt.parent;
        const at = block.node.body.indexOf(stmt.node);
        const recv = call.node.callee.object;
        const parts = args.map((a: any) => j.expressionStatement(j.callExpression(j.memberExpression(recv, j.identifier('use')), [a])));
        (parts[0] as any).comments = stmt.node.comments;
        block.node.body.splice(at, 1, ...parts);
        parts.forEach((_: any, i: number) => processUse(block.get('body', at + i).get('expression')));
        changed = true;
        continue;
      }
      processUse(call);
    }
    if (adapterUsed) ensureNamedImport(ctx, adapterModule(ctx), 'fromExpressMiddleware');
    return changed;
  },
};

export default toTransform(step);
