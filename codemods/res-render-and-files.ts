/**
 * res-render-and-files: views and files to @fastify/view and @fastify/static.
 *
 *   res.render('users/show', { user })          →  return reply.view('users/show', { user })     (@fastify/view)
 *   res.sendFile(path.join(dir, 'index.html'))  →  return reply.sendFile('index.html', path.join(dir))   (@fastify/static)
 *   res.sendFile(name, { root, maxAge })        →  return reply.sendFile(name, root, { maxAge })
 *   res.sendFile(p) / res.download(p, name)     →  reply.sendFile(path.basename(p), path.dirname(p)) /
 *                                                  reply.download(path.basename(p), name, { root: path.dirname(p) })
 *   res.locals.x = y                            →  unchanged: @fastify/view gives every reply a `locals` object
 *   res.format({...}), render(..., callback), attachment()  →  marker
 *
 * Express resolves view names with the app's 'view engine' and 'views' settings: register
 * @fastify/view with the same engine, `root` and `viewExt` (listed in the report). An answer in an
 * async handler that is not in tail position is awaited, so the handler does not resolve first.
 */
import { insertAfterImports, nameIsFreeIn } from './lib/ast';
import { toTransform, type Step, type StepContext } from './lib/step';
import {
  enclosingFunction,
  enclosingStatement,
  handlersOf,
  inOwnBody,
  linksOn,
  refsTo,
  returnIfTail,
  statementOf,
  stringValue,
  textOf,
  todoOnce,
  type Handler,
} from './lib/receivers';

/** Local name of node's path module in this file, adding `path` if there is none. */
function pathModule(ctx: StepContext): string {
  const { j, root } = ctx;
  const program = root.find(j.Program).nodes()[0] as any;
  for (const s of program.body) {
    if (s.type === 'ImportDeclaration' && /^(node:)?path$/.test(s.source.value)) {
      const d = s.specifiers?.find((x: any) => x.type !== 'ImportSpecifier');
      if (d) return d.local.name;
    }
    if (s.type === 'VariableDeclaration') {
      for (const d of s.declarations) {
        if (d.id.type === 'Identifier' && d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && /^(node:)?path$/.test(d.init.arguments[0]?.value)) return d.id.name;
      }
    }
  }
  const esm = program.body.some((s: any) => s.type === 'ImportDeclaration' || /^Export/.test(s.type));
  insertAfterImports(
    program,
    esm
      ? j.importDeclaration([j.importDefaultSpecifier(j.identifier('path'))], j.stringLiteral('node:path'))
      : j.variableDeclaration('const', [j.variableDeclarator(j.identifier('path'), j.callExpression(j.identifier('require'), [j.stringLiteral('node:path')]))]),
  );
  return 'path';
}

/** Splits a file path expression into [file name, root directory] expressions. */
function splitPath(ctx: StepContext, p: any, at?: any): [any, any] {
  const { j } = ctx;
  const c = p.type === 'CallExpression' ? p.callee : undefined;
  if (c?.type === 'MemberExpression' && c.property.type === 'Identifier' && /^(join|resolve)$/.test(c.property.name) && p.arguments.length >= 2) {
    const last = p.arguments[p.arguments.length - 1];
    const lit = stringValue(last);
    if (lit !== undefined && !lit.includes('/')) {
      p.arguments.pop();
      return [last, p];
    }
  }
  const mod = pathModule(ctx);
  let value = p;
  if (p.type !== 'Identifier' && p.type !== 'MemberExpression' && at) {
    // Evaluated once: hoisted into a const before the statement.
    const stmt = enclosingStatement(at);
    const fnPath = enclosingFunction(at);
    let name = 'filePath';
    for (let i = 2; fnPath && !nameIsFreeIn(j, fnPath, name); i++) name = `filePath${i}`;
    const decl = j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), p)]);
    stmt.insertBefore(decl);
    value = j.identifier(name);
  }
  const call = (fn: string) => j.callExpression(j.memberExpression(j.identifier(mod), j.identifier(fn)), [value]);
  return [call('basename'), call('dirname')];
}

/** In an async handler, a non-tail answer is awaited (the handler must not resolve first). */
function settle(ctx: StepContext, h: Handler, call: any): void {
  if (returnIfTail(h, call)) return;
  const stmt = statementOf(call);
  if (h.path.node.async && stmt?.node.type === 'ExpressionStatement' && inOwnBody(h, call) && stmt.node.expression === call.node) {
    stmt.node.expression = ctx.j.awaitExpression(call.node);
  }
}

function rewrite(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  for (const { link, chain, index } of linksOn(j, h, 'res')) {
    const args = link.call.node.arguments;
    const recv = textOf(j, link.call.node.callee.object);
    const last = index === chain.length - 1;
    switch (link.name) {
      case 'render': {
        if (args.length > 2 || (args[1] && /Function/.test(args[1].type))) {
          if (todoOnce(ctx, link.call, `${recv}.render(..., callback): use \`const html = await ${recv}.viewAsync(view, data)\` (@fastify/view) and send it yourself`)) changed = true;
          break;
        }
        link.call.node.callee.property.name = 'view';
        ctx.report.note(`${ctx.file.path}: ${recv}.render → ${recv}.view: register @fastify/view with the app's view engine, views root and viewExt`);
        if (last) settle(ctx, h, link.call);
        changed = true;
        break;
      }
      case 'sendFile': {
        // Express: (path), (path, options), with an optional callback. Fastify: (file, root[, options]).
        if (args.some((a: any) => /Function/.test(a.type))) {
          if (todoOnce(ctx, link.call, `${recv}.sendFile with a callback: use ${recv}.sendFile(file, root, options) (@fastify/static); errors go to the error handler`)) changed = true;
          break;
        }
        if (!(args.length === 1 || (args.length === 2 && args[1].type === 'ObjectExpression'))) break;
        const opts = args[1];
        const rootProp = opts?.properties.find((p: any) => (p.key?.name ?? p.key?.value) === 'root');
        let newArgs: any[];
        if (rootProp) {
          const rest = opts.properties.filter((p: any) => p !== rootProp);
          newArgs = [args[0], rootProp.value, ...(rest.length ? [j.objectExpression(rest)] : [])];
        } else {
          const [file, dir] = splitPath(ctx, args[0], link.call);
          newArgs = [file, dir, ...(opts ? [opts] : [])];
        }
        link.call.node.arguments = newArgs;
        ctx.report.note(`${ctx.file.path}: ${recv}.sendFile needs @fastify/static registered (serve: false if it only backs sendFile)`);
        if (last) settle(ctx, h, link.call);
        changed = true;
        break;
      }
      case 'download': {
        // Express (path[, name][, options][, callback]); (path, name, options) and (path, options)
        // mean the same to @fastify/static, so only (path) and (path, name) change.
        if (args.some((a: any) => /Function/.test(a.type))) {
          if (todoOnce(ctx, link.call, `${recv}.download with a callback: use ${recv}.download(file, name, { root }) (@fastify/static); errors go to the error handler`)) changed = true;
          break;
        }
        if (!(args.length === 1 || (args.length === 2 && args[1].type !== 'ObjectExpression'))) break;
        // Already converted: download(file, name, { root }) has three arguments; two-argument calls are Express's.
        const [file, dir] = splitPath(ctx, args[0], link.call);
        link.call.node.arguments = [file, ...(args[1] ? [args[1]] : []), j.objectExpression([j.objectProperty(j.identifier('root'), dir)])];
        ctx.report.note(`${ctx.file.path}: ${recv}.download needs @fastify/static registered`);
        if (last) settle(ctx, h, link.call);
        changed = true;
        break;
      }
      case 'format':
        if (todoOnce(ctx, link.call, `${recv}.format({...}): pick the branch from request.accepts().type([...]) (@fastify/accepts) and run it; answer 406 when none matches`)) changed = true;
        break;
      case 'attachment':
        if (todoOnce(ctx, link.call, `${recv}.attachment(): set content-disposition yourself (e.g. with the content-disposition package)`)) changed = true;
        break;
    }
  }
  if (refsTo(j, h, 'res').some((r) => r.parent.node.type === 'MemberExpression' && r.parent.node.property?.name === 'locals')) {
    ctx.report.note(`${ctx.file.path}: res.locals: reply.locals exists once @fastify/view is registered (or decorateReply('locals', null) with an onRequest hook setting {})`);
  }
  return changed;
}

export const step: Step = {
  name: 'res-render-and-files',
  mightApply: (source) => /\.(render|sendFile|download|format|attachment)\(|\.locals\b/.test(source),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) if (rewrite(ctx, h)) changed = true;
    return changed;
  },
};

export default toTransform(step);
