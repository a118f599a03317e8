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
 */
import {
  type AnyNode,
  type AnyPath,
  ensureNamedImport,
  nameIsFreeIn,
  paramIdentifier,
  paramReferences,
  programOf,
  refreshDirectives,
  renameReference,
  usedNames,
} from './lib/ast';
import { findHandlers, type HandlerInfo } from './lib/handlers';
import { addTodo, toTransform, type Step, type StepContext } from './lib/step';

const EXPRESS_TYPES: Record<string, 'FastifyRequest' | 'FastifyReply' | null> = {
  Request: 'FastifyRequest',
  Response: 'FastifyReply',
  NextFunction: null,
};

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

  // A handler typed as a whole (`const h: RequestHandler = ...`, `function f(): RequestHandler`).
  const holderType = typeOfHolder(h.path);
  if (holderType) {
    const name = expressTypeName(holderType, imports);
    if (name && changed) {
      const fastifyType = h.kind === 'route' ? 'RouteHandlerMethod' : 'preHandlerHookHandler';
      if (addTodo(ctx, h.path, `typed with Express's ${name}: use Fastify's ${fastifyType} (or type request and reply)`)) changed = true;
    }
  }

  // next: only route handlers and middleware have one that Fastify does not pass.
  const nextIndex = h.kind === 'error' ? 3 : 2;
  const nextParam = fn.params[nextIndex];
  if (nextParam && h.form === 'express' && fn.params.length === nextIndex + 1) {
    const name = paramIdentifier(nextParam)?.name as string | undefined;
    const refs = name ? paramReferences(j, h.path, name) : [];
    if (refs.length === 0) {
      fn.params.splice(nextIndex, 1);
      changed = true;
    } else {
      const unsupported = refs.filter((r) => {
        const parent = r.parent.node;
        if (parent.type !== 'CallExpression' || r.name !== 'callee') return true;
        const a = parent.arguments[0];
        return a && (a.type === 'StringLiteral' || a.type === 'Literal') && (a.value === 'route' || a.value === 'router');
      });
      if (unsupported.length) {
        if (addTodo(ctx, h.path, `\`${name}\` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook`)) changed = true;
      }
    }
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

/** Removes `Request`, `Response`, `NextFunction` imports from 'express' that nothing uses any more. */
function pruneExpressTypes(ctx: StepContext): void {
  const program = programOf(ctx.root);
  const imports = program.body.filter((st: AnyNode) => st.type === 'ImportDeclaration' && st.source.value === 'express');
  if (!imports.length) return;
  const used = usedNames(program);
  for (const imp of imports) {
    const specs: AnyNode[] = imp.specifiers ?? [];
    const kept = specs.filter((s) => !(s.type === 'ImportSpecifier' && s.imported.name in EXPRESS_TYPES && !used.has(s.local.name)));
    if (kept.length === specs.length) continue;
    if (kept.length) imp.specifiers = kept;
    else {
      const at = program.body.indexOf(imp);
      const next = program.body[at + 1];
      if (imp.comments?.length && next) next.comments = [...imp.comments, ...(next.comments ?? [])];
      program.body.splice(at, 1);
      refreshDirectives(program);
    }
  }
}

export const step: Step = {
  name: 'handler-signature-to-request-reply',
  mightApply: (source) => /\(|=>/.test(source) && /express|Request|req|res|next|reply/.test(source),
  run(ctx) {
    const { j, root } = ctx;
    const imports = expressTypeImports(ctx);
    const needTypes = new Set<string>();
    let changed = false;
    for (const h of findHandlers(j, root)) {
      if (h.adapted || h.kind === 'param') continue;
      if (h.kind === 'error' && h.registeredOn !== 'fastify') continue;
      if (migrate(ctx, h, imports, needTypes)) changed = true;
    }
    if (changed) {
      for (const t of needTypes) ensureNamedImport(ctx, 'fastify', t, true);
      pruneExpressTypes(ctx);
    }
    return changed;
  },
};

export default toTransform(step);
