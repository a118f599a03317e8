/**
 * handler-signature-to-request-reply: an Express handler's parameters to Fastify's.
 *
 *   (req, res, next) => { res.send(req.body) }                 →  (request, reply) => { reply.send(request.body) }
 *   function (r: Request, s: Response, n: NextFunction) {...}  →  function (request: FastifyRequest, reply: FastifyReply) {...}
 *   Request<{ id: string }, any, Body, Query>                  →  FastifyRequest<{ Params: { id: string }; Body: Body; Querystring: Query }>
 *
 * The request and response are the handler's first two parameters (found by lib/handlers), whatever
 * they are called; every reference is renamed by scope, so a shadowing `res` in an inner callback
 * or a module-level `request` is never touched (when `request`/`reply` is already taken in the
 * handler, the old name is kept). `next` is dropped when nothing uses it; calls such as `next()` and
 * `next(err)` are left for the next-* steps; a `next` that escapes (`.catch(next)`, `next('route')`)
 * gets a marker. Handlers passed to the adapter (`fromExpressHandler(...)`) are left alone.
 *
 * TypeScript only (JavaScript output gets no types), Express types become Fastify's where the value
 * really became the Fastify thing:
 *   const requireAuth: RequestHandler = (req, res, next) => {...}   (middleware, next kept as done)
 *                                         →  const requireAuth: preHandlerHookHandler = (request, reply, next) => {...}
 *   function requireRole(r): RequestHandler { return (req, res, next) => ... }  →  (): preHandlerHookHandler
 *   const notFound: RequestHandler = (req, res) => {...}            →  const notFound: RouteHandlerMethod = ...
 *   (req: Request, res: Response, next: NextFunction)  (middleware) →  (..., next: HookHandlerDoneFunction)
 *   const errorHandler: ErrorRequestHandler = (err, req, res, next) => {...}   (exported, registered elsewhere)
 *                       →  const errorHandler = (err: unknown, request: FastifyRequest, reply: FastifyReply, next: (err?: unknown) => void) => {...}
 *                          (Fastify's setErrorHandler types; next is what express-compat's expressErrorHandler passes)
 *   function skuParam(req: Request)  called only as skuParam(request) from migrated handlers
 *                                         →  function skuParam(req: FastifyRequest)
 *   declare global { namespace Express { interface Request { user?: U } } }
 *                                         →  declare module 'fastify' { interface FastifyRequest { user?: U } }
 * and route generics where the code reads request.params / query / body (lib/fastify-types.ts:
 * `fastify.get<{ Params: Record<string, string> }>(...)`, `request: FastifyRequest<{ Params: ... }>`).
 * A holder type that is not safe to rewrite (a route handler that keeps next, type arguments, a next
 * that escapes) keeps the marker. Unused Express type imports are removed.
 */
import {
  type AnyNode,
  type AnyPath,
  ensureNamedImport,
  nameIsFreeIn,
  paramIdentifier,
  parseStatement,
  paramReferences,
  programOf,
  renameReference,
  resolveBinding,
} from './lib/ast';
import { addRouteGenerics, expressRequestAugmentationToFastify, isTypeScriptFile, pruneExpressTypes } from './lib/fastify-types';
import { findHandlers, type HandlerInfo } from './lib/handlers';
import { addTodo, toTransform, type Step, type StepContext } from './lib/step';
import { escapeReasons } from './lib/receivers';
import { toAsyncHook } from './next-only-handler-to-hook';


/** Local names imported from 'express' (value or type imports) → imported name. */
function expressTypeImports(ctx: StepContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const st of programOf(ctx.root).body) {
    // `const express = require('express')` / `import express = require('express')` in TypeScript.
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        if (d.id.type === 'Identifier' && d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && d.init.arguments[0]?.value === 'express') out.set(d.id.name, '*');
      }
    }
    if (st.type === 'TSImportEqualsDeclaration' && st.moduleReference?.expression?.value === 'express') out.set(st.id.name, '*');
    if (st.type !== 'ImportDeclaration' || st.source.value !== 'express') continue;
    for (const s of st.specifiers ?? []) {
      if (s.type === 'ImportSpecifier') out.set(s.local.name, s.imported.name);
      else out.set(s.local.name, '*');
    }
  }
  return out;
}

/** Name of an Express type used as `Request` / `express.Request`, or null. */
function expressTypeName(typeRef: AnyNode, imports: Map<string, string>): string | null {
  if (typeRef?.type !== 'TSTypeReference') return null;
  const tn = typeRef.typeName;
  if (tn.type === 'Identifier') return imports.get(tn.name) && imports.get(tn.name) !== '*' ? imports.get(tn.name)! : null;
  if (tn.type === 'TSQualifiedName' && tn.left.type === 'Identifier' && imports.get(tn.left.name) === '*') return tn.right.name;
  return null;
}

/** Express Request<P, ResBody, ReqBody, Query> → FastifyRequest<{ Params: P; Body: ReqBody; Querystring: Query }>. */
function retypeRequest(ctx: StepContext, typeRef: AnyNode): void {
  const { j } = ctx;
  const args: AnyNode[] = typeRef.typeParameters?.params ?? [];
  typeRef.typeName = j.identifier('FastifyRequest');
  if (!args.length) return;
  const keys = ['Params', null, 'Body', 'Querystring'];
  const members: AnyNode[] = [];
  args.forEach((t, i) => {
    const key = keys[i];
    if (!key || t.type === 'TSAnyKeyword' || t.type === 'TSUnknownKeyword') return;
    if (t.type === 'TSTypeLiteral' && t.members.length === 0) return;
    members.push(j.tsPropertySignature(j.identifier(key), j.tsTypeAnnotation(t)));
  });
  typeRef.typeParameters = members.length ? j.tsTypeParameterInstantiation([j.tsTypeLiteral(members)]) : null;
}

function stripTypeParams(node: AnyNode): void {
  if (node?.typeParameters) node.typeParameters = null;
}

function migrate(ctx: StepContext, h: HandlerInfo, imports: Map<string, string>, needTypes: Set<string>): boolean {
  const { j } = ctx;
  const fn = h.path.node as AnyNode;
  let changed = false;
  const roles: [number, 'request' | 'reply'][] = h.kind === 'error' ? [[1, 'request'], [2, 'reply']] : [[0, 'request'], [1, 'reply']];

  for (const [index, target] of roles) {
    const param = fn.params[index];
    const id = paramIdentifier(param);
    if (!id) continue;
    // Types first: Request → FastifyRequest, Response → FastifyReply.
    const ann = id.typeAnnotation?.typeAnnotation;
    if (ann) {
      const expressName = expressTypeName(ann, imports);
      if (expressName === 'Request' && target === 'request') {
        retypeRequest(ctx, ann);
        needTypes.add('FastifyRequest');
        changed = true;
      } else if (expressName === 'Response' && target === 'reply') {
        ann.typeName = j.identifier('FastifyReply');
        stripTypeParams(ann);
        needTypes.add('FastifyReply');
        changed = true;
      } else if (ann.type === 'TSTypeReference' && !/^Fastify(Request|Reply)$/.test(ann.typeName.name ?? '')) {
        if (addTodo(ctx, h.path, `the ${target} parameter is typed ${j(ann).toSource()}: give it a Fastify type (FastifyRequest / FastifyReply, with decorations declared on fastify)`)) changed = true;
      }
    }
    const old = id.name as string;
    if (old === target) continue;
    if (!nameIsFreeIn(j, h.path, target)) continue; // another `request`/`reply` is visible: keep the old name
    for (const ref of paramReferences(j, h.path, old)) renameReference(ref, target);
    id.name = target;
    changed = true;
  }

  // next: only route handlers and middleware have one that Fastify does not pass.
  const nextIndex = h.kind === 'error' ? 3 : 2;
  const nextParam = fn.params[nextIndex];
  let nextEscapes = false;
  if (nextParam && h.form === 'express' && fn.params.length === nextIndex + 1) {
    const name = paramIdentifier(nextParam)?.name as string | undefined;
    const refs = name ? paramReferences(j, h.path, name) : [];
    if (refs.length === 0) {
      fn.params.splice(nextIndex, 1);
      changed = true;
    } else {
      // A callback hook's `next` is Fastify's `done`, which takes an error too: handing it to a
      // promise (`.catch(next)`, `.then(ok, next)`) stays valid there (not in an async hook).
      const doneArgument = (r: AnyPath): boolean =>
        h.kind === 'middleware' && !fn.async && r.parent.node.type === 'CallExpression' && r.parent.node.arguments.includes(r.node);
      const unsupported = refs.filter((r) => {
        const parent = r.parent.node;
        if (doneArgument(r)) return false;
        if (parent.type !== 'CallExpression' || r.name !== 'callee') return true;
        const a = parent.arguments[0];
        return a && (a.type === 'StringLiteral' || a.type === 'Literal') && (a.value === 'route' || a.value === 'router');
      });
      if (unsupported.length) {
        nextEscapes = true;
        if (addTodo(ctx, h.path, `\`${name}\` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook`)) changed = true;
      }
    }
  }

  // TypeScript: `next: NextFunction` kept on a middleware is the hook's done callback.
  const isTs = isTypeScriptFile(ctx.file.path);
  const kept = fn.params[nextIndex];
  const keptAnn = paramIdentifier(kept)?.typeAnnotation?.typeAnnotation;
  if (isTs && changed && h.kind === 'middleware' && !nextEscapes && keptAnn && expressTypeName(keptAnn, imports) === 'NextFunction' && !keptAnn.typeParameters) {
    keptAnn.typeName = j.identifier('HookHandlerDoneFunction');
    needTypes.add('HookHandlerDoneFunction');
  }

  // A handler typed as a whole (`const h: RequestHandler = ...`, `function f(): RequestHandler`).
  const holderType = typeOfHolder(h.path);
  if (holderType) {
    const name = expressTypeName(holderType, imports);
    if (name && changed) {
      const fastifyType = h.kind === 'route' ? 'RouteHandlerMethod' : 'preHandlerHookHandler';
      // Safe: a plain RequestHandler whose function now has Fastify's parameters: (request, reply)
      // for a route handler, (request, reply, done) for a middleware that calls next as done.
      const arity = fn.params.length;
      const safe =
        isTs &&
        name === 'RequestHandler' &&
        !holderType.typeParameters &&
        !nextEscapes &&
        ((h.kind === 'route' && arity <= 2) || (h.kind === 'middleware' && arity === 3));
      if (safe) {
        holderType.typeName = j.identifier(fastifyType);
        needTypes.add(fastifyType);
      } else if (addTodo(ctx, h.path, `typed with Express's ${name}: use Fastify's ${fastifyType} (or type request and reply)`)) changed = true;
    }
  }
  return changed;
}

/**
 * `const errorHandler: ErrorRequestHandler = (err, req, res, next) => {...}` that this file does not
 * register (the app registers it; the gateway entry hands it to express-compat's expressErrorHandler,
 * which calls it with Fastify's request and reply): the parameters get the types of Fastify's
 * setErrorHandler (error `unknown`), next the `(err?: unknown) => void` expressErrorHandler passes,
 * and the holder type goes. Only when `err` is not read member by member (Express typed it `any`).
 */
function retypeErrorHolder(ctx: StepContext, h: HandlerInfo, imports: Map<string, string>, needTypes: Set<string>): boolean {
  const { j } = ctx;
  const fn = h.path.node as AnyNode;
  const holder = h.path.parent?.node;
  if (holder?.type !== 'VariableDeclarator' || !holder.id.typeAnnotation) return false;
  if (expressTypeName(holder.id.typeAnnotation.typeAnnotation, imports) !== 'ErrorRequestHandler') return false;
  if (fn.params.length !== 4 || !fn.params.every((p: AnyNode) => p.type === 'Identifier' && !p.typeAnnotation)) return false;
  const errName = fn.params[0].name as string;
  const readsErr = paramReferences(j, h.path, errName).some((r) => {
    const parent = r.parent?.node;
    return (parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.object === r.node;
  });
  if (readsErr) return false;
  const types = ['unknown', 'FastifyRequest', 'FastifyReply', '(err?: unknown) => void'];
  fn.params.forEach((p: AnyNode, i: number) => {
    const alias = parseStatement(j, `type _ = ${types[i]};`);
    p.typeAnnotation = j.tsTypeAnnotation(alias.typeAnnotation);
  });
  holder.id.typeAnnotation = null;
  needTypes.add('FastifyRequest');
  needTypes.add('FastifyReply');
  return true;
}

/**
 * `function skuParam(req: Request)` / `visibleTo(order, req: Request)`: a same-file, unexported
 * function whose Express-typed parameter receives, at every call, the request (reply) parameter of a
 * handler this step migrated, and that is used nowhere else: the parameter takes the Fastify type.
 */
function retypeHelpers(ctx: StepContext, migrated: Set<AnyNode>, imports: Map<string, string>, needTypes: Set<string>): boolean {
  const { j, root } = ctx;
  const program = programOf(root);
  const helpers = new Map<string, { fn: AnyNode; typed: { index: number; ann: AnyNode; role: 'Request' | 'Response' }[] }>();
  for (const st of program.body) {
    const fn = st.type === 'FunctionDeclaration' ? st : null;
    if (!fn?.id || migrated.has(fn)) continue;
    const typed: { index: number; ann: AnyNode; role: 'Request' | 'Response' }[] = [];
    fn.params.forEach((p: AnyNode, index: number) => {
      const ann = paramIdentifier(p)?.typeAnnotation?.typeAnnotation;
      const name = ann ? expressTypeName(ann, imports) : null;
      if ((name === 'Request' || name === 'Response') && !ann.typeParameters) typed.push({ index, ann, role: name });
    });
    if (typed.length) helpers.set(fn.id.name, { fn, typed });
  }
  if (!helpers.size) return false;
  const safe = new Map<string, boolean>();
  root.find(j.Identifier).forEach((p: AnyPath) => {
    const name = p.node.name as string;
    const helper = helpers.get(name);
    if (!helper || p.node === helper.fn.id || safe.get(name) === false) return;
    const parent = p.parent?.node;
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && p.name === 'property' && !parent.computed) return;
    if (parent?.type === 'ObjectProperty' && p.name === 'key' && !parent.computed && !parent.shorthand) return;
    const ok =
      parent?.type === 'CallExpression' &&
      parent.callee === p.node &&
      helper.typed.every(({ index, role }) => {
        const arg = parent.arguments[index];
        if (arg?.type !== 'Identifier') return false;
        const b = resolveBinding(p.parent.get('arguments', index), arg.name);
        return !!b && b.kind === 'param' && migrated.has(b.node) && b.index === (role === 'Request' ? 0 : 1);
      });
    safe.set(name, ok && safe.get(name) !== false);
  });
  let changed = false;
  for (const [name, { typed }] of helpers) {
    if (!safe.get(name)) continue;
    for (const { ann, role } of typed) {
      const fastify = role === 'Request' ? 'FastifyRequest' : 'FastifyReply';
      ann.typeName = j.identifier(fastify);
      needTypes.add(fastify);
    }
    changed = true;
  }
  return changed;
}

/** The type annotation of what holds a handler: its variable, or the factory that returns it. */
function typeOfHolder(fnPath: AnyPath): AnyNode | null {
  const parent = fnPath.parent?.node;
  if (parent?.type === 'VariableDeclarator' && parent.id.typeAnnotation) return parent.id.typeAnnotation.typeAnnotation;
  // `return function (req, res, next) {...}` / `=> (req, res, next) => ...` in a factory with a return type.
  let p: AnyPath | null = fnPath.parent;
  if (p?.node.type === 'ReturnStatement') {
    while (p && !/Function/.test(p.node.type)) p = p.parent;
  }
  const fn = p?.node;
  if (fn && /Function/.test(fn.type) && fn !== fnPath.node && fn.returnType) return fn.returnType.typeAnnotation;
  return null;
}

/** `x.use(fn)` / `x.use('/p', fn)`: the function is an argument of a `use` call. */
function registeredWithUse(h: HandlerInfo): boolean {
  const call = h.path.parent?.node;
  return (
    call?.type === 'CallExpression' &&
    call.arguments.includes(h.path.node) &&
    call.callee.type === 'MemberExpression' &&
    !call.callee.computed &&
    call.callee.property.type === 'Identifier' &&
    call.callee.property.name === 'use'
  );
}

export const step: Step = {
  name: 'handler-signature-to-request-reply',
  mightApply: (source) => /\(|=>/.test(source) && /express|Request|req|res|next|reply/.test(source),
  run(ctx) {
    const { j, root } = ctx;
    const imports = expressTypeImports(ctx);
    const needTypes = new Set<string>();
    let changed = false;
    const migrated = new Set<AnyNode>();
    const isTs = isTypeScriptFile(ctx.file.path);
    const handlers = findHandlers(j, root);
    for (const h of handlers) {
      if (h.adapted || h.kind === 'param') continue;
      // An unregistered (exported) handler that lets req/res escape and that escaping-handler-to-adapter could not wrap stays
      // Express code: the API steps leave its calls alone, so its parameters keep their meaning too.
      if (h.form === 'express' && h.kind !== 'error' && h.registeredOn === null && escapeReasons(j, h).length) continue;
      // An error middleware still given to `use` (error-middleware-to-set-error-handler left it there
      // with a marker, e.g. a second one in the scope) is Express code whose four parameters are its
      // meaning: renamed and stripped of next, a second run took it for middleware.
      if (h.kind === 'error' && registeredWithUse(h)) continue;
      if (h.kind === 'error' && h.registeredOn !== 'fastify') {
        if (isTs && h.registeredOn === null && retypeErrorHolder(ctx, h, imports, needTypes)) {
          migrate(ctx, h, imports, needTypes);
          changed = true;
        }
        continue;
      }
      // An exported async middleware (the routes that use it are in other modules): Fastify refuses an
      // async hook that takes done, so next() goes and next(err) becomes throw, as for in-file middleware.
      if (h.kind === 'middleware' && h.registeredOn === null && h.form === 'express' && h.path.node.async && h.path.node.params.length === 3 && h.params.next) {
        if (toAsyncHook(ctx, h)) changed = true;
      }
      if (migrate(ctx, h, imports, needTypes)) changed = true;
      migrated.add(h.path.node);
    }
    if (isTs && migrated.size && retypeHelpers(ctx, migrated, imports, needTypes)) changed = true;
    if (expressRequestAugmentationToFastify(ctx)) changed = true;
    if (addRouteGenerics(ctx, handlers)) changed = true;
    if (changed) {
      for (const t of needTypes) ensureNamedImport(ctx, 'fastify', t, true);
      pruneExpressTypes(ctx);
    }
    return changed;
  },
};

export default toTransform(step);
