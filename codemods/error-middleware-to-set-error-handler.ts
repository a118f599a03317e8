/**
 * error-middleware-to-set-error-handler: Express error middleware to Fastify's error handler.
 *
 *   app.use((err, req, res, next) => { ...; res.status(500).json(...) })
 *     →  app.setErrorHandler((err, req, res) => { ...; res.status(500).json(...) })
 *   app.use(errorHandler)  where  function errorHandler(err, req, res, next) {...}
 *     →  app.setErrorHandler(errorHandler)  and  function errorHandler(err, req, res) {...}
 *   if (res.headersSent) return next(err);   →  if (res.headersSent) { throw err; }   (to the parent scope's handler)
 *
 * Fastify keeps the last error handler set on a scope, Express answered with the first error
 * middleware that did not call next(err). A second one on the same receiver:
 *   if (dev) { app.use(devHandler) }  app.use(prodHandler)
 *     →  if (dev) { app.setErrorHandler(devHandler) } else { app.setErrorHandler(prodHandler) }
 *   after one that always answers (Express never reached it): left, with a marker (Fastify has no
 *   use(): the app does not start until it is deleted);
 *   otherwise (the first passes errors on): setErrorHandler, with a marker (merge the two).
 * An error middleware mounted on a path gets a marker too. Fastify
 * sets the status from err.statusCode / err.status (or 500) before calling the handler, where Express
 * kept 200: a handler that answers without setting a status is marked.
 */
import { resolveBinding } from './lib/ast';
import { importedFunctionShape } from './lib/imported-function';
import { toTransform, type Step, type StepContext } from './lib/step';
import { chainFrom, dropUnusedTrailingParam, handlersOf, refsTo, textOf, todoOnce, type Handler } from './lib/receivers';
import { rewriteNext } from './next-error-to-throw';

const SENDS = new Set(['json', 'send', 'end', 'sendStatus', 'render', 'redirect', 'sendFile', 'jsonp']);

function nameOf(h: Handler): string | undefined {
  const n = h.path.node;
  if (n.id?.name) return n.id.name;
  const parent = h.path.parent?.node;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  return undefined;
}

/**
 * Does the handler an existing `setErrorHandler(fn)` registers pass errors on (Express: next(err),
 * once migrated: throw)? Undefined when its code is not at hand.
 */
function passesOn(ctx: StepContext, call: any): boolean | undefined {
  const { j } = ctx;
  const arg = call.node.arguments[0];
  if (!arg) return undefined;
  let fn: any = /Function/.test(arg.type) ? arg : undefined;
  if (arg.type === 'Identifier') {
    const b = resolveBinding(call.get('arguments', 0), arg.name);
    if (b?.kind === 'function') fn = b.node;
    else if (b?.kind === 'var' && /Function/.test(b.node.init?.type ?? '')) fn = b.node.init;
    else if (b?.kind === 'import' || b?.kind === 'var') return importedFunctionShape(ctx.file.path, call.get('arguments', 0))?.usesThird;
  }
  if (!fn) return undefined;
  return fn.params.length >= 4 || j(fn.body).find(j.ThrowStatement).size() > 0;
}

export const step: Step = {
  name: 'error-middleware-to-set-error-handler',
  mightApply: (source) => source.includes('.use('),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    let changed = false;
    const errorHandlers = handlersOf(j, root).filter((h) => h.kind === 'error' && h.path.node.params.length === 4);
    if (errorHandlers.length === 0) return false;
    const byNode = new Map(errorHandlers.map((h) => [h.path.node, h]));
    const byName = new Map(errorHandlers.flatMap((h) => (nameOf(h) ? [[nameOf(h)!, h] as const] : [])));
    // The first error handler of each receiver: where it is registered and whether it passes errors on.
    const first = new Map<string, { stmt: any; label: string; passesOn: boolean | undefined }>();
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'setErrorHandler' } } }).forEach((p: any) => {
      const recv = textOf(j, p.node.callee.object);
      if (!first.has(recv)) first.set(recv, { stmt: p.parent, label: textOf(j, p.node.arguments[0] ?? p.node), passesOn: passesOn(ctx, p) });
    });
    const convert = (call: any, h: Handler, label: string): void => {
      rewriteNext(ctx, h);
      dropUnusedTrailingParam(j, h, 'next');
      if (h.path.node.params.length === 4) {
        todoOnce(ctx, call, `${h.params.next} is still used in ${label}: Fastify error handlers get (error, request, reply); throw to reach the parent handler`);
      }
      call.node.callee.property.name = 'setErrorHandler';
      // Express kept the status (200 by default); Fastify sets err.statusCode / err.status or 500.
      const links = refsTo(j, h, 'res').flatMap((r) => chainFrom(r));
      const sends = links.some((l) => SENDS.has(l.name));
      const sets = links.some((l) => l.name === 'status' || l.name === 'code' || l.name === 'sendStatus') ||
        refsTo(j, h, 'res').some((r) => r.parent.node.type === 'MemberExpression' && r.parent.node.property.name === 'statusCode');
      if (sends && !sets) {
        todoOnce(ctx, h.path.node.type === 'FunctionDeclaration' ? h.path : call, `${label} answers without a status: Express sent 200, Fastify sends err.statusCode or 500; set the status you want`);
      }
    };
    // `if (c) { app.use(dev) }` right before `app.use(prod)`: Express answered with dev when it was
    // registered, else with prod; Fastify keeps the last handler set, so prod goes in the if's else.
    const moves: { ifNode: any; stmtNode: any; block: any }[] = [];
    const uses: any[] = [];
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'use' } } }).forEach((call: any) => void uses.push(call));
    for (const call of uses) {
      const args = call.node.arguments;
      const found = args.map((a: any) => byNode.get(a) ?? (a.type === 'Identifier' ? byName.get(a.name) : undefined));
      const idx = found.findIndex((h: Handler | undefined) => h);
      if (idx < 0) continue;
      const h: Handler = found[idx];
      const recv = textOf(j, call.node.callee.object);
      const label = nameOf(h) ?? 'this handler';
      if (args.length !== 1) {
        if (todoOnce(ctx, call, `error middleware mounted with a path or other middleware: register it with ${recv}.setErrorHandler in the plugin for that prefix (Fastify has no use(): the app does not start until then)`)) changed = true;
        continue;
      }
      const stmt = call.parent;
      const earlier = first.get(recv);
      if (!earlier) {
        first.set(recv, { stmt, label, passesOn: refsTo(j, h, 'next').length > 0 });
        convert(call, h, label);
        changed = true;
        continue;
      }
      // A second error handler on the same receiver. Express ran the first registered one that did
      // not pass the error on (next(err)); Fastify keeps the last one set.
      const block = stmt.parent?.node;
      const sameBlock = stmt.node.type === 'ExpressionStatement' && Array.isArray(block?.body) && earlier.stmt.parent?.node === block;
      const guard = earlier.stmt.parent?.parent; // if (c) { recv.use(first) }
      const at = Array.isArray(block?.body) ? block.body.indexOf(stmt.node) : -1;
      const onlyInIf =
        earlier.stmt.parent?.node.type === 'BlockStatement' && earlier.stmt.parent.node.body.length === 1 &&
        guard?.node.type === 'IfStatement' && guard.node.consequent === earlier.stmt.parent.node && !guard.node.alternate &&
        at > 0 && block.body[at - 1] === guard.node;
      if (earlier.passesOn === false && onlyInIf && stmt.node.type === 'ExpressionStatement') {
        convert(call, h, label);
        moves.push({ ifNode: guard.node, stmtNode: stmt.node, block });
        changed = true;
        continue;
      }
      if (earlier.passesOn === false && sameBlock) {
        const msg = `Express never ran ${label}: ${earlier.label} above answers every error (it never calls next(err)); Fastify has no use(), so this call stops the app from starting: delete it or merge ${label} into ${earlier.label}`;
        if (todoOnce(ctx, call, msg)) changed = true;
        continue;
      }
      const why = earlier.passesOn
        ? `Express ran ${earlier.label} first and ${label} with the errors it passed on`
        : `Express ran ${label} only when ${earlier.label} was not registered or passed the error on`;
      convert(call, h, label);
      todoOnce(ctx, call, `a second error handler in this scope: Fastify keeps the last one set, so ${label} now answers every error (${why}); merge the two into one handler`);
      changed = true;
    }
    for (const m of moves) {
      m.block.body.splice(m.block.body.indexOf(m.stmtNode), 1);
      m.ifNode.alternate = j.blockStatement([m.stmtNode]);
    }
    return changed;
  },
};

export default toTransform(step);
