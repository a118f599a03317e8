/**
 * express-route-to-fastify-route: Express route registrations to Fastify's shape.
 *
 *   router.get('/:id', auth, validate, handler)   →  router.get('/:id', { preHandler: [fromExpressMiddleware(auth), fromExpressMiddleware(validate)] }, handler)
 *   router.route('/x').get(list).post(auth, add)  →  router.get('/x', list);
 *                                                    router.post('/x', { preHandler: [fromExpressMiddleware(auth)] }, add);
 *   app.all('/ping', [a, b], h)                   →  app.all('/ping', { preHandler: [fromExpressMiddleware(a), fromExpressMiddleware(b)] }, h)
 *
 * Route middleware stays Express middleware behind the adapter (`fromExpressMiddleware` from the
 * adapter module, option `adapterModule`), unless it already is a Fastify-form hook. Handlers are
 * not touched here: one that lets req/res escape is put behind the adapter by
 * escaping-handler-to-adapter, the others are migrated by the signature and API steps. Each route
 * is reported (method, path, line, outcome native/adapter, reasons). The receiver keeps its name:
 * router-module-to-fastify-plugin turns the Router into the plugin's `fastify`.
 */
import { type AnyNode, type AnyPath, adapterModule, ensureNamedImport, parseExpression, resolveBinding } from './lib/ast';
import { findHandlers, HTTP_METHODS, type HandlerInfo } from './lib/handlers';
import { escapeReasons, ownRequestMembers } from './lib/receivers';
import { callLine, findRouteCalls, pathValue, splitRouteChains } from './lib/routes';
import { addTodo, toTransform, type RouteOutcome, type Step, type StepContext } from './lib/step';
import { bodyParserLimit, bodyParserNames, isAdapterCall, isBodyParserCall, middlewareForm, spreadSource, toBytes } from './lib/middleware';

/** The function a handler argument stands for, when it is in this file. */
function handlerOf(arg: AnyPath, byNode: Map<AnyNode, HandlerInfo>): HandlerInfo | undefined {
  const n = arg.node;
  if (byNode.has(n)) return byNode.get(n);
  if (n.type === 'Identifier') {
    const b = resolveBinding(arg, n.name);
    if (b?.kind === 'function') return byNode.get(b.node);
    if (b?.kind === 'var' && b.node.init) return byNode.get(b.node.init);
  }
  return undefined;
}

function migrateRoute(
  ctx: StepContext,
  route: ReturnType<typeof findRouteCalls>[number],
  byNode: Map<AnyNode, HandlerInfo>,
  imports: Set<string>,
): boolean {
  const { j } = ctx;
  const call = route.call.node;
  const reasons: string[] = [];
  let outcome: RouteOutcome = 'native';
  let changed = false;
  const src = (n: AnyNode): string => j(n).toSource();

  // Middleware: everything but the last function argument (arrays flattened).
  const fnArgs = route.fnArgs;
  const handlerArg = fnArgs[fnArgs.length - 1];
  // Express flattens arrays at any depth: `[auth, [check('a'), check('b')]]` is three middleware.
  const middleware: AnyNode[] = [];
  const flatten = (n: AnyNode): void => {
    if (n?.type === 'ArrayExpression') n.elements.forEach(flatten);
    else if (n) middleware.push(n);
  };
  for (const a of fnArgs.slice(0, -1)) flatten(a.node);
  // Body parsers: Fastify parses JSON (and forms, with @fastify/formbody in the shared setup) itself;
  // run again behind the adapter they would wait for a body Fastify has already read.
  const parsers = bodyParserNames(ctx);
  const extraOptions: string[] = [];
  const dropped: AnyNode[] = [];
  for (let i = middleware.length - 1; i >= 0; i--) {
    const mw = middleware[i];
    if (!isBodyParserCall(parsers, mw)) continue;
    dropped.unshift(mw);
    middleware.splice(i, 1);
    const limit = bodyParserLimit(mw);
    reasons.push(`${src(mw)} dropped: Fastify parses the body itself`);
    if (limit) {
      const bytes = toBytes(limit.value);
      if (bytes === null) addTodo(ctx, route.call, `${src(mw)} was dropped: set the route's bodyLimit option (bytes) to match ${src(limit.value)}`);
      else extraOptions.push(`bodyLimit: ${bytes}`);
    }
  }
  if (dropped.length) {
    call.arguments = call.arguments.filter((a: AnyNode) => !dropped.includes(a));
    const prune = (a: AnyNode): void => {
      if (a.type !== 'ArrayExpression') return;
      a.elements = a.elements.filter((e: AnyNode) => !dropped.includes(e));
      a.elements.forEach(prune);
    };
    call.arguments.forEach(prune);
    call.arguments = call.arguments.filter((a: AnyNode, i: number) => i === 0 || a.type !== 'ArrayExpression' || a.elements.length > 0);
    changed = true;
  }
  // A native handler that reads the app's own request properties (`req.payload.id`): Express middleware
  // behind the adapter sets them on Express's request, so the adapter is told to mirror them on Fastify's
  // (it mirrors user and session by default).
  let routeHandler = handlerArg ? handlerOf(handlerArg, byNode) : undefined;
  // `asyncHandler(async (req, res) => ...)` written inline: the function given to the factory.
  if (!routeHandler && handlerArg?.node.type === 'CallExpression' && !isAdapterCall(handlerArg.node)) {
    const inner = handlerArg.node.arguments.find((a: AnyNode) => a.type === 'ArrowFunctionExpression' || a.type === 'FunctionExpression');
    if (inner) routeHandler = byNode.get(inner);
  }
  const own = routeHandler && !routeHandler.adapted && routeHandler.form === 'express' && !isAdapterCall(handlerArg!.node) && escapeReasons(j, routeHandler).length === 0
    ? ownRequestMembers(j, routeHandler).filter((m) => m !== 'user' && m !== 'session')
    : [];
  const adapterOptions = own.length ? `, { requestProperties: [${['user', 'session', ...own].map((m) => `'${m}'`).join(', ')}] }` : '';
  if (middleware.length) {
    const wrapped = middleware.map((mw) => {
      // Fastify's form, or from a module this run migrates (a Fastify hook once the run is done): as it is.
      if (middlewareForm(ctx, route.call, mw, byNode) !== 'express') return mw;
      imports.add('fromExpressMiddleware');
      return j.callExpression(j.identifier('fromExpressMiddleware'), [mw]);
    });
    const viaAdapter = middleware.filter((mw, i) => wrapped[i] !== mw || isAdapterCall(mw));
    // Each preHandler item as text. A spread, or a name bound to an array (Express flattens arrays of
    // middleware), is spread into the preHandler array, each element wrapped when behind the adapter.
    const items = middleware.map((mw, i) => {
      const native = wrapped[i] === mw;
      const spread = spreadSource(route.call, mw, src);
      if (spread !== undefined) return native ? `...${spread}` : `...${spread}.map((mw) => fromExpressMiddleware(mw${adapterOptions}))`;
      return native ? src(mw) : `fromExpressMiddleware(${src(mw)}${adapterOptions})`;
    });
    if (route.options) {
      // Fastify shorthand already has options: prepend to its preHandler.
      const props: AnyNode[] = route.options.node.properties;
      const existing = props.find((p) => (p.key?.name ?? p.key?.value) === 'preHandler');
      if (existing) {
        const old = existing.value.type === 'ArrayExpression' ? existing.value.elements : [existing.value];
        existing.value = j.arrayExpression([...parseExpression(j, `[${items.join(', ')}]`).elements, ...old]);
      } else props.unshift(j.objectProperty(j.identifier('preHandler'), parseExpression(j, `[${items.join(', ')}]`)));
    } else {
      // Built from text so that it prints on one line, with each middleware as it was written.
      call.arguments.splice(1, 0, parseExpression(j, `{ ${[...extraOptions, `preHandler: [${items.join(', ')}]`].join(', ')} }`));
      extraOptions.length = 0;
    }
    // Remove the middleware arguments (they now live in the options).
    call.arguments = call.arguments.filter((a: AnyNode) => !fnArgs.slice(0, -1).some((m) => m.node === a));
    changed = true;
    if (viaAdapter.length) {
      outcome = 'adapter';
      reasons.push(`Express middleware through the adapter: ${viaAdapter.map(src).join(', ')}`);
      if (own.length) reasons.push(`the adapter mirrors request properties the handler reads: ${own.join(', ')}`);
    }
  } else if (route.options) {
    // Already rewritten (or written for Fastify): report what is behind the adapter.
    const pre = route.options.node.properties.find((p: AnyNode) => (p.key?.name ?? p.key?.value) === 'preHandler');
    const items: AnyNode[] = pre ? (pre.value.type === 'ArrayExpression' ? pre.value.elements : [pre.value]) : [];
    const viaAdapter = items.filter((i) => isAdapterCall(i, 'fromExpressMiddleware'));
    if (viaAdapter.length) {
      outcome = 'adapter';
      reasons.push(`Express middleware through the adapter: ${viaAdapter.map((n) => src(n.arguments[0])).join(', ')}`);
    }
  }

  if (extraOptions.length) {
    if (route.options) for (const o of extraOptions) route.options.node.properties.push(parseExpression(j, `{ ${o} }`).properties[0]);
    else call.arguments.splice(1, 0, parseExpression(j, `{ ${extraOptions.join(', ')} }`));
    changed = true;
  }

  // The handler.
  if (handlerArg) {
    const hn = handlerArg.node;
    if (isAdapterCall(hn, 'fromExpressHandler')) {
      outcome = 'adapter';
      reasons.push('handler runs through the adapter');
    } else {
      const h = handlerOf(handlerArg, byNode);
      if (!h) {
        if (hn.type !== 'ArrowFunctionExpression' && hn.type !== 'FunctionExpression') {
          reasons.push(`handler ${src(hn)} is defined in another module: migrated there`);
        }
      } else if (!h.adapted && h.form === 'express') {
        // Wrapping is escaping-handler-to-adapter's job (one place decides what "escapes"); say so here.
        const escapes = escapeReasons(j, h);
        if (escapes.length) reasons.push(`handler lets req/res escape (${escapes.join('; ')}): escaping-handler-to-adapter puts it behind the adapter`);
      } else if (h.adapted) {
        outcome = 'adapter';
        reasons.push('handler runs through the adapter');
      }
    }
  }

  ctx.report.route({
    method: route.method.toUpperCase(),
    path: pathValue(route.pathNode?.node) ?? (route.pathNode ? j(route.pathNode.node).toSource() : '?'),
    line: callLine(call),
    outcome,
    reasons,
  });
  return changed;
}

/**
 * The fixed prefix of a path that ends in a wildcard (`/reports/*`, `/reports/*splat`, `/api/(.*)`,
 * `*`), or null for a path without one.
 */
function wildcardPrefix(path: string): string | null {
  const m = /^(.*?)(?:\*\w*|\(\.\*\))$/.exec(path);
  if (!m) return null;
  return m[1];
}

/**
 * `router.all('/reports/*', requireAuth)` before `router.get('/reports/daily', ...)`: Express runs the
 * first for every later route under /reports (a guard calls next()); Fastify sends each request to
 * the one route that matches best, so the later routes would lose that middleware. Both get a
 * marker and are reported for a person; nothing is moved automatically (the first one may also be a
 * catch-all that never calls next, under which the later routes are unreachable).
 */
function coveringRegistrations(ctx: StepContext, routes: ReturnType<typeof findRouteCalls>): boolean {
  const { j } = ctx;
  let changed = false;
  const receiverName = (r: (typeof routes)[number]): string | undefined => {
    const o = r.call.node.callee.object;
    return o?.type === 'Identifier' ? o.name : undefined;
  };
  routes.forEach((first, i) => {
    const path = pathValue(first.pathNode?.node);
    const prefix = path === null ? null : wildcardPrefix(path);
    if (prefix === null || !first.fnArgs.length || receiverName(first) === undefined) return;
    const covered = routes.slice(i + 1).filter((later) => {
      const p = pathValue(later.pathNode?.node);
      return receiverName(later) === receiverName(first) && p !== null && p !== path && p.startsWith(prefix) && (first.method === 'all' || later.method === first.method);
    });
    if (!covered.length) return;
    // Messages name only what the later steps leave as it is (the method and the fixed prefix), so a
    // second run finds its own marker.
    const under = `'${prefix || '/'}'`;
    const line = callLine(first.call.node);
    if (addTodo(ctx, first.call, `Express ran this ${first.method.toUpperCase()} registration before every route under ${under} registered after it; Fastify sends a request to the one route that matches: if it is middleware, put it in those routes' preHandler (or a hook of their plugin) and remove it here`)) changed = true;
    ctx.report.route({ method: first.method.toUpperCase(), path: path!, line, outcome: 'todo', reasons: [`runs before the routes under ${under} registered after it; Fastify does not`] });
    for (const later of covered) {
      if (addTodo(ctx, later.call, `Express ran the ${first.method.toUpperCase()} registration under ${under} above before this route; Fastify does not: add it to this route's preHandler if it is middleware`)) changed = true;
      ctx.report.route({
        method: later.method.toUpperCase(),
        path: pathValue(later.pathNode?.node) ?? '',
        line: callLine(later.call.node),
        outcome: 'todo',
        reasons: [`Express ran ${first.fnArgs.map((a) => j(a.node).toSource()).join(', ')} (${first.method.toUpperCase()} ${path}, line ${line}) before it; Fastify does not`],
      });
    }
  });
  return changed;
}

const MULTER_TODO =
  "multer reads the multipart body itself (behind the adapter): Fastify answers 415 to multipart/form-data unless the app adds a pass-through parser, app.addContentTypeParser('multipart/form-data', (request, payload, done) => done(null)), or the uploads move to @fastify/multipart";

/** A route file that uses multer: one marker on its import, one note for the report. */
function multerNeedsRawBody(ctx: StepContext): boolean {
  const { j, root } = ctx;
  let at: AnyPath | undefined;
  root.find(j.ImportDeclaration).forEach((p: AnyPath) => {
    if (!at && p.node.source.value === 'multer') at = p;
  });
  if (!at) {
    root.find(j.CallExpression, { callee: { type: 'Identifier', name: 'require' } }).forEach((p: AnyPath) => {
      const a = p.node.arguments[0];
      if (!at && a && (a.type === 'StringLiteral' || a.type === 'Literal') && a.value === 'multer') at = p;
    });
  }
  if (!at) return false;
  ctx.report.note(`${ctx.file.path}: ${MULTER_TODO}`);
  return addTodo(ctx, at, MULTER_TODO);
}

export const step: Step = {
  name: 'express-route-to-fastify-route',
  mightApply: (source) => /\.(get|post|put|delete|patch|options|head|all|route)\s*\(/.test(source),
  run(ctx) {
    const { j, root } = ctx;
    let changed = splitRouteChains(j, root) > 0;
    const byNode = new Map<AnyNode, HandlerInfo>();
    for (const h of findHandlers(j, root)) byNode.set(h.path.node, h);
    const imports = new Set<string>();
    const seen = new Map<string, number>();
    const routes = findRouteCalls(j, root);
    if (coveringRegistrations(ctx, routes)) changed = true;
    if (routes.length && multerNeedsRawBody(ctx)) changed = true;
    for (const route of routes) {
      if (route.receiver !== 'express' && route.fnArgs.length === 0) continue;
      if (route.method === '?' || !route.fnArgs.length) continue;
      if (migrateRoute(ctx, route, byNode, imports)) changed = true;
      // Express runs every registration of a path in turn (the first calling next()); Fastify
      // refuses a second handler for the same method and path at startup.
      const path = pathValue(route.pathNode?.node);
      const receiver = route.call.node.callee.object;
      if (path !== null && receiver.type === 'Identifier') {
        const methods = route.method === 'all' ? ['all', ...HTTP_METHODS] : [route.method, 'all'];
        const clash = methods.map((m) => seen.get(`${receiver.name} ${m} ${path}`)).find((l) => l !== undefined);
        if (clash !== undefined) {
          const msg = `${route.method.toUpperCase()} ${path} is registered twice: Fastify allows one handler per method and path; merge the two (the first one is middleware)`;
          if (addTodo(ctx, route.call, msg)) changed = true;
        }
        seen.set(`${receiver.name} ${route.method} ${path}`, callLine(route.call.node));
      }
    }
    for (const name of [...imports].sort()) {
      if (ensureNamedImport(ctx, adapterModule(ctx), name)) changed = true;
    }
    return changed;
  },
};

export default toTransform(step);
