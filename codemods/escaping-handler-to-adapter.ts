/**
 * escaping-handler-to-adapter: a handler that lets its request or response escape runs through the
 * Express adapter instead of being migrated natively.
 *
 *   router.get('/r/:id', (req, res) => { renderReport(req.params.id, res) })
 *     →  router.get('/r/:id', fromExpressHandler((req, res) => { renderReport(req.params.id, res) }))
 *   stream.get('/events', remember, handler)   (remember stores req)
 *     →  stream.get('/events', fromExpressMiddleware(remember), handler)
 *
 * "Escapes" (lib/receivers `escapeReasons`): `req`/`res` passed to a function, stored, aliased,
 * returned or put in an object, or a member no step knows (`res.write`, `req.pipe`...). The wrapped
 * handler stays Express code (every other step skips it), gets one marker saying why, and counts as
 * `adapter` in the report. `fromExpressHandler` / `fromExpressMiddleware` are imported from the
 * adapter module (option `adapterModule`, default `../adapter`). Run it before the signature step:
 * once a handler has Fastify's (request, reply) it cannot go behind the adapter any more.
 */
import { adapterModule, ensureNamedImport } from './lib/ast';
import { HTTP_METHODS } from './lib/handlers';
import { toTransform, type Step, type StepContext } from './lib/step';
import { escapeReasons, handlersOf, stringValue, todoOnce, type Handler } from './lib/receivers';

const REGISTRATIONS = new Set<string>([...HTTP_METHODS, 'use']);

export const step: Step = {
  name: 'escaping-handler-to-adapter',
  mightApply: (source) => /\.(get|post|put|delete|patch|options|head|all|use)\(/.test(source),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const escaping = new Map<any, { h: Handler; reasons: string[] }>();
    for (const h of handlersOf(j, root, { withEscaping: true })) {
      if (h.form !== 'express' || h.kind === 'error' || h.kind === 'param') continue;
      const reasons = escapeReasons(j, h);
      if (reasons.length) escaping.set(h.path.node, { h, reasons });
    }
    if (escaping.size === 0) return false;
    const byName = new Map<string, any>();
    for (const node of escaping.keys()) {
      const path = escaping.get(node)!.h.path;
      const name = node.id?.name ?? (path.parent?.node.type === 'VariableDeclarator' ? path.parent.node.id.name : undefined);
      if (name) byName.set(name, node);
    }
    let changed = false;
    const used = new Set<string>();
    root.find(j.CallExpression, { callee: { type: 'MemberExpression' } }).forEach((call: any) => {
      const callee = call.node.callee;
      if (callee.computed || callee.property.type !== 'Identifier' || !REGISTRATIONS.has(callee.property.name)) return;
      const method = callee.property.name;
      const args: any[] = call.node.arguments;
      const fnIdx = args.map((a, i) => (a.type === 'StringLiteral' || a.type === 'TemplateLiteral' || a.type === 'ObjectExpression' || a.type === 'RegExpLiteral' ? -1 : i)).filter((i) => i >= 0);
      if (fnIdx.length === 0) return;
      const reasons: string[] = [];
      for (const i of fnIdx) {
        const a = args[i];
        const node = a.type === 'Identifier' ? byName.get(a.name) : a;
        const hit = node && escaping.get(node);
        if (!hit) continue;
        const wrapper = method !== 'use' && i === fnIdx[fnIdx.length - 1] ? 'fromExpressHandler' : 'fromExpressMiddleware';
        args[i] = j.callExpression(j.identifier(wrapper), [a]);
        used.add(wrapper);
        reasons.push(...hit.reasons);
      }
      if (reasons.length === 0) return;
      changed = true;
      const why = [...new Set(reasons)].join('; ');
      todoOnce(ctx, call, `served through the Express adapter (${why}); migrate it natively when you can`);
      if (method !== 'use') {
        ctx.report.route({
          method: method.toUpperCase(),
          path: stringValue(args[0]) ?? '',
          line: call.node.loc?.start.line ?? 0,
          outcome: 'adapter',
          reasons: [...new Set(reasons)],
        });
      }
    });
    for (const name of [...used].sort()) ensureNamedImport(ctx, adapterModule(ctx), name);
    return changed;
  },
};

export default toTransform(step);
