/**
 * require-role-to-prehandler: route-level middleware (auth, role checks) to the route's preHandler,
 * native where the middleware is in this file, behind the adapter otherwise: never dropped, never
 * reordered, so a migrated route is never less protected than the legacy one.
 *
 *   router.delete('/users/:id', requireAuth, requireRole('ADMIN'), handler)
 *     →  router.delete('/users/:id', { preHandler: [requireAuth, requireRole('ADMIN')] }, handler)   (both in this file)
 *   admin.get('/audit', requireAuth, requireRole('AUDITOR'), handler)       (imported from ../middleware/auth)
 *     →  admin.get('/audit', { preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(requireRole('AUDITOR'))] }, handler)
 *   { preHandler: [fromExpressMiddleware(requireRole('ADMIN'))] }          (after express-route-to-fastify-route)
 *     →  { preHandler: [requireRole('ADMIN')] }                             when requireRole is in this file
 *
 * A middleware (or the function a factory such as `requireRole(role)` returns) is native when it is
 * defined here and its request/response do not escape: its body is migrated by the API steps, and a
 * callback middleware is already a valid Fastify hook (`(request, reply, done)`); an async one is
 * made a valid async hook (no `done`, `return reply` after answering). `req.user` set by the auth
 * hook needs `decorateRequest('user', null)` in the shared setup (listed in the report).
 * Middleware imported from a module the same run migrates (option `migratedModules`) is native too:
 * after the run it is a Fastify hook, and the adapter would hand it Express's req/res.
 */
import { adapterModule, ensureNamedImport, parseExpression, pruneUnusedImports, resolveBinding } from './lib/ast';
import { findRouteCalls, pathValue } from './lib/routes';
import { toTransform, type Step, type StepContext } from './lib/step';
import { escapeReasons, importSource, isAdapterWrapped, isMigratedModule, textOf, type Handler } from './lib/receivers';
import { toAsyncHook } from './next-only-handler-to-hook';

const isFn = (n: any) => !!n && /^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/.test(n.type);

/** Function paths a middleware expression stands for in this file: `mw`, `factory(args)`. */
export function functionsOf(ctx: StepContext, at: any, node: any): any[] {
  const { j, root } = ctx;
  const pathOf = (fnNode: any): any => {
    let found: any;
    root.find(j.Function).forEach((p: any) => {
      if (p.node === fnNode) found = p;
    });
    return found;
  };
  const resolveFn = (name: string): any => {
    const b = resolveBinding(at, name);
    if (!b) return undefined;
    if (b.kind === 'function' && isFn(b.node)) return b.node;
    if (b.kind === 'var' && isFn(b.node.init)) return b.node.init;
    return undefined;
  };
  if (node.type === 'Identifier') {
    const fn = resolveFn(node.name);
    return fn ? [pathOf(fn)].filter(Boolean) : [];
  }
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
    const factory = resolveFn(node.callee.name);
    if (!factory) return [];
    if (factory.type === 'ArrowFunctionExpression' && isFn(factory.body)) return [pathOf(factory.body)].filter(Boolean);
    const out: any[] = [];
    const fPath = pathOf(factory);
    if (!fPath) return [];
    j(fPath.get('body'))
      .find(j.ReturnStatement)
      .forEach((r: any) => {
        let p = r.parent;
        while (p && !isFn(p.node)) p = p.parent;
        if (p?.node === factory && isFn(r.node.argument)) out.push(r.get('argument'));
      });
    return out;
  }
  return [];
}

/** Native when every function it stands for is here, shaped like middleware, and keeps req/res to itself. */
export function nativeMiddleware(ctx: StepContext, at: any, node: any): Handler[] | undefined {
  const fns = functionsOf(ctx, at, node);
  if (!fns.length) {
    const name = node.type === 'Identifier' ? node.name : node.type === 'CallExpression' && node.callee.type === 'Identifier' ? node.callee.name : undefined;
    const source = name ? importSource(at, name) : undefined;
    return source && isMigratedModule(ctx, source) ? [] : undefined;
  }
  const out: Handler[] = [];
  for (const fn of fns) {
    const ps = fn.node.params;
    if (ps.length !== 3 || ps.some((p: any) => p.type !== 'Identifier')) return undefined;
    const h = {
      path: fn, form: 'express', kind: 'middleware', adapted: false, registeredOn: null,
      params: { req: ps[0].name, res: ps[1].name, next: ps[2].name },
    } as unknown as Handler;
    if (escapeReasons(ctx.j, h).length) return undefined;
    out.push(h);
  }
  return out;
}

export const step: Step = {
  name: 'require-role-to-prehandler',
  mightApply: (source) => /\.(get|post|put|delete|patch|options|head|all)\(/.test(source),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    let changed = false;
    let adapterUsed = false;
    let unwrapped = false;
    const makeNative = (hs: Handler[]) => {
      for (const h of hs) if (h.path.node.async && h.path.node.params.length === 3) toAsyncHook(ctx, h);
    };
    for (const route of findRouteCalls(j, root)) {
      const call = route.call.node;
      const guards: string[] = [];
      const viaAdapter: string[] = [];
      if (route.fnArgs.length > 1) {
        // Express form: everything before the handler is middleware.
        const mws: any[] = [];
        for (const a of route.fnArgs.slice(0, -1)) {
          if (a.node.type === 'ArrayExpression') a.node.elements.forEach((_: any, i: number) => mws.push(a.get('elements', i)));
          else mws.push(a);
        }
        if (route.options) continue; // mixed forms: leave it to express-route-to-fastify-route
        const items = mws.map((mw) => {
          const src = textOf(j, mw.node);
          if (mw.node.type === 'CallExpression' && mw.node.callee.type === 'Identifier' && /^fromExpress(Middleware|Handler)$/.test(mw.node.callee.name)) {
            viaAdapter.push(src);
            return src;
          }
          const native = nativeMiddleware(ctx, mw, mw.node);
          guards.push(src);
          if (native) {
            makeNative(native);
            return src;
          }
          viaAdapter.push(src);
          adapterUsed = true;
          return `fromExpressMiddleware(${src})`;
        });
        const moved = new Set(route.fnArgs.slice(0, -1).map((a) => a.node));
        const at = call.arguments.findIndex((a: any) => moved.has(a));
        call.arguments = call.arguments.filter((a: any) => !moved.has(a));
        call.arguments.splice(at, 0, parseExpression(j, `{ preHandler: [${items.join(', ')}] }`));
        changed = true;
      } else if (route.options) {
        // After the route step: unwrap adapter-wrapped middleware that is native here.
        const props = route.options.node.properties;
        const idx = props.findIndex((p: any) => (p.key?.name ?? p.key?.value) === 'preHandler');
        if (idx < 0) continue;
        const valuePath = route.options.get('properties', idx, 'value');
        const elements = valuePath.node.type === 'ArrayExpression' ? valuePath.get('elements') : null;
        const each = elements ? elements.value.map((_: any, i: number) => elements.get(i)) : [valuePath];
        for (const el of each) {
          const n = el.node;
          if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'fromExpressMiddleware' && (n.arguments.length === 1 || (n.arguments.length === 2 && n.arguments[1].type === 'ObjectExpression'))) {
            // (adapter options, e.g. requestProperties, mean nothing once the middleware is a native hook)
            const inner = el.get('arguments', 0);
            const native = nativeMiddleware(ctx, inner, inner.node);
            if (native) {
              makeNative(native);
              el.replace(inner.node);
              guards.push(textOf(j, inner.node));
              unwrapped = true;
              changed = true;
            } else viaAdapter.push(textOf(j, inner.node));
          } else guards.push(textOf(j, n));
        }
      }
      if (guards.length || viaAdapter.length) {
        ctx.report.route({
          method: route.method.toUpperCase(),
          path: route.pathNode ? (pathValue(route.pathNode.node) ?? '') : '',
          line: call.loc?.start.line ?? 0,
          outcome: viaAdapter.length ? 'adapter' : 'native',
          reasons: [
            ...(guards.length ? [`preHandler: ${guards.join(', ')}`] : []),
            ...(viaAdapter.length ? [`Express middleware through the adapter: ${viaAdapter.join(', ')}`] : []),
          ],
        });
      }
    }
    if (adapterUsed) ensureNamedImport(ctx, adapterModule(ctx), 'fromExpressMiddleware');
    if (unwrapped) pruneUnusedImports(j, root, adapterModule(ctx));
    if (changed && /\.user\b/.test(ctx.file.source)) {
      ctx.report.note(`${ctx.file.path}: request.user is read here: decorateRequest('user', null) and the auth hook in the shared setup`);
    }
    void isAdapterWrapped;
    return changed;
  },
};

export default toTransform(step);
