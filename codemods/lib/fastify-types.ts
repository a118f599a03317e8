/**
 * Type-level helpers for TypeScript output (JavaScript output never gets types): the shapes Express
 * gave `req.params` / `req.query` / `req.body`, written as Fastify route generics where migrated code
 * reads them, and Express's `Request` augmentation turned into Fastify's.
 *
 * Route generics. FastifyRequest's default generics make `request.params`, `request.query` and
 * `request.body` `unknown`, where Express typed them as dictionaries (`ParamsDictionary`, `ParsedQs`,
 * `any`). A function that reads them gets the shapes Express's parsers and Fastify's default ones both
 * produce (`EXPRESS_SHAPES`), and only the members it reads:
 *   fastify.get('/:id', (request, reply) => request.params.id)
 *     → fastify.get<{ Params: Record<string, string> }>('/:id', (request, reply) => request.params.id)
 *   function orderId(request: FastifyRequest) { return request.params.id }
 *     → function orderId(request: FastifyRequest<{ Params: Record<string, string> }>) { ... }
 * Where it goes:
 *   - a handler or hook written inline in `fastify.METHOD(...)` / `fastify.addHook(...)`: on the call
 *     (Fastify's documented form), merged over the call's inline functions;
 *   - a function whose request parameter is annotated `FastifyRequest` (helpers, exported
 *     controller handlers): on the annotation;
 *   - "reads" means `request.params.x`, `request.params[x]`, `const { x } = request.query`, and for the
 *     body `request.body.x` / `const { x } = request.body` (Body `Record<string, any>`: Express types
 *     req.body as any) or `request.body ?? {}` / `request.body || {}` (a body defaulted to an object:
 *     `Record<string, unknown> | undefined`, what express.json / express.urlencoded leave). Passing
 *     `request.query` on whole, or casting it, needs nothing;
 *   - a function that passes its request to a same-file function that needs a member needs it too
 *     (FastifyRequest<{}> is not assignable to FastifyRequest<{ Params: ... }>);
 *   - a route registered with preHandler hooks and a handler given by reference: TypeScript cannot
 *     infer the route generic from the handler when hooks are in the options, so a path with
 *     parameters states `Params: Record<string, string>` on the call (true of every such route).
 */
import type { Collection } from 'jscodeshift';
import { type AnyNode, type AnyPath, paramIdentifier, paramReferences, parseStatement, programOf, refreshDirectives, resolveBinding, usedNames, walk } from './ast';
import { HTTP_METHODS, receiverKind, type HandlerInfo } from './handlers';
import type { StepContext } from './step';

/** `BodyRead` is the Body of code that reads members of it (`request.body.name`): see EXPRESS_SHAPES. */
export type ShapeKey = 'Params' | 'Querystring' | 'Body' | 'BodyRead';

/**
 * What Express's (and Fastify's default) parsers give, member by member, in the order written.
 * Express types `req.body` as `any`; code that reads `request.body.x` gets `Record<string, any>`
 * (Fastify turns `Body: any` into `unknown`), code that only defaults it (`request.body ?? {}`)
 * the stricter `Record<string, unknown> | undefined`.
 */
export const EXPRESS_SHAPES: Record<ShapeKey, string> = {
  Params: 'Record<string, string>',
  Querystring: 'Record<string, string | string[] | undefined>',
  Body: 'Record<string, unknown> | undefined',
  BodyRead: 'Record<string, any>',
};
const KEY_ORDER: ShapeKey[] = ['Params', 'Querystring', 'Body', 'BodyRead'];
const MEMBER_KEY: Record<string, ShapeKey> = { params: 'Params', query: 'Querystring', body: 'Body' };
const METHODS = new Set<string>(HTTP_METHODS);
const ROUTE_CALLS = new Set<string>([...HTTP_METHODS, 'addHook']);

export function isTypeScriptFile(filePath: string): boolean {
  return /\.(ts|mts|cts|tsx)$/.test(filePath) && !filePath.endsWith('.d.ts');
}

/** `{ Params: Record<string, string>; Querystring: ... }` as a type-argument list node. */
export function routeGenericArguments(ctx: StepContext, keys: Iterable<ShapeKey>): AnyNode {
  const set = new Set(keys);
  if (set.has('BodyRead')) set.delete('Body');
  const members = KEY_ORDER.filter((k) => set.has(k)).map((k) => `${k === 'BodyRead' ? 'Body' : k}: ${EXPRESS_SHAPES[k]}`);
  const alias = parseStatement(ctx.j, `type _ = X<{ ${members.join('; ')} }>;`);
  return alias.typeAnnotation.typeParameters;
}

/** Keys named in an existing `<{ Params: ...; Querystring: ... }>`. */
function keysOf(typeParameters: AnyNode): Set<ShapeKey> {
  const out = new Set<ShapeKey>();
  const lit = typeParameters?.params?.[0];
  if (lit?.type !== 'TSTypeLiteral') return out;
  for (const m of lit.members) {
    const name = m.key?.name as string | undefined;
    if (name === 'Params' || name === 'Querystring') out.add(name);
    if (name === 'Body') {
      // Record<string, any> is what member reads got (BodyRead).
      const t = m.typeAnnotation?.typeAnnotation;
      const anyValues = t?.type === 'TSTypeReference' && t.typeParameters?.params?.[1]?.type === 'TSAnyKeyword';
      out.add(anyValues ? 'BodyRead' : 'Body');
    }
  }
  return out;
}

interface Candidate {
  path: AnyPath;
  requestName: string;
  /** The registration call, for an inline handler / hook. */
  call: AnyNode | null;
  /** The `FastifyRequest` annotation, for a declared function. */
  annotation: AnyNode | null;
  needs: Set<ShapeKey>;
  /** Same-file functions this one hands its request to: (callee name, argument index). */
  passes: { name: string; index: number }[];
  done: boolean;
}

function unwrap(n: AnyNode): AnyNode {
  while (n && (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression')) n = n.expression;
  return n;
}

/** A `fastify.METHOD(...)` / `fastify.addHook(...)` call on a Fastify receiver, or null. */
function fastifyRegistration(ctx: StepContext, callPath: AnyPath): AnyNode | null {
  const call = callPath.node;
  if (call?.type !== 'CallExpression') return null;
  const callee = call.callee;
  if (callee?.type !== 'MemberExpression' || callee.computed || !ROUTE_CALLS.has(callee.property?.name)) return null;
  return receiverKind(ctx.j, ctx.root, callPath.get('callee', 'object')) === 'fastify' ? call : null;
}

function directNeeds(ctx: StepContext, c: Candidate): void {
  for (const ref of paramReferences(ctx.j, c.path, c.requestName)) {
    const parentPath = ref.parent;
    const parent = parentPath?.node;
    if (parent?.type === 'CallExpression' && parent.arguments.includes(ref.node) && parent.callee.type === 'Identifier') {
      c.passes.push({ name: parent.callee.name, index: parent.arguments.indexOf(ref.node) });
      continue;
    }
    if ((parent?.type !== 'MemberExpression' && parent?.type !== 'OptionalMemberExpression') || parent.object !== ref.node || parent.computed) continue;
    const key = MEMBER_KEY[parent.property?.name];
    if (!key) continue;
    const grand = parentPath.parent?.node;
    const memberRead = (grand?.type === 'MemberExpression' || grand?.type === 'OptionalMemberExpression') && grand.object === parent;
    const destructured = grand?.type === 'VariableDeclarator' && grand.init === parent && grand.id.type === 'ObjectPattern';
    const defaulted =
      grand?.type === 'LogicalExpression' && (grand.operator === '??' || grand.operator === '||') && grand.left === parent && grand.right.type === 'ObjectExpression';
    if (key === 'Body') {
      if (memberRead || destructured) c.needs.add('BodyRead');
      else if (defaulted) c.needs.add('Body');
    } else if (memberRead || destructured) c.needs.add(key);
  }
}

/** The function's first parameter is annotated with a type (FastifyRequest or another). */
function annotatedRequest(fn: AnyNode): boolean {
  return !!paramIdentifier(fn.params?.[0])?.typeAnnotation;
}

/** Adds route generics where migrated code reads request.params / query / body (see the header). */
export function addRouteGenerics(ctx: StepContext, handlers: readonly HandlerInfo[]): boolean {
  if (!isTypeScriptFile(ctx.file.path)) return false;
  const { j, root } = ctx;
  const candidates: Candidate[] = [];
  const byFunction = new Map<AnyNode, Candidate>();
  const inlineCalls = new Map<AnyNode, Candidate[]>();

  const consider = (path: AnyPath): void => {
    const fn = path.node;
    if (byFunction.has(fn)) return;
    let candidate: Candidate | null = null;
    // Inline in a registration call, its request parameter not annotated: on the call. (An annotated
    // one, `(request: FastifyRequest, reply) => ...` from `(req: Request, res)`, reads through its
    // annotation, whatever the call states: the generics go on the annotation, below.)
    const parent = path.parent;
    if (parent?.node.type === 'CallExpression' && parent.node.arguments.includes(fn) && !annotatedRequest(fn)) {
      const call = fastifyRegistration(ctx, parent);
      const name = call ? paramIdentifier(fn.params[0])?.name : undefined;
      if (call && name) {
        const typed = call.typeParameters ?? call.typeArguments;
        candidate = { path, requestName: name, call, annotation: null, needs: typed ? keysOf(typed) : new Set(), passes: [], done: !!typed };
        inlineCalls.set(call, [...(inlineCalls.get(call) ?? []), candidate]);
      }
    }
    if (!candidate) {
      for (const param of fn.params ?? []) {
        const id = paramIdentifier(param);
        const ann = id?.typeAnnotation?.typeAnnotation;
        if (ann?.type !== 'TSTypeReference' || ann.typeName.type !== 'Identifier' || ann.typeName.name !== 'FastifyRequest') continue;
        candidate = { path, requestName: id.name, call: null, annotation: ann, needs: ann.typeParameters ? keysOf(ann.typeParameters) : new Set(), passes: [], done: !!ann.typeParameters };
        break;
      }
    }
    if (!candidate) return;
    if (!candidate.done) directNeeds(ctx, candidate);
    candidates.push(candidate);
    byFunction.set(fn, candidate);
  };
  // The handlers discovery found (inline in registrations, exported controllers), then the file's
  // top-level functions (helpers): no walk of the whole file.
  for (const h of handlers) if (!h.adapted) consider(h.path);
  const bodyPath = (root.paths()[0] as AnyPath).get('program', 'body');
  programOf(root).body.forEach((st: AnyNode, i: number) => {
    let p: AnyPath = bodyPath.get(i);
    if (st.type === 'ExportNamedDeclaration' && st.declaration) p = p.get('declaration');
    const node = p.node;
    if (node.type === 'FunctionDeclaration') consider(p);
    else if (node.type === 'VariableDeclaration') {
      node.declarations.forEach((d: AnyNode, k: number) => {
        if (d.init?.type === 'ArrowFunctionExpression' || d.init?.type === 'FunctionExpression') consider(p.get('declarations', k, 'init'));
      });
    }
  });

  // Same-file functions by name: `function f(request: FastifyRequest)` / `const f = (request: ...) =>`.
  const named = new Map<string, Candidate>();
  for (const c of candidates) {
    const fn = c.path.node;
    if (fn.type === 'FunctionDeclaration' && fn.id) named.set(fn.id.name, c);
    const holder = c.path.parent?.node;
    if (holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' && unwrap(holder.init) === fn) named.set(holder.id.name, c);
  }
  const requestIndex = (c: Candidate): number => c.path.node.params.findIndex((p: AnyNode) => paramIdentifier(p)?.name === c.requestName);
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of candidates) {
      if (c.done) continue;
      for (const { name, index } of c.passes) {
        const callee = named.get(name);
        if (!callee || callee === c || requestIndex(callee) !== index) continue;
        for (const k of callee.needs) {
          if (!c.needs.has(k)) {
            c.needs.add(k);
            changed = true;
          }
        }
      }
    }
  }

  let changed = false;
  for (const c of candidates) {
    if (c.done || !c.annotation || !c.needs.size) continue;
    c.annotation.typeParameters = routeGenericArguments(ctx, c.needs);
    changed = true;
  }
  for (const [call, inline] of inlineCalls) {
    if (inline.some((c) => c.done)) continue;
    const needs = new Set<ShapeKey>();
    for (const c of inline) for (const k of c.needs) needs.add(k);
    if (!needs.size) continue;
    call.typeParameters = routeGenericArguments(ctx, needs);
    changed = true;
  }
  if (referencedHandlersBehindHooks(ctx, named)) changed = true;
  return changed;
}

/** `fastify.put('/:sku', { preHandler: [...] }, products.replaceProduct)` → `fastify.put<{ Params: ... }>(...)`. */
function referencedHandlersBehindHooks(ctx: StepContext, named: Map<string, Candidate>): boolean {
  const { j, root } = ctx;
  let changed = false;
  // A plain walk first: most files have no such registration, and then no NodePaths are built.
  let any = false;
  walk(programOf(root), (n) => {
    if (any) return false;
    if (n.type === 'ObjectExpression' && n.properties.some((p: AnyNode) => (p.key?.name ?? p.key?.value) === 'preHandler')) any = true;
  });
  if (!any) return false;
  (root as Collection).find(j.CallExpression).forEach((path: AnyPath) => {
    const call = path.node;
    if (call.typeParameters || call.typeArguments || call.arguments.length < 3) return;
    if (call.callee.type !== 'MemberExpression' || !METHODS.has(call.callee.property?.name)) return;
    const [route, options] = call.arguments;
    const handler = unwrap(call.arguments[call.arguments.length - 1]);
    if (options?.type !== 'ObjectExpression' || !options.properties.some((p: AnyNode) => (p.key?.name ?? p.key?.value) === 'preHandler')) return;
    if (handler.type !== 'Identifier' && handler.type !== 'MemberExpression') return;
    if (!fastifyRegistration(ctx, path)) return;
    const needs = new Set<ShapeKey>();
    if ((route?.type === 'StringLiteral' || route?.type === 'Literal') && /(^|\/):/.test(String(route.value))) needs.add('Params');
    if (handler.type === 'Identifier') {
      const b = resolveBinding(path.get('arguments', call.arguments.length - 1), handler.name);
      const local = b ? named.get(handler.name) : undefined;
      for (const k of local?.needs ?? []) needs.add(k);
    }
    if (!needs.size) return;
    call.typeParameters = routeGenericArguments(ctx, needs);
    changed = true;
  });
  return changed;
}

/**
 * `declare global { namespace Express { interface Request { user?: AuthUser } } }`
 *   → `declare module 'fastify' { interface FastifyRequest { user?: AuthUser } }`
 * Only a `declare global` whose Express namespace holds nothing but `interface Request` (a Response
 * augmentation would be FastifyReply's, which `res.locals` does not map onto), and only in TypeScript.
 */
export function expressRequestAugmentationToFastify(ctx: StepContext): boolean {
  if (!isTypeScriptFile(ctx.file.path)) return false;
  const { j } = ctx;
  const program = programOf(ctx.root);
  let changed = false;
  program.body.forEach((st: AnyNode, i: number) => {
    if (st.type !== 'TSModuleDeclaration' || !st.global || st.body?.type !== 'TSModuleBlock' || st.body.body.length !== 1) return;
    const ns = st.body.body[0];
    if (ns.type !== 'TSModuleDeclaration' || ns.id?.name !== 'Express' || ns.body?.type !== 'TSModuleBlock') return;
    const members: AnyNode[] = ns.body.body;
    if (!members.length || !members.every((m) => m.type === 'TSInterfaceDeclaration' && m.id.name === 'Request' && !m.typeParameters && !m.extends?.length)) return;
    const body = members.flatMap((m) => m.body.body.map((p: AnyNode) => j(p).toSource())).join('\n    ');
    const augmentation = parseStatement(j, `declare module 'fastify' {\n  interface FastifyRequest {\n    ${body}\n  }\n}`);
    augmentation.comments = st.comments;
    program.body[i] = augmentation;
    changed = true;
  });
  return changed;
}

/** Express type imports the steps retype, so remove once nothing uses them. */
const EXPRESS_TYPES = new Set(['Request', 'Response', 'NextFunction', 'RequestHandler', 'ErrorRequestHandler']);

/** Removes Express type imports (`Request`, `Response`, `NextFunction`, `RequestHandler`...) that nothing uses any more. */
export function pruneExpressTypes(ctx: StepContext): boolean {
  const program = programOf(ctx.root);
  const imports = program.body.filter((st: AnyNode) => st.type === 'ImportDeclaration' && st.source.value === 'express');
  if (!imports.length) return false;
  let changed = false;
  const used = usedNames(program);
  for (const imp of imports) {
    const specs: AnyNode[] = imp.specifiers ?? [];
    const kept = specs.filter((s) => !(s.type === 'ImportSpecifier' && EXPRESS_TYPES.has(s.imported.name) && !used.has(s.local.name)));
    if (kept.length === specs.length) continue;
    changed = true;
    if (kept.length) imp.specifiers = kept;
    else {
      const at = program.body.indexOf(imp);
      const next = program.body[at + 1];
      if (imp.comments?.length && next) next.comments = [...imp.comments, ...(next.comments ?? [])];
      program.body.splice(at, 1);
      refreshDirectives(program);
    }
  }
  return changed;
}
