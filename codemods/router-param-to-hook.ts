/**
 * router-param-to-hook: `router.param(name, fn)` becomes a preHandler hook guarded by the param.
 *
 *   router.param('productId', (req, res, next, productId) => { ...; next(); })
 *     →  router.addHook('preHandler', (req, res, next) => {
 *          if (req.params.productId === undefined) return next();
 *          const productId = req.params.productId;
 *          ...; next();
 *        })
 *   users.param('userId', loadUser)      (loadUser from another module)
 *     →  users.addHook('preHandler', fromExpressMiddleware((req, res, next) =>
 *          req.params.userId === undefined ? next() : loadUser(req, res, next, req.params.userId)))   + marker
 *
 * Express runs a param callback before the route's own middleware, for routes that have the param;
 * a plugin-level preHandler runs before route-level preHandlers, and the guard skips routes without
 * the param. An async callback becomes a valid async hook (see next-only-handler-to-hook). A callback
 * that reads the param's name (fifth argument) gets a marker.
 */
import { adapterModule, ensureNamedImport } from './lib/ast';
import { toTransform, type Step, type StepContext } from './lib/step';
import { handlersOf, refsTo, stringValue, todoOnce, type Handler } from './lib/receivers';
import { toAsyncHook } from './next-only-handler-to-hook';

function paramsOf(j: StepContext['j'], req: string, name: string): any {
  return j.memberExpression(j.memberExpression(j.identifier(req), j.identifier('params')), j.identifier(name));
}

export const step: Step = {
  name: 'router-param-to-hook',
  mightApply: (source) => source.includes('.param('),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const callbacks = handlersOf(j, root).filter((h) => h.kind === 'param');
    const byNode = new Map(callbacks.map((h) => [h.path.node, h]));
    const byName = new Map<string, Handler>();
    for (const h of callbacks) {
      const name = h.path.node.id?.name ?? (h.path.parent?.node.type === 'VariableDeclarator' ? h.path.parent.node.id.name : undefined);
      if (name) byName.set(name, h);
    }
    let changed = false;
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'param' } } }).forEach((call: any) => {
      const args = call.node.arguments;
      const param = args.length === 2 ? stringValue(args[0]) : undefined;
      if (param === undefined || !/^[A-Za-z_$][\w$]*$/.test(param)) return;
      const fnArg = args[1];
      const h = byNode.get(fnArg) ?? (fnArg.type === 'Identifier' ? byName.get(fnArg.name) : undefined);
      if (!h) {
        if (fnArg.type !== 'Identifier' && fnArg.type !== 'MemberExpression' && fnArg.type !== 'CallExpression') return;
        // Express code from elsewhere: run it behind the adapter, guarded by the param.
        const [req, res, next] = ['req', 'res', 'next'].map((n) => j.identifier(n));
        const guarded = j.arrowFunctionExpression(
          [req, res, next],
          j.conditionalExpression(
            j.binaryExpression('===', paramsOf(j, 'req', param), j.identifier('undefined')),
            j.callExpression(j.identifier('next'), []),
            j.callExpression(fnArg, [j.identifier('req'), j.identifier('res'), j.identifier('next'), paramsOf(j, 'req', param)]),
          ),
        );
        call.node.callee.property.name = 'addHook';
        call.node.arguments = [j.stringLiteral('preHandler'), j.callExpression(j.identifier('fromExpressMiddleware'), [guarded])];
        ensureNamedImport(ctx, adapterModule(ctx), 'fromExpressMiddleware');
        todoOnce(ctx, call, `param callback for :${param} is not in this file: served through the Express adapter; migrate it natively when you can`);
        changed = true;
        return;
      }
      const fn = h.path.node;
      const [reqP, , , valueP, nameP] = fn.params;
      if (nameP) {
        if (todoOnce(ctx, call, `the param callback for :${param} reads the param's name (5th argument); write '${param}' in its place`)) changed = true;
        return;
      }
      if (!reqP || reqP.type !== 'Identifier') return;
      const req = reqP.name;
      const value = valueP ? (valueP.type === 'Identifier' ? valueP.name : valueP.left?.name) : undefined;
      const valueUsed = value ? (refsToValue(j, h, value) > 0) : false;
      if (fn.params.length > 3) fn.params.length = 3;
      if (fn.async) toAsyncHook(ctx, h);
      const next = fn.params[2]?.type === 'Identifier' ? fn.params[2].name : undefined;
      const body = fn.body.type === 'BlockStatement' ? fn.body : (fn.body = j.blockStatement([j.expressionStatement(fn.body)]));
      const prologue: any[] = [
        j.ifStatement(
          j.binaryExpression('===', paramsOf(j, req, param), j.identifier('undefined')),
          j.blockStatement([j.returnStatement(next ? j.callExpression(j.identifier(next), []) : null)]),
        ),
      ];
      if (valueUsed && value) prologue.push(j.variableDeclaration('const', [j.variableDeclarator(j.identifier(value), paramsOf(j, req, param))]));
      body.body.unshift(...prologue);
      call.node.callee.property.name = 'addHook';
      call.node.arguments = [j.stringLiteral('preHandler'), fnArg];
      changed = true;
    });
    return changed;
  },
};

/** References to the callback's value parameter (by scope). */
function refsToValue(j: StepContext['j'], h: Handler, name: string): number {
  const fake: Handler = { ...h, params: { ...h.params, req: name } };
  return refsTo(j, fake, 'req').length;
}

export default toTransform(step);
