/**
 * Receivers by scope, for the API-call steps.
 *
 * A step never matches `res.json(...)` by the name `res`: it asks which identifiers in a handler's body
 * resolve (through scope) to the handler's own response parameter, whatever it is called (`res`,
 * `reply`, `r`, `response`), and rewrites calls on those. Handlers come from `findHandlers` in
 * `./handlers` (shared with the structural steps); this file adds what the API-call steps need on top:
 * references, member-call chains (`res.status(404).json(x)`), tail position, and statement helpers.
 */
import nodePath from 'node:path';
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { addTodo, TODO_MARKER } from './step';
import { findHandlers, type HandlerInfo } from './handlers';
import { paramReferences, paramReferencesAny, resolveBinding } from './ast';
import { EXPRESS_ONLY_REQUEST } from './handlers';

export type Role = 'err' | 'req' | 'res' | 'next';

export type Handler = HandlerInfo;

/** Handlers of the file, minus those already wrapped in the Express adapter (they stay Express code). */
export function handlersOf(j: JSCodeshift, root: Collection, opts: { withEscaping?: boolean } = {}): Handler[] {
  // Earlier steps may have changed the tree since the caches were filled: start them afresh.
  callSites.delete(root.get().node);
  fnPathsByTree.delete(root.get().node);
  return findHandlers(j, root).filter(
    (h) =>
      !h.adapted &&
      !isAdapterWrapped(h.path) &&
      !(h.registeredOn === null && calledInFile(j, root, h)) &&
      (opts.withEscaping || escapeReasons(j, h).length === 0),
  );
}

/**
 * A function found only by its shape that this file calls (`renderReport(id, res)`) is a helper of
 * some handler, not a handler: it gets whatever that handler passes (Express's res behind the
 * adapter), so the API steps leave it alone.
 */
function calledInFile(j: JSCodeshift, root: Collection, h: Handler): boolean {
  const fn = h.path.node;
  const name = fn.id?.name ?? (h.path.parent?.node.type === 'VariableDeclarator' ? h.path.parent.node.id?.name : undefined);
  if (!name) return false;
  let byName = callSites.get(root.get().node);
  if (!byName) {
    byName = new Map();
    callSites.set(root.get().node, byName);
    root.find(j.CallExpression, { callee: { type: 'Identifier' } }).forEach((call: any) => {
      const list = byName!.get(call.node.callee.name) ?? [];
      list.push(call);
      byName!.set(call.node.callee.name, list);
    });
  }
  return (byName.get(name) ?? []).some((call: any) => {
    const b = resolveBinding(call.get('callee'), name);
    return !!b && (b.node === fn || b.node?.init === fn);
  });
}

/** Per-tree caches (keyed by the Program / File node, so a new parse starts fresh). */
const callSites = new WeakMap<object, Map<string, ASTPath<any>[]>>();
const fnPathsByTree = new WeakMap<object, Map<any, ASTPath<any>>>();

/** Function node → its path, for the tree `anyPath` belongs to. */
function functionPaths(j: JSCodeshift, anyPath: ASTPath<any>): Map<any, ASTPath<any>> {
  let top: any = anyPath;
  while (top.parentPath) top = top.parentPath;
  let map = fnPathsByTree.get(top.value);
  if (!map) {
    map = new Map();
    fnPathsByTree.set(top.value, map);
    j(top as ASTPath<any>)
      .find(j.Function)
      .forEach((p) => {
        map!.set(p.node, p);
      });
  }
  return map;
}

/** Response members some step rewrites or marks (Express and Fastify names). */
const KNOWN_RES = new Set([
  'json', 'send', 'status', 'sendStatus', 'end', 'redirect', 'set', 'header', 'type', 'contentType', 'append', 'vary',
  'cookie', 'clearCookie', 'locals', 'render', 'sendFile', 'download', 'format', 'location', 'get', 'setHeader',
  'headersSent', 'jsonp', 'attachment', 'statusCode',
  'code', 'headers', 'getHeader', 'getHeaders', 'removeHeader', 'hasHeader', 'sent', 'setCookie', 'view', 'log', 'request',
  'serialize', 'callNotFound', 'hijack', 'raw', 'then', 'elapsedTime', 'redirect',
]);
/** Request members a Fastify request has, or some step rewrites or marks. */
const KNOWN_REQ = new Set([
  'headers', 'body', 'params', 'query', 'user', 'get', 'header', 'cookies', 'signedCookies', 'ip', 'ips', 'hostname',
  'protocol', 'originalUrl', 'path', 'url', 'method', 'is', 'accepts', 'acceptsLanguages', 'acceptsEncodings',
  'acceptsCharsets', 'secure', 'xhr', 'baseUrl', 'session', 'log', 'id', 'raw', 'routeOptions', 'server', 'port',
  'unsignCookie', 'validationError', 'host', 'socket', 'locals',
]);

/** Request members of Express / Node's IncomingMessage with no Fastify request counterpart (other
 * unknown members are the app's own properties, e.g. `req.user`, `req.startedAt`: decorations). */
const REQ_NODE_ONLY = new Set([
  'pipe', 'on', 'once', 'off', 'addListener', 'removeListener', 'resume', 'pause', 'read', 'unpipe', 'setEncoding',
  'connection', 'app', 'res', 'route', 'fresh', 'stale', 'range', 'param', 'file', 'files', 'next', 'aborted',
  'complete', 'rawHeaders', 'trailers', 'httpVersion', 'destroy', 'setTimeout', 'statusCode', 'statusMessage',
  // Added to Express's request by passport and connect-flash; a Fastify request has none of them.
  'isAuthenticated', 'isUnauthenticated', 'login', 'logIn', 'logout', 'logOut', 'flash',
]);

/** Response members only Express has: a helper using them stays Express code. */
const EXPRESS_ONLY_RES = new Set([
  'json', 'jsonp', 'status', 'sendStatus', 'render', 'set', 'attachment', 'format', 'links', 'location', 'append', 'vary',
  'cookie', 'end', 'req', 'app', 'headersSent', 'writeHead', 'write', 'setHeader', 'statusMessage', 'contentType',
]);

/**
 * `helper(req)` where `helper` is a function of this file whose parameter is only read through
 * members a Fastify request has too (`req.params`, `req.user`, `req.headers`...): not an escape.
 * Likewise `helper(res)` whose parameter is only used through members the steps know on a reply
 * (e.g. the formatReply function res-render-and-files adds for res.format).
 */
function requestSafeHelper(j: JSCodeshift, ref: ASTPath<any>, call: any, role: 'req' | 'res' = 'req'): boolean {
  if (call.callee.type !== 'Identifier') return false;
  const index = call.arguments.indexOf(ref.node);
  if (index < 0) return false;
  const b = resolveBinding(ref.parent.get('callee'), call.callee.name);
  let fn: any;
  if (b?.kind === 'function') fn = b.node;
  else if (b?.kind === 'var' && /Function/.test(b.node.init?.type ?? '')) fn = b.node.init;
  const param = fn?.params?.[index];
  if (!fn || param?.type !== 'Identifier') return false;
  const fnPath = functionPaths(j, ref).get(fn);
  if (!fnPath) return false;
  const uses = paramReferences(j, fnPath, param.name).filter((p) => p.node !== param);
  return uses.every((u) => {
    const m = u.parent.node;
    if ((m.type !== 'MemberExpression' && m.type !== 'OptionalMemberExpression') || m.object !== u.node || m.computed) return false;
    const name = m.property.name;
    // A helper that still speaks Express (res.status, res.json...) is not rewritten by any step.
    if (role === 'res') return KNOWN_RES.has(name) && !EXPRESS_ONLY_RES.has(name);
    return !EXPRESS_ONLY_REQUEST.has(name) && !REQ_NODE_ONLY.has(name);
  });
}

/**
 * Why an Express-form handler cannot be migrated natively: its request or response escapes (passed
 * to a function, stored, aliased, returned) or it uses a member no step knows. Empty when it can.
 * Fastify-form handlers never escape by this test (the adapter cannot take them any more).
 */
export function escapeReasons(j: JSCodeshift, h: Handler): string[] {
  if (h.form !== 'express') return [];
  const reasons: string[] = [];
  // Both parameters' references in one walk of the handler (refsTo would walk it once per role).
  const names = (['req', 'res'] as const).map((role) => paramName(h, role)).filter((n): n is string => !!n);
  const byName = names.length ? paramReferencesAny(j, h.path, names) : new Map<string, ASTPath<any>[]>();
  const params = new Set(h.path.node.params);
  const refsOf = (role: 'req' | 'res'): ASTPath<any>[] => {
    const name = paramName(h, role);
    if (!name) return [];
    return (byName.get(name) ?? []).filter((p) => !params.has(p.node) && p.parent?.node !== h.path.node);
  };
  for (const role of ['req', 'res'] as const) {
    const known = role === 'req' ? KNOWN_REQ : KNOWN_RES;
    for (const ref of refsOf(role)) {
      const parent = ref.parent.node;
      const name = ref.node.name;
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.object === ref.node) {
        if (parent.computed) reasons.push(`${name}[...] is read by a computed key`);
        else if (role === 'res' ? !known.has(parent.property.name) : REQ_NODE_ONLY.has(parent.property.name))
          reasons.push(`${name}.${parent.property.name} has no Fastify counterpart`);
        continue;
      }
      if (parent.type === 'VariableDeclarator' && parent.init === ref.node && parent.id.type === 'ObjectPattern') {
        const props = parent.id.properties.map((p: any) => p.key?.name).filter(Boolean);
        const unknown = props.filter((p: string) => !known.has(p));
        if (unknown.length || parent.id.properties.some((p: any) => p.type === 'RestElement')) reasons.push(`${name} is destructured into ${unknown.join(', ') || '...rest'}`);
        continue;
      }
      if (parent.type === 'CallExpression' && requestSafeHelper(j, ref, parent, role)) {
        // Passed to a function of this file that only uses what a Fastify request / reply also has.
        continue;
      }
      if (parent.type === 'CallExpression' || parent.type === 'NewExpression') {
        const callee = parent.callee;
        const fn = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? `.${callee.property.name}` : 'a function';
        reasons.push(`${name} is passed to ${fn}()`);
      } else if (parent.type === 'AssignmentExpression' || parent.type === 'VariableDeclarator') {
        reasons.push(`${name} is stored in a variable or property`);
      } else if (parent.type === 'ReturnStatement' && enclosingFunction(ref)?.node === h.path.node) {
        // `return reply` from the handler itself: Express ignores it, Fastify's async hooks need it.
        continue;
      } else if (parent.type === 'ReturnStatement' || parent.type === 'ArrowFunctionExpression') {
        reasons.push(`${name} is returned`);
      } else if (parent.type === 'ObjectProperty' || parent.type === 'Property' || parent.type === 'ArrayExpression' || parent.type === 'SpreadElement') {
        reasons.push(`${name} is put in an object or array`);
      } else if (parent.type === 'BinaryExpression' || parent.type === 'UnaryExpression' || parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression') {
        continue;
      } else {
        reasons.push(`${name} escapes (${parent.type})`);
      }
    }
  }
  return [...new Set(reasons)];
}

/** True when the function is the argument of `fromExpressHandler(...)` / `fromExpressMiddleware(...)`. */
export function isAdapterWrapped(fn: ASTPath<any>): boolean {
  const isAdapterCall = (n: any) => n?.type === 'CallExpression' && n.callee.type === 'Identifier' && /^fromExpress(Handler|Middleware)$/.test(n.callee.name);
  const parent = fn.parent?.node;
  // Directly, or through one wrapping call: fromExpressHandler(asyncHandler(async (req, res) => ...)).
  return isAdapterCall(parent) || (parent?.type === 'CallExpression' && parent.arguments.includes(fn.node) && isAdapterCall(fn.parent.parent?.node));
}

/** Name of the identifier parameter playing `role`, or undefined (destructured or absent). */
export function paramName(h: Handler, role: Role): string | undefined {
  return h.params[role];
}

/** Identifier paths inside the handler that resolve (block-aware, by scope) to its `role` parameter. */
/**
 * The app's own request properties a handler reads or writes (`req.payload.id`, `req.tenant`): members
 * neither Express, Node nor Fastify define. Express middleware behind the adapter sets such properties
 * on Express's request; the adapter mirrors them on Fastify's only when told (`requestProperties`).
 */
export function ownRequestMembers(j: JSCodeshift, h: Handler): string[] {
  const out = new Set<string>();
  for (const ref of refsTo(j, h, 'req')) {
    const m = ref.parent.node;
    if ((m.type !== 'MemberExpression' && m.type !== 'OptionalMemberExpression') || m.object !== ref.node || m.computed) continue;
    if (m.property.type !== 'Identifier') continue;
    const name: string = m.property.name;
    if (!KNOWN_REQ.has(name) && !REQ_NODE_ONLY.has(name) && !EXPRESS_ONLY_REQUEST.has(name)) out.add(name);
  }
  return [...out].sort();
}

export function refsTo(j: JSCodeshift, h: Handler, role: Role): ASTPath<any>[] {
  const name = paramName(h, role);
  if (!name) return [];
  const params = new Set(h.path.node.params);
  return paramReferences(j, h.path, name).filter((p) => !params.has(p.node) && p.parent?.node !== h.path.node);
}

export interface ChainLink {
  name: string;
  /** The CallExpression `<...>.name(args)`. */
  call: ASTPath<any>;
}

/**
 * From a receiver reference, the chain of method calls on it: `res.status(404).set('a', 'b').json(x)`
 * gives [status, set, json]. Stops at the first link that is not a call of a plain member.
 */
export function chainFrom(ref: ASTPath<any>): ChainLink[] {
  const links: ChainLink[] = [];
  let cur = ref;
  for (;;) {
    const member = cur.parent;
    if (!member || member.node.type !== 'MemberExpression' || member.node.object !== cur.node) break;
    if (member.node.computed || member.node.property.type !== 'Identifier') break;
    const call = member.parent;
    if (!call || call.node.type !== 'CallExpression' || call.node.callee !== member.node) break;
    links.push({ name: member.node.property.name, call });
    cur = call;
  }
  return links;
}

/** `R.name(...)` call paths where R is a reference to the handler's `role` parameter. */
export function callsOn(j: JSCodeshift, h: Handler, role: Role, names: readonly string[]): ASTPath<any>[] {
  const out: ASTPath<any>[] = [];
  for (const ref of refsTo(j, h, role)) {
    const first = chainFrom(ref)[0];
    if (first && names.includes(first.name)) out.push(first.call);
  }
  return out;
}

/** Method name of a call `x.name(...)`. */
export function methodOf(call: ASTPath<any>): string | undefined {
  const callee = call.node.callee;
  return callee?.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : undefined;
}

/** The function that lexically encloses `p` (nearest Function node path). */
export function enclosingFunction(p: ASTPath<any>): ASTPath<any> | undefined {
  let cur = p.parent;
  while (cur && !/Function/.test(cur.node.type) && cur.node.type !== 'ObjectMethod' && cur.node.type !== 'ClassMethod') {
    cur = cur.parent;
  }
  return cur;
}

/** True when `p` runs in the handler's own body, not in a nested callback. */
export function inOwnBody(h: Handler, p: ASTPath<any>): boolean {
  return enclosingFunction(p)?.node === h.path.node;
}

/** The statement path holding expression `p` directly (`p` is its expression / argument), if any. */
export function statementOf(p: ASTPath<any>): ASTPath<any> | undefined {
  let cur = p;
  // Allow `await x` around the expression.
  if (cur.parent?.node.type === 'AwaitExpression') cur = cur.parent;
  const parent = cur.parent;
  if (!parent) return undefined;
  if (parent.node.type === 'ExpressionStatement' && parent.node.expression === cur.node) return parent;
  if (parent.node.type === 'ReturnStatement' && parent.node.argument === cur.node) return parent;
  return undefined;
}

/**
 * Tail position: after this statement the handler does nothing more. True for any `return`, and for a
 * statement that is last in its block when that block is the function body or a branch of an `if`
 * (or a `try`/`catch` block) that is itself in tail position.
 */
export function isTail(h: Handler, stmt: ASTPath<any>): boolean {
  if (enclosingFunction(stmt)?.node !== h.path.node) return false;
  if (stmt.node.type === 'ReturnStatement') return true;
  let cur = stmt;
  for (;;) {
    const block = cur.parent;
    if (!block) return false;
    if (block.node.type === 'BlockStatement') {
      const body = block.node.body;
      if (body[body.length - 1] !== cur.node) return false;
      const owner = block.parent;
      if (!owner) return false;
      if (owner.node === h.path.node) return true;
      if (owner.node.type === 'IfStatement' || owner.node.type === 'CatchClause') {
        cur = owner.node.type === 'CatchClause' ? owner.parent : owner;
        continue;
      }
      if (owner.node.type === 'TryStatement') {
        if (owner.node.finalizer === block.node) return false;
        cur = owner;
        continue;
      }
      return false;
    }
    if (block.node.type === 'IfStatement') {
      cur = block;
      continue;
    }
    return false;
  }
}

/** The statement after `stmt` in its block, if any. */
export function nextStatement(stmt: ASTPath<any>): ASTPath<any> | undefined {
  const block = stmt.parent;
  if (!block || !Array.isArray(block.node.body)) return undefined;
  const i = block.node.body.indexOf(stmt.node);
  if (i < 0 || i + 1 >= block.node.body.length) return undefined;
  return block.get('body', i + 1);
}

/** Replace a statement, keeping its comments. */
export function replaceStatement(stmt: ASTPath<any>, next: any): void {
  if (stmt.node.comments) next.comments = stmt.node.comments;
  stmt.replace(next);
}

/**
 * Turn an expression statement into `return <value>` in place: recast then reprints that one line and
 * keeps the blank lines and comments around it (a replaced node loses them).
 */
export function toReturn(stmt: ASTPath<any>, value: any): void {
  const n = stmt.node;
  n.type = 'ReturnStatement';
  n.argument = value;
  delete n.expression;
}

/** A string literal's value, if the node is one. */
export function stringValue(node: any): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral' || (node.type === 'Literal' && typeof node.value === 'string')) return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return undefined;
}

/** A numeric literal's value, if the node is one. */
export function numberValue(node: any): number | undefined {
  if (!node) return undefined;
  if (node.type === 'NumericLiteral' || (node.type === 'Literal' && typeof node.value === 'number')) return node.value;
  return undefined;
}

/** Does the text of the file mention any of these member names (cheap `mightApply`)? */
export function mentionsAny(source: string, names: readonly string[]): boolean {
  return names.some((n) => source.includes(`.${n}`));
}

/**
 * In a route handler, make the statement holding `call` (an outermost send-like call) return it when
 * it is in tail position, or when the next statement is a bare `return;` (absorbed). True if changed.
 */
export function returnIfTail(h: Handler, call: ASTPath<any>): boolean {
  if (h.kind !== 'route' || enclosingFunction(call)?.node !== h.path.node) return false;
  const stmt = statementOf(call);
  if (!stmt || stmt.node.type !== 'ExpressionStatement') return false;
  const value = stmt.node.expression;
  if (isTail(h, stmt)) {
    toReturn(stmt, value);
    return true;
  }
  const after = nextStatement(stmt);
  if (after && after.node.type === 'ReturnStatement' && after.node.argument == null && !after.node.comments?.length) {
    after.prune();
    toReturn(stmt, value);
    return true;
  }
  return false;
}

/** Every chain link called on the handler's `role` parameter, with its chain. */
export function linksOn(j: JSCodeshift, h: Handler, role: Role): { link: ChainLink; chain: ChainLink[]; index: number; ref: ASTPath<any> }[] {
  const out: { link: ChainLink; chain: ChainLink[]; index: number; ref: ASTPath<any> }[] = [];
  for (const ref of refsTo(j, h, role)) {
    const chain = chainFrom(ref);
    chain.forEach((link, index) => out.push({ link, chain, index, ref }));
  }
  return out;
}

/** Leave a marker once; true only when it was not there yet (so a re-run reports no change). */
export function todoOnce(ctx: { report: any; options: any }, at: ASTPath<any>, message: string): boolean {
  let target: any = at;
  while (target.parent && !/Statement|Declaration$/.test(target.node.type)) target = target.parent;
  const fresh = !(target.node.comments ?? []).some((c: any) => String(c.value).includes(`${TODO_MARKER}: ${message}`));
  addTodo(ctx as any, at, message);
  return fresh;
}

/** Source text of a node, for messages. */
export function textOf(j: JSCodeshift, node: any): string {
  return j(node).toSource({ quote: 'single' });
}

/** Is `p` inside the `block` of a try statement (not its catch/finally) within the handler's own body? */
export function inTryBlock(h: Handler, p: ASTPath<any>): boolean {
  let cur = p;
  while (cur.parent && cur.node !== h.path.node) {
    const parent = cur.parent.node;
    if (parent.type === 'TryStatement' && parent.block === cur.node) return true;
    if (/Function/.test(parent.type)) return false;
    cur = cur.parent;
  }
  return false;
}

/** The statement enclosing a path (nearest *Statement / *Declaration ancestor). */
export function enclosingStatement(p: ASTPath<any>): ASTPath<any> {
  let cur: any = p;
  while (cur.parent && !/Statement|Declaration$/.test(cur.node.type)) cur = cur.parent;
  return cur;
}

/** Removes marker comments matching `test` from the statement that holds `p`. True if removed. */
export function dropTodo(p: ASTPath<any>, test: (text: string) => boolean, report?: { todos: { message: string }[] }): boolean {
  const stmt = enclosingStatement(p).node;
  const before = stmt.comments?.length ?? 0;
  if (!before) return false;
  const dropped: string[] = [];
  stmt.comments = stmt.comments.filter((c: any) => {
    const text = String(c.value);
    if (!(text.includes(TODO_MARKER) && test(text))) return true;
    dropped.push(text.slice(text.indexOf(`${TODO_MARKER}: `) + TODO_MARKER.length + 2).trim());
    return false;
  });
  // The step that left the marker recorded it in the report: the record goes with the marker.
  if (report) {
    for (let i = report.todos.length - 1; i >= 0; i--) if (dropped.includes(report.todos[i].message)) report.todos.splice(i, 1);
  }
  return dropped.length > 0;
}

/** Drops the handler's trailing parameter for `role` when nothing refers to it any more. */
export function dropUnusedTrailingParam(j: JSCodeshift, h: Handler, role: Role): boolean {
  const name = paramName(h, role);
  const params = h.path.node.params;
  const last = params[params.length - 1];
  if (!name || !last || (last.type === 'Identifier' ? last.name : last.left?.name) !== name) return false;
  if (refsTo(j, h, role).length > 0) return false;
  params.pop();
  return true;
}

/** The module an identifier is imported (or required) from, if it is. */
export function importSource(at: any, name: string): string | undefined {
  const b = resolveBinding(at, name);
  if (!b) return undefined;
  if (b.kind === 'import') return b.source;
  let init = b.kind === 'var' ? b.node.init : undefined;
  while (init?.type === 'MemberExpression') init = init.object;
  if (init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require') {
    const a = init.arguments[0];
    return a && typeof a.value === 'string' ? a.value : undefined;
  }
  return undefined;
}

/**
 * Option `migratedModules` (string[] or comma-separated): modules whose middleware the same run
 * migrates to Fastify hooks (paths relative to the working directory, or bare specifiers). Their
 * imports are used natively here; everything else imported stays behind the adapter.
 */
export function isMigratedModule(ctx: { file: { path: string }; options: Record<string, unknown> }, source: string): boolean {
  const raw = ctx.options.migratedModules;
  const list: string[] = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' && raw ? raw.split(',') : [];
  if (!list.length) return false;
  const strip = (p: string) => p.replace(/\.(c|m)?(t|j)sx?$/, '').replace(/\/index$/, '');
  if (!source.startsWith('.')) return list.includes(source);
  const abs = strip(nodePath.resolve(nodePath.dirname(ctx.file.path), source));
  return list.some((e) => strip(nodePath.resolve(e.trim())) === abs);
}

