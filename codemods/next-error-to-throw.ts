/**
 * next-error-to-throw: passing an error to `next` becomes Fastify's way of failing a request.
 *
 *   if (!ok) return next(new NotFound());      →  if (!ok) throw new NotFound();
 *   next(err); return;                         →  throw err;
 *   db.get(id, (err, row) => { if (err) return next(err); ... })   (a callback)
 *                                              →  ... return reply.send(err) ...
 *   promise.then(...).catch(next)              →  promise.then(...).catch((err) => reply.send(err))
 *
 * `throw` is used in the handler's own body (Fastify catches sync throws and rejections of handlers
 * and hooks alike); inside a callback, or inside a `try` block whose `catch` would see the throw,
 * the error goes to `reply.send(err)`, which Fastify routes to the error handler. `next()` without
 * an argument and `next('route')` are left for the hook step and the signature step. When `next` is
 * A `try { ... } catch (err) { next(err); }` whose catch is then only `throw err` is unwrapped: it
 * catches nothing Fastify would not catch itself (the statements stay in a block when they declare
 * names, so scopes do not change). When `next` is
 * no longer used, the parameter goes (except on 4-parameter Express error middleware, whose arity is
 * its meaning, unless the signature step has typed it for Fastify) and the signature step's "next is passed on" marker is removed, as is an Express
 * `NextFunction` type import nothing uses any more.
 */
import { pruneExpressTypes } from './lib/fastify-types';
import { toTransform, type Step, type StepContext } from './lib/step';
import {
  dropTodo,
  dropUnusedTrailingParam,
  handlersOf,
  inOwnBody,
  inTryBlock,
  nextStatement,
  paramName,
  refsTo,
  statementOf,
  stringValue,
  todoOnce,
  type Handler,
} from './lib/receivers';

function toThrow(j: StepContext['j'], stmt: any, arg: any): void {
  const parent = stmt.parent?.node;
  if (parent?.type === 'IfStatement' && (parent.consequent === stmt.node || parent.alternate === stmt.node)) {
    // recast reprints the `if` and would put a bare clause on its own line: give it braces instead.
    const block = j.blockStatement([j.throwStatement(arg)]);
    (block as any).comments = stmt.node.comments;
    stmt.replace(block);
    return;
  }
  const n = stmt.node;
  n.type = 'ThrowStatement';
  n.argument = arg;
  delete n.expression;
}

/** An async handler that ends with `return reply` waits for its answer (see res-json-to-reply-send). */
function returnsReply(h: Handler): boolean {
  const body = h.path.node.body;
  const last = body?.type === 'BlockStatement' ? body.body[body.body.length - 1] : undefined;
  return last?.type === 'ReturnStatement' && last.argument?.type === 'Identifier' && last.argument.name === h.params.res;
}

/** Rewrites the handler's `next(err)` uses (also used by error-middleware-to-set-error-handler). */
export function rewriteNext(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  const next = paramName(h, 'next');
  if (!next) return false;
  const res = paramName(h, 'res');
  let changed = false;
  const sendErr = (err: any) => j.callExpression(j.memberExpression(j.identifier(res!), j.identifier('send')), [err]);
  for (const ref of refsTo(j, h, 'next')) {
    const parent = ref.parent.node;
    if (parent.type === 'CallExpression' && parent.callee === ref.node) {
      if (parent.arguments.length !== 1) continue;
      const arg = parent.arguments[0];
      const lit = stringValue(arg);
      if (lit === 'route' || lit === 'router') continue;
      const call = ref.parent;
      const stmt = statementOf(call);
      if (inOwnBody(h, call) && stmt && !inTryBlock(h, call)) {
        if (stmt.node.type === 'ExpressionStatement') {
          const after = nextStatement(stmt);
          if (after?.node.type === 'ReturnStatement' && after.node.argument == null && !after.node.comments?.length) after.prune();
        }
        toThrow(j, stmt, arg);
        changed = true;
      } else if (h.kind === 'middleware' && !inOwnBody(h, call)) {
        // A callback-style hook keeps `done(err)`: same meaning in Fastify.
        continue;
      } else if (res && (stmt || !inOwnBody(h, call))) {
        if (h.path.node.async && !inOwnBody(h, call) && !returnsReply(h)) {
          if (todoOnce(ctx, call, `${next}(err) in a callback of an async handler: the handler resolves before the error is sent; await the work and throw`)) changed = true;
          continue;
        }
        call.replace(sendErr(arg));
        if (stmt?.node.type === 'ExpressionStatement' && inOwnBody(h, call)) {
          const after = nextStatement(stmt);
          if (after?.node.type === 'ReturnStatement' && after.node.argument == null && !after.node.comments?.length) {
            after.prune();
            stmt.node.type = 'ReturnStatement';
            stmt.node.argument = stmt.node.expression;
            delete stmt.node.expression;
          }
        }
        changed = true;
      } else if (todoOnce(ctx, call, `${next}(err) here: throw the error (or send it with reply.send(err)) instead`)) {
        changed = true;
      }
      continue;
    }
    // `.catch(next)` / `.then(ok, next)`: next handed to a promise.
    if (parent.type === 'CallExpression' && parent.arguments.includes(ref.node) && h.kind !== 'middleware') {
      const callee = parent.callee;
      const method = callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : '';
      const isRejection = (method === 'catch' && parent.arguments[0] === ref.node) || (method === 'then' && parent.arguments[1] === ref.node);
      if (!isRejection || !res) continue;
      if (h.path.node.async && !returnsReply(h)) {
        if (todoOnce(ctx, ref, `.${method}(${next}) in an async handler: the handler resolves before the promise settles; await it instead`)) changed = true;
        continue;
      }
      const err = j.identifier('err');
      ref.replace(j.arrowFunctionExpression([err], sendErr(j.identifier('err'))));
      changed = true;
    }
  }
  if (changed || refsTo(j, h, 'next').length === 0) {
    // An error handler the signature step typed for Fastify (request: FastifyRequest) is no Express
    // middleware any more: its arity means nothing, and setErrorHandler takes (error, request, reply).
    const fastifyTyped = h.path.node.params[1]?.typeAnnotation?.typeAnnotation?.typeName?.name === 'FastifyRequest';
    if ((h.kind !== 'error' || fastifyTyped) && dropUnusedTrailingParam(j, h, 'next')) {
      changed = true;
      if (dropTodo(h.path, (t) => t.includes(`\`${next}\` is passed on or called with 'route'`), ctx.report)) changed = true;
    }
  }
  return changed;
}

/** `catch (e) { throw e; }`, nothing else, no finally. */
function onlyRethrows(tryStmt: any): boolean {
  const handler = tryStmt.handler;
  if (!handler || tryStmt.finalizer || handler.param?.type !== 'Identifier' || handler.param.typeAnnotation) return false;
  const body = handler.body.body;
  if (body.length !== 1 || body[0].type !== 'ThrowStatement' || (body[0].comments ?? []).length || (handler.body.comments ?? []).length) return false;
  const arg = body[0].argument;
  return arg?.type === 'Identifier' && arg.name === handler.param.name;
}

/**
 * The try block's statements can move up a level when the names they declare with let/const/class/
 * function are nowhere else in the enclosing block or the handler's parameters (no clash, no
 * shadowing of a name the other statements mean from further out).
 */
function canSplice(j: StepContext['j'], tryPath: any, h: Handler): boolean {
  const names: string[] = [];
  for (const st of tryPath.node.block.body) {
    if (st.type === 'VariableDeclaration' && st.kind !== 'var') {
      for (const d of st.declarations) {
        if (d.id.type !== 'Identifier') return false;
        names.push(d.id.name);
      }
    } else if ((st.type === 'ClassDeclaration' || st.type === 'FunctionDeclaration') && st.id) names.push(st.id.name);
  }
  if (names.length === 0) return true;
  const params = j(h.path.get('params'));
  const siblings = tryPath.parent.node.body.filter((st: any) => st !== tryPath.node);
  return names.every((name) => params.find(j.Identifier, { name }).size() === 0 && siblings.every((st: any) => j(st).find(j.Identifier, { name }).size() === 0));
}

/**
 * `try { A } catch (e) { throw e; }` in the handler's own body → `A`: it rethrows whatever it
 * catches, so it changes nothing. Statements that declare names (let, const, class, function) keep
 * their block, so they cannot clash with the enclosing scope.
 */
function unwrapRethrowingTry(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  j(h.path.get('body'))
    .find(j.TryStatement)
    .filter((p: any) => onlyRethrows(p.node) && Array.isArray(p.parent.node.body))
    .forEach((p: any) => {
      const block = p.node.block;
      const replacement: any[] = canSplice(j, p, h) ? block.body : [block];
      if (replacement.length && p.node.comments?.length) replacement[0].comments = [...p.node.comments, ...(replacement[0].comments ?? [])];
      p.replace(...replacement);
      changed = true;
    });
  return changed;
}

export const step: Step = {
  name: 'next-error-to-throw',
  mightApply: (source) => /\bnext\b|NextFunction/.test(source) || /\(\s*\w+\s*,\s*\w+\s*,\s*\w+\s*\)\s*(=>|\{)/.test(source),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) {
      if (rewriteNext(ctx, h)) changed = true;
      if (unwrapRethrowingTry(ctx, h)) changed = true;
    }
    if (changed) pruneExpressTypes(ctx);
    return changed;
  },
};

export default toTransform(step);
