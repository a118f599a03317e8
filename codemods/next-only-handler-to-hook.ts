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
 * then), else `onRequest`. A middleware mounted on a path gets a marker; one whose request or
 * response escapes is left to the adapter step. Properties set on the request are listed in the
 * report: declare them with `decorateRequest(name, null)` in the shared setup.
 */
import { toTransform, type Step, type StepContext } from './lib/step';
import {
  handlersOf,
  inOwnBody,
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
    if (!middleware.length) return false;
    const byNode = new Map(middleware.map((h) => [h.path.node, h]));
    const byName = new Map<string, Handler>();
    for (const h of middleware) {
      const n = h.path.node;
      const name = n.id?.name ?? (h.path.parent?.node.type === 'VariableDeclarator' ? h.path.parent.node.id.name : undefined);
      if (name) byName.set(name, h);
    }
    let changed = false;
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'use' } } }).forEach((call: any) => {
      const args = call.node.arguments;
      const fnArg = args[args.length - 1];
      const h = fnArg && (byNode.get(fnArg) ?? (fnArg.type === 'Identifier' ? byName.get(fnArg.name) : undefined));
      if (!h) return;
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
      const hook = readsBody(j, h) ? 'preHandler' : 'onRequest';
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
    });
    return changed;
  },
};

export default toTransform(step);
