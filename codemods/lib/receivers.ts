/**
 * Receivers by scope, for the API-call steps.
 *
 * A step never matches `res.json(...)` by the name `res`: it asks which identifiers in a handler's body
 * resolve (through scope) to the handler's own response parameter, whatever it is called (`res`,
 * `reply`, `r`, `response`), and rewrites calls on those. Handlers come from `findHandlers` in
 * `./handlers` (shared with the structural steps); this file adds what the API-call steps need on top:
 * references, member-call chains (`res.status(404).json(x)`), tail position, and statement helpers.
 */
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import { addTodo, TODO_MARKER } from './step';

export type Role = 'err' | 'req' | 'res' | 'next';

/** Same shape as HandlerInfo in ./handlers (TEMPORARY local discovery until it lands). */
export interface Handler {
  path: ASTPath<any>;
  form: 'express' | 'fastify';
  kind: 'route' | 'middleware' | 'error' | 'param';
  params: Partial<Record<Role, any>>;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'head', 'all']);
const isFn = (n: any) => n && /^(FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/.test(n.type);

function findHandlers(j: JSCodeshift, root: Collection): Handler[] {
  const out: Handler[] = [];
  const seen = new Set<any>();
  const fastifyFile = root.find(j.Identifier).some((p: any) => /^Fastify(Request|Reply|Instance)$/.test(p.node.name)) ||
    root.find(j.StringLiteral).some((p: any) => p.node.value === 'fastify' || p.node.value === 'fastify-plugin');
  const add = (fn: ASTPath<any>, kind: Handler['kind'], form: Handler['form']) => {
    if (seen.has(fn.node)) return;
    seen.add(fn.node);
    const ps = fn.node.params.map((p: any) => (p.type === 'Identifier' ? p.name : p.type === 'AssignmentPattern' ? undefined : undefined));
    let params: Handler['params'];
    if (form === 'fastify') params = kind === 'error' ? { err: ps[0], req: ps[1], res: ps[2] } : { req: ps[0], res: ps[1], next: ps[2] };
    else if (kind === 'error') params = { err: ps[0], req: ps[1], res: ps[2], next: ps[3] };
    else params = { req: ps[0], res: ps[1], next: ps[2] };
    out.push({ path: fn, form, kind, params });
  };
  const resolve = (arg: ASTPath<any>): ASTPath<any> | undefined => {
    if (isFn(arg.node)) return arg;
    if (arg.node.type !== 'Identifier') return undefined;
    let found: ASTPath<any> | undefined;
    root.find(j.FunctionDeclaration, { id: { name: arg.node.name } }).forEach((p) => { found = found ?? p; });
    root.find(j.VariableDeclarator, { id: { name: arg.node.name } }).forEach((p) => {
      if (isFn(p.node.init)) found = found ?? p.get('init');
    });
    return found;
  };
  root.find(j.CallExpression).forEach((call) => {
    const callee = call.node.callee;
    if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
    const m = callee.property.name;
    const args = call.get('arguments');
    const n = call.node.arguments.length;
    if (ROUTE_METHODS.has(m) || m === 'use' || m === 'param') {
      for (let i = 0; i < n; i++) {
        const a = args.get(i);
        if (a.node.type === 'ObjectExpression') {
          a.get('properties').each((prop: any) => {
            if (prop.node.key?.name === 'handler' && isFn(prop.node.value)) add(prop.get('value'), 'route', 'fastify');
          });
          continue;
        }
        const fn = resolve(a);
        if (!fn) continue;
        const np = fn.node.params.length;
        if (m === 'param') add(fn, 'param', 'express');
        else if (m === 'use') add(fn, np >= 4 ? 'error' : 'middleware', fastifyFile && np <= 2 ? 'fastify' : 'express');
        else add(fn, i === n - 1 ? 'route' : 'middleware', fastifyFile && np <= 2 ? 'fastify' : 'express');
      }
    } else if (m === 'addHook' && n >= 2) {
      const fn = resolve(args.get(n - 1));
      if (fn) add(fn, 'middleware', 'fastify');
    } else if (m === 'setErrorHandler' && n >= 1) {
      const fn = resolve(args.get(0));
      if (fn) add(fn, 'error', 'fastify');
    }
  });
  // Controllers: functions whose first two params are a request and a response, by name or type.
  root.find(j.Function).forEach((fn: any) => {
    const [a, b] = fn.node.params;
    if (!a || !b || a.type !== 'Identifier' || b.type !== 'Identifier') return;
    const t = (p: any) => p.typeAnnotation?.typeAnnotation?.typeName?.name ?? p.typeAnnotation?.typeAnnotation?.typeName?.right?.name;
    const typed = /Reply$/.test(t(b) ?? '') ? 'fastify' : /^Response$/.test(t(b) ?? '') ? 'express' : undefined;
    const named = /^req(uest)?$/.test(a.name) && /^(res|response|reply)$/.test(b.name);
    if (!typed && !named) return;
    const np = fn.node.params.length;
    add(fn, np >= 4 ? 'error' : 'route', typed ?? (b.name === 'reply' ? 'fastify' : 'express'));
  });
  return out;
}

/** Handlers of the file, minus those already wrapped in the Express adapter (they stay Express code). */
export function handlersOf(j: JSCodeshift, root: Collection): Handler[] {
  return findHandlers(j, root).filter((h) => !isAdapterWrapped(h.path));
}

/** True when the function is the argument of `fromExpressHandler(...)` / `fromExpressMiddleware(...)`. */
export function isAdapterWrapped(fn: ASTPath<any>): boolean {
  const parent = fn.parent?.node;
  return (
    parent?.type === 'CallExpression' &&
    parent.callee.type === 'Identifier' &&
    /^fromExpress(Handler|Middleware)$/.test(parent.callee.name)
  );
}

/** Name of the identifier parameter playing `role`, or undefined (destructured or absent). */
export function paramName(h: Handler, role: Role): string | undefined {
  const p: any = h.params[role];
  if (!p) return undefined;
  if (typeof p === 'string') return p;
  if (p.type === 'Identifier') return p.name;
  if (p.node?.type === 'Identifier') return p.node.name;
  return undefined;
}

/** Is this Identifier path a reference (not a property key, a type name, a label)? */
export function isReference(p: ASTPath<any>): boolean {
  const parent = p.parent?.node;
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return p.name !== 'property' || parent.computed;
    case 'Property':
    case 'ObjectProperty':
      return p.name === 'value' || parent.computed;
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassProperty':
    case 'MethodDefinition':
      return p.name !== 'key' || parent.computed;
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'TSTypeReference':
    case 'TSQualifiedName':
    case 'TSPropertySignature':
    case 'ImportSpecifier':
    case 'ExportSpecifier':
      return false;
    default:
      return true;
  }
}

/** Identifier paths inside the handler's body that resolve to its `role` parameter. */
export function refsTo(j: JSCodeshift, h: Handler, role: Role): ASTPath<any>[] {
  const name = paramName(h, role);
  if (!name) return [];
  const fnScope = h.path.scope;
  const out: ASTPath<any>[] = [];
  j(h.path.get('body'))
    .find(j.Identifier, { name })
    .forEach((p) => {
      if (!isReference(p)) return;
      if (p.scope && p.scope.lookup(name) !== fnScope) return;
      out.push(p);
    });
  return out;
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
