/**
 * express-path-to-find-my-way: Express 4/5 route paths to Fastify's (find-my-way) syntax, and the
 * params the handler reads renamed to match.
 *
 *   router.get('/files/*splat', (req, res) => res.send(req.params.splat))
 *     →  router.get('/files/*', (req, res) => res.send(req.params['*'].split('/')))
 *   app.get('/docs/*', (req, res) => res.send(req.params[0]))     →  app.get('/docs/*', (req, res) => res.send(req.params['*']))
 *   app.get('/users{/:id}', h)                                    →  app.get('/users/:id?', h)
 *   app.get('/ab?cd', h)                                          →  unchanged + marker (never guessed)
 *
 * Conversion rules and their checks against real Express 5 and find-my-way matching are in
 * lib/express-path.ts. Params are rewritten only in handlers of this file, through the handler's own
 * request parameter (found by scope); a handler from another module, destructuring of a renamed
 * param that was an array, or `req.params` passed on whole gets a marker.
 */
import { type AnyNode, type AnyPath, resolveBinding } from './lib/ast';
import { convertExpressPath } from './lib/express-path';
import { findHandlers, memberUsesOf, type HandlerInfo } from './lib/handlers';
import { findRouteCalls, isPathLiteral, pathValue } from './lib/routes';
import { addTodo, toTransform, type Step, type StepContext } from './lib/step';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function handlersOfRoute(
  route: ReturnType<typeof findRouteCalls>[number],
  byNode: Map<AnyNode, HandlerInfo>,
  src: (n: AnyNode) => string,
): { local: HandlerInfo[]; external: string[] } {
  const local: HandlerInfo[] = [];
  const external: string[] = [];
  const visit = (p: AnyPath): void => {
    let n = p.node;
    if (n.type === 'ArrayExpression') {
      p.get('elements').each((e: AnyPath) => visit(e));
      return;
    }
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && /^fromExpress(Handler|Middleware)$/.test(n.callee.name) && n.arguments.length === 1) {
      visit(p.get('arguments', 0));
      return;
    }
    if (byNode.has(n)) {
      local.push(byNode.get(n)!);
      return;
    }
    if (n.type === 'Identifier') {
      const b = resolveBinding(p, n.name);
      n = b?.kind === 'function' ? b.node : b?.kind === 'var' ? b.node.init : null;
      if (n && byNode.has(n)) {
        local.push(byNode.get(n)!);
        return;
      }
    }
    if (p.node.type === 'Identifier' || p.node.type === 'MemberExpression') external.push(src(p.node));
  };
  route.fnArgs.forEach(visit);
  // The handler of fastify.route({ handler }) and preHandler hooks in options.
  if (route.options) {
    route.options.get('properties').each((prop: AnyPath) => {
      const key = prop.node.key?.name ?? prop.node.key?.value;
      if (key === 'handler' || key === 'preHandler') visit(prop.get('value'));
    });
  }
  return { local, external };
}

/** Rewrites `req.params.x` / `req.params[0]` reads in one handler. Returns the uses it could not rewrite. */
function renameParams(ctx: StepContext, h: HandlerInfo, renames: Record<string, string>, arrays: string[]): { changed: boolean; problems: string[] } {
  const { j } = ctx;
  const problems: string[] = [];
  let changed = false;
  for (const member of memberUsesOf(j, h, 'req')) {
    const m = member.node;
    if (m.computed || m.property.name !== 'params') continue;
    const parent = member.parent.node;
    if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && member.name === 'object') {
      // req.params.x / req.params['x'] / req.params[0]
      let key: string | null = null;
      if (!parent.computed) key = parent.property.name;
      else if (parent.property.type === 'StringLiteral' || parent.property.type === 'NumericLiteral' || parent.property.type === 'Literal') key = String(parent.property.value);
      if (key === null) {
        if (Object.keys(renames).length) problems.push(`${j(parent).toSource()} reads a param by a computed key`);
        continue;
      }
      const to = renames[key];
      if (to === undefined) continue;
      if (IDENT.test(to)) {
        parent.computed = false;
        parent.property = j.identifier(to);
      } else {
        parent.computed = true;
        parent.property = j.stringLiteral(to);
      }
      changed = true;
      if (arrays.includes(key)) {
        // Express 5 gave the segments as an array; find-my-way gives one string.
        const outer = member.parent;
        const gp = outer.parent.node;
        const alreadySplit = gp.type === 'MemberExpression' && gp.property?.name === 'split' && outer.name === 'object';
        if (!alreadySplit) j(outer).replaceWith(j.callExpression(j.memberExpression(parent, j.identifier('split')), [j.stringLiteral('/')]));
      }
    } else if (parent.type === 'VariableDeclarator' && member.name === 'init' && parent.id.type === 'ObjectPattern') {
      for (const prop of parent.id.properties) {
        if (prop.type !== 'ObjectProperty' && prop.type !== 'Property') continue;
        const key = prop.computed ? null : (prop.key.name ?? String(prop.key.value));
        if (key === null || renames[key] === undefined) continue;
        const to = renames[key];
        if (prop.shorthand) prop.shorthand = false;
        prop.key = IDENT.test(to) ? j.identifier(to) : j.stringLiteral(to);
        changed = true;
        if (arrays.includes(key)) problems.push(`'${key}' was an array of path segments in Express 5; params['${to}'] is one string: split('/') it`);
      }
    } else if (Object.keys(renames).length) {
      problems.push(`req.params is used whole (${j(parent).toSource().slice(0, 60)}): ${describe(renames)}`);
    }
  }
  return { changed, problems };
}

/** Worded by the find-my-way side only, so that a second run (which sees `/x/*` as Express 4's
 * `[0]` wildcard) words the same marker the same way and does not add it twice. */
function describe(renames: Record<string, string>): string {
  const parts = Object.entries(renames)
    .filter(([, b]) => b !== '*')
    .map(([a, b]) => `'${a}' is now '${b}'`);
  if (Object.values(renames).includes('*')) parts.unshift("the wildcard is params['*'] (one string)");
  return parts.join(', ');
}

export const step: Step = {
  name: 'express-path-to-find-my-way',
  mightApply: (source) => /\.(get|post|put|delete|patch|options|head|all|route)\s*\(/.test(source),
  run(ctx) {
    const { j, root } = ctx;
    let changed = false;
    const byNode = new Map<AnyNode, HandlerInfo>();
    for (const h of findHandlers(j, root)) byNode.set(h.path.node, h);

    // `.route('/x')` chains carry the path too.
    root.find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'route' } } }).forEach((p: AnyPath) => {
      const arg = p.node.arguments[0];
      if (p.node.arguments.length !== 1 || !isPathLiteral(arg)) return;
      const r = convertExpressPath(pathValue(arg)!);
      if (!r.ok) {
        if (addTodo(ctx, p, `path cannot be converted to find-my-way: ${r.reason}`)) changed = true;
      } else if (r.path !== pathValue(arg)) {
        p.node.arguments[0] = j.stringLiteral(r.path);
        changed = true;
      }
    });

    for (const route of findRouteCalls(j, root)) {
      const pathNode = route.pathNode?.node;
      if (!pathNode) continue;
      if (!isPathLiteral(pathNode)) {
        const what = pathNode.type === 'RegExpLiteral' || pathNode.regex ? 'a regular expression' : pathNode.type === 'ArrayExpression' ? 'an array of paths' : 'computed';
        if (addTodo(ctx, route.call, `route path is ${what}: write it as one find-my-way path per route by hand`)) changed = true;
        continue;
      }
      const value = pathValue(pathNode)!;
      const r = convertExpressPath(value);
      if (!r.ok) {
        if (addTodo(ctx, route.call, `path cannot be converted to find-my-way: ${r.reason}`)) changed = true;
        continue;
      }
      if (r.path !== value) {
        j(route.pathNode!).replaceWith(j.stringLiteral(r.path));
        changed = true;
      }
      if (r.widens) ctx.report.note(`${route.method.toUpperCase()} ${value} (line ${route.call.node.loc?.start.line ?? 0}): ${r.widens}`);
      if (!Object.keys(r.renames).length) continue;
      const { local, external } = handlersOfRoute(route, byNode, (n) => j(n).toSource());
      const problems: string[] = [];
      for (const h of local) {
        const res = renameParams(ctx, h, r.renames, r.arrayParams);
        if (res.changed) changed = true;
        problems.push(...res.problems);
      }
      for (const name of external) problems.push(`handler ${name} (another module) reads params: ${describe(r.renames)}`);
      for (const msg of [...new Set(problems)]) if (addTodo(ctx, route.call, msg)) changed = true;
    }
    return changed;
  },
};

export default toTransform(step);
