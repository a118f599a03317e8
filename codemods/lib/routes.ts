/**
 * Route registrations in a file, for the structural steps:
 *   app.get('/x', mw, handler)                     Express (or already rewritten: app.get('/x', { preHandler }, handler))
 *   router.route('/x').get(h).post(mw, h2)          Express route chains (see splitRouteChains)
 *   fastify.get('/x', opts, handler)                Fastify shorthand
 *   fastify.route({ method, url, handler })        Fastify full form
 * The receiver is classified by scope (lib/handlers receiverKind), never by its name alone.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import { type AnyNode, type AnyPath, hasIdentifierNamed, programOf } from './ast';
import { HTTP_METHODS, receiverKind } from './handlers';

const METHODS = new Set<string>(HTTP_METHODS);

export interface RouteCall {
  call: AnyPath;
  /** Lower-case method, 'all' for app.all; for fastify.route the literal method(s) or '?'. */
  method: string;
  receiver: 'express' | 'fastify';
  /** The path argument (string/template literal) or the `url` property value of fastify.route. */
  pathNode: AnyPath | null;
  /** Options object argument (Fastify shorthand) or the fastify.route object. */
  options: AnyPath | null;
  /** Handler-ish arguments in order (middleware then handler), not counting options. */
  fnArgs: AnyPath[];
}

export function isPathLiteral(n: AnyNode): boolean {
  return !!n && (n.type === 'StringLiteral' || (n.type === 'Literal' && typeof n.value === 'string') || (n.type === 'TemplateLiteral' && n.expressions.length === 0));
}

export function pathValue(n: AnyNode): string | null {
  if (!n) return null;
  if (n.type === 'StringLiteral' || (n.type === 'Literal' && typeof n.value === 'string')) return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0].value.cooked;
  return null;
}

function isPathArg(n: AnyNode): boolean {
  return isPathLiteral(n) || n?.type === 'RegExpLiteral' || n?.type === 'TemplateLiteral' || (n?.type === 'ArrayExpression' && n.elements.every((e: AnyNode) => isPathLiteral(e) || e?.type === 'RegExpLiteral')) || (n?.type === 'Literal' && n.regex);
}

/** Line of the source statement a built call came from (new nodes have no loc; recast must not see a fake one). */
const builtAt = new WeakMap<AnyNode, number>();

export function callLine(call: AnyNode): number {
  return call.loc?.start.line ?? builtAt.get(call) ?? 0;
}

/** `router.route('/x').get(h)` chains are left out: split them first. */
export function findRouteCalls(j: JSCodeshift, root: Collection): RouteCall[] {
  const out: RouteCall[] = [];
  root.find(j.CallExpression).forEach((call: AnyPath) => {
    const callee = call.node.callee;
    if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return;
    const method = callee.property.name;
    const args: AnyNode[] = call.node.arguments;
    if (callee.object.type === 'CallExpression') return; // part of a .route(p) chain
    if (method === 'route') {
      if (args.length !== 1 || args[0].type !== 'ObjectExpression') return;
      const kind = receiverKind(j, root, call.get('callee', 'object'));
      if (!kind) return;
      const props: AnyNode[] = args[0].properties;
      const urlIdx = props.findIndex((p) => (p.key?.name ?? p.key?.value) === 'url' || (p.key?.name ?? p.key?.value) === 'path');
      const methodProp = props.find((p) => (p.key?.name ?? p.key?.value) === 'method');
      const m = methodProp ? pathValue(methodProp.value)?.toLowerCase() ?? '?' : '?';
      out.push({
        call,
        method: m,
        receiver: kind,
        pathNode: urlIdx >= 0 ? call.get('arguments', 0, 'properties', urlIdx, 'value') : null,
        options: call.get('arguments', 0),
        fnArgs: [],
      });
      return;
    }
    if (!METHODS.has(method)) return;
    if (!isPathArg(args[0]) || args.length < 2) return; // app.get('setting') and friends
    const kind = receiverKind(j, root, call.get('callee', 'object'));
    if (!kind) return;
    let options: AnyPath | null = null;
    const fnArgs: AnyPath[] = [];
    for (let i = 1; i < args.length; i++) {
      if (args[i].type === 'ObjectExpression' && !options) options = call.get('arguments', i);
      else fnArgs.push(call.get('arguments', i));
    }
    out.push({ call, method, receiver: kind, pathNode: call.get('arguments', 0), options, fnArgs });
  });
  return out;
}

/**
 * `router.route('/x').get(h).post(mw, h2);` → `router.get('/x', h); router.post('/x', mw, h2);`
 * (comments of the statement stay on the first). Only statement-level chains on an Express
 * receiver with a literal path. Returns how many chains were split.
 */
export function splitRouteChains(j: JSCodeshift, root: Collection): number {
  let split = 0;
  if (!hasIdentifierNamed(programOf(root), 'route')) return 0; // a raw walk is far cheaper than find()
  root.find(j.ExpressionStatement).forEach((stmt: AnyPath) => {
    const links: { method: string; args: AnyNode[]; call: AnyNode }[] = [];
    let node = stmt.node.expression;
    let exprPath: AnyPath = stmt.get('expression');
    while (node?.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed) {
      const name = node.callee.property.name;
      if (name === 'route') break;
      if (!METHODS.has(name)) return;
      links.unshift({ method: name, args: node.arguments, call: node });
      node = node.callee.object;
      exprPath = exprPath.get('callee', 'object');
    }
    if (!links.length || node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.property.name !== 'route') return;
    const routeArgs: AnyNode[] = node.arguments;
    if (routeArgs.length !== 1 || !isPathArg(routeArgs[0])) return;
    if (receiverKind(j, root, exprPath.get('callee', 'object')) !== 'express') return;
    const receiver = node.callee.object;
    // `.all(mw)` in a chain with other methods is middleware of each of them (it calls next()):
    // as its own `all` route it would clash with them in Fastify (one handler per method and path).
    const allLinks = links.filter((l) => l.method === 'all');
    if (allLinks.length && allLinks.length < links.length) {
      const shared = allLinks.flatMap((l) => l.args);
      const others = links.filter((l) => l.method !== 'all').map((l) => ({ ...l, args: [...shared, ...l.args] }));
      if (allLinks[0].call.comments?.length) others[0].call = { ...others[0].call, comments: [...allLinks[0].call.comments, ...(others[0].call.comments ?? [])] };
      links.splice(0, links.length, ...others);
    }
    const statements = links.map((link, i) => {
      const s: AnyNode = j.expressionStatement(
        j.callExpression(j.memberExpression(receiver, j.identifier(link.method)), [i === 0 ? routeArgs[0] : { ...routeArgs[0] }, ...link.args]),
      );
      return s;
    });
    // Keep the line numbers of the original for reports.
    statements.forEach((s: AnyNode) => builtAt.set(s.expression, stmt.node.loc?.start.line ?? 0));
    // Comments inside the chain (`.get(h) // why`) are attached to the inner calls: keep them on their link.
    links.forEach((link, i) => {
      if (link.call !== stmt.node.expression && link.call.comments?.length) statements[i].comments = link.call.comments;
    });
    statements[0].comments = [...(stmt.node.comments ?? []), ...(statements[0].comments ?? [])];
    j(stmt).replaceWith(statements);
    split++;
  });
  return split;
}
