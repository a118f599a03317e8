/**
 * error-middleware-to-set-error-handler: Express error middleware to Fastify's error handler.
 *
 *   app.use((err, req, res, next) => { ...; res.status(500).json(...) })
 *     →  app.setErrorHandler((err, req, res) => { ...; res.status(500).json(...) })
 *   app.use(errorHandler)  where  function errorHandler(err, req, res, next) {...}
 *     →  app.setErrorHandler(errorHandler)  and  function errorHandler(err, req, res) {...}
 *   if (res.headersSent) return next(err);   →  if (res.headersSent) { throw err; }   (to the parent scope's handler)
 *
 * Fastify keeps one error handler per scope: a second error middleware on the same receiver gets a
 * marker (merge it into the first). An error middleware mounted on a path gets a marker too. Fastify
 * sets the status from err.statusCode / err.status (or 500) before calling the handler, where Express
 * kept 200: a handler that answers without setting a status is marked.
 */
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
    const taken = new Set<string>();
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'setErrorHandler' } } }).forEach((p: any) => {
      taken.add(textOf(j, p.node.callee.object));
    });
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'use' } } }).forEach((call: any) => {
      const args = call.node.arguments;
      const found = args.map((a: any) => byNode.get(a) ?? (a.type === 'Identifier' ? byName.get(a.name) : undefined));
      const idx = found.findIndex((h: Handler | undefined) => h);
      if (idx < 0) return;
      const h: Handler = found[idx];
      const recv = textOf(j, call.node.callee.object);
      const label = nameOf(h) ?? 'this handler';
      if (args.length !== 1) {
        if (todoOnce(ctx, call, `error middleware mounted with a path or other middleware: register it with ${recv}.setErrorHandler in the plugin for that prefix`)) changed = true;
        return;
      }
      if (taken.has(recv)) {
        if (todoOnce(ctx, call, `a second error handler in this scope: Fastify keeps one per scope; merge ${label} into the first`)) changed = true;
        return;
      }
      taken.add(recv);
      rewriteNext(ctx, h);
      dropUnusedTrailingParam(j, h, 'next');
      if (h.path.node.params.length === 4) {
        todoOnce(ctx, call, `${h.params.next} is still used in ${label}: Fastify error handlers get (error, request, reply); throw to reach the parent handler`);
      }
      call.node.callee.property.name = 'setErrorHandler';
      changed = true;
      // Express kept the status (200 by default); Fastify sets err.statusCode / err.status or 500.
      const links = refsTo(j, h, 'res').flatMap((r) => chainFrom(r));
      const sends = links.some((l) => SENDS.has(l.name));
      const sets = links.some((l) => l.name === 'status' || l.name === 'code' || l.name === 'sendStatus') ||
        refsTo(j, h, 'res').some((r) => r.parent.node.type === 'MemberExpression' && r.parent.node.property.name === 'statusCode');
      if (sends && !sets) {
        todoOnce(ctx, h.path.node.type === 'FunctionDeclaration' ? h.path : call, `${label} answers without a status: Express sent 200, Fastify sends err.statusCode or 500; set the status you want`);
      }
    });
    return changed;
  },
};

export default toTransform(step);
