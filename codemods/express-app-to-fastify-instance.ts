/**
 * express-app-to-fastify-instance: the Express application itself becomes a Fastify instance.
 *
 *   import express from 'express';                import Fastify from 'fastify';
 *   export function build(): express.Express {    export function build(): FastifyInstance {
 *     const app = express();              →         const app = Fastify({ trustProxy: 'loopback', bodyLimit: 102400, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
 *                                                   app.addHook('onRequest', async (request, reply) => { reply.locals = {}; });   (when the app uses res.locals)
 *     app.disable('x-powered-by');                  (removed: Fastify sends no X-Powered-By)
 *     app.set('trust proxy', 'loopback');           (the trustProxy option; a hop count N: (_address, hop) => hop < N)
 *     app.use(express.json({ limit: '100kb' }));    app.use(express.json());   (the limit is bodyLimit; the next steps drop the parser)
 *     app.use('/api', apiRouter);                   (left for router-module-to-fastify-plugin, which registers it now the app is Fastify)
 *     app.use(notFound);   (imported, 2–3 params, answers, after the routes)   →  app.setNotFoundHandler(notFound);
 *     app.use(onError);    (imported, 4 params)                               →  app.setErrorHandler(onError);
 *     app.listen(port, () => log(port));           app.listen({ port, host: '0.0.0.0' }, (err) => { if (err) throw err; log(port); });
 *
 * `express()` is found under any local name (ESM default or namespace import, `require('express')`,
 * `require('express')()`); `Fastify` is imported the same way (`import Fastify from 'fastify'` /
 * `const Fastify = require('fastify')`: fastify's CommonJS export is the factory itself).
 * `express.Express`, `Express` and `Application` type annotations become `FastifyInstance`. The
 * instance gets Express's routing defaults (case-insensitive, trailing slash ignored, as the gateway
 * does) unless the app enabled 'case sensitive routing' / 'strict routing', and Express's body
 * limit (100kb, or the one limit all its body parsers share) as bodyLimit. Express listened on
 * every interface, Fastify's default is localhost: the listen call says host '0.0.0.0'. Fastify 5
 * trusts no hop for a numeric trustProxy (Express trusted N), hence the function for a hop count.
 * When the app or a module it reaches through relative imports uses res.locals (the recipe leaves
 * it as reply.locals), an onRequest hook gives every reply a fresh object, as Express did.
 * The listen rewrite also applies to instances the app's own factory makes (`const app = buildApp()`).
 *
 * Local not-found and error middleware are next-only-handler-to-hook's and
 * error-middleware-to-set-error-handler's; this step handles the imported ones, whose arity only
 * their module shows (lib/imported-function.ts). A marker where a person must decide: other
 * settings (`app.set('view engine')`, `app.engine`, `app.locals`, `app.get('env')`), the app used as
 * a request listener (`http.createServer(app)`, `supertest(app)`), listen's return value (Express's
 * http.Server), a listen callback that reads `this`. A file with more than one `express()` (sub-apps)
 * gets one marker and is otherwise left alone: a sub-app must become a plugin.
 */
import {
  type AnyNode,
  type AnyPath,
  ensureNamedImport,
  hasIdentifierNamed,
  insertAfterImports,
  isReference,
  parseExpression,
  parseStatement,
  programOf,
  pruneUnusedImports,
  refreshDirectives,
  resolveBinding,
} from './lib/ast';
import { importedFunctionShape, reachableModulesMatch } from './lib/imported-function';
import { bodyParserNames, toBytes } from './lib/middleware';
import { numberValue, stringValue, textOf } from './lib/receivers';
import { addTodo, toTransform, type Step, type StepContext } from './lib/step';
import { afterRoutes } from './next-only-handler-to-hook';

/** `import x from 'express'`, `import * as x from 'express'`, `x = require('express')` (also `import x = require(...)`): x. */
const EXPRESS_LOCAL = /import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]*\}\s*)?from\s*['"]express['"]|([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]express['"]\s*\)/g;

/** Local names bound to the express module (default / namespace import, whole require). */
function expressLocals(program: AnyNode): { names: Set<string>; typeNames: Set<string>; statement: AnyNode | null } {
  const names = new Set<string>();
  const typeNames = new Set<string>();
  let statement: AnyNode | null = null;
  for (const st of program.body) {
    if (st.type === 'ImportDeclaration' && st.source.value === 'express') {
      for (const s of st.specifiers ?? []) {
        if (s.type === 'ImportSpecifier') {
          if (/^(Express|Application)$/.test(s.imported.name ?? s.imported.value)) typeNames.add(s.local.name);
        } else if (st.importKind !== 'type') names.add(s.local.name);
      }
      if (st.importKind !== 'type') statement ??= st;
    }
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        if (d.id.type === 'Identifier' && isExpressRequire(d.init)) {
          names.add(d.id.name);
          statement ??= st;
        }
      }
    }
  }
  return { names, typeNames, statement };
}

function isExpressRequire(n: AnyNode): boolean {
  return n?.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.value === 'express';
}

/** `express()` / `e()` / `require('express')()`, with no argument. */
function isExpressCall(n: AnyNode, names: ReadonlySet<string>, at: AnyPath): boolean {
  if (n?.type !== 'CallExpression' || n.arguments.length) return false;
  if (isExpressRequire(n.callee)) return true;
  if (n.callee.type !== 'Identifier' || !names.has(n.callee.name)) return false;
  const b = resolveBinding(at.get('callee'), n.callee.name);
  return !!b && b.scope.type === 'Program';
}

/** The name the Fastify factory gets: the first of Fastify, fastify, createFastify not used in the file. */
function factoryName(program: AnyNode): string | null {
  return ['Fastify', 'fastify', 'createFastify'].find((n) => !hasIdentifierNamed(program, n)) ?? null;
}

/** Every reference (by scope) to the binding declared by `declId`. */
function referencesOf(ctx: StepContext, declId: AnyNode): AnyPath[] {
  const { j, root } = ctx;
  const out: AnyPath[] = [];
  root.find(j.Identifier, { name: declId.name }).forEach((p: AnyPath) => {
    if (p.node === declId || !isReference(p)) return;
    const b = resolveBinding(p, declId.name);
    if (b?.kind === 'var' && b.node.id === declId) out.push(p);
  });
  return out;
}

/**
 * Instances the app's own factory makes: `function buildApp() { const app = express(); ...; return app; }`
 * (or `const buildApp = () => {...}`), then `const server = buildApp()` in this file: their ids.
 */
function madeByFactory(ctx: StepContext, refs: AnyPath[]): AnyNode[] {
  const { j, root } = ctx;
  const ret = refs.find((r) => r.parent.node.type === 'ReturnStatement');
  let fn: AnyPath | null = ret ? ret.parent : null;
  while (fn && !/Function/.test(fn.node.type)) fn = fn.parent;
  if (!fn) return [];
  const holder = fn.node.type === 'FunctionDeclaration' ? fn.node.id : fn.parent.node.type === 'VariableDeclarator' && fn.parent.node.init === fn.node ? fn.parent.node.id : null;
  if (holder?.type !== 'Identifier') return [];
  const out: AnyNode[] = [];
  root.find(j.CallExpression, { callee: { type: 'Identifier', name: holder.name } }).forEach((c: AnyPath) => {
    const d = c.parent.node;
    if (d.type !== 'VariableDeclarator' || d.init !== c.node || d.id.type !== 'Identifier') return;
    const b = resolveBinding(c.get('callee'), holder.name);
    if (b && (b.node === fn!.node || b.node.init === fn!.node)) out.push(d.id);
  });
  return out;
}

function statementOf(p: AnyPath): AnyPath | null {
  let q: AnyPath | null = p;
  while (q && !/Statement|Declaration$/.test(q.node.type)) q = q.parent;
  return q;
}

/** Removes an expression statement, keeping its leading comments on the next statement. */
function removeStatement(stmt: AnyPath): void {
  const body: AnyNode[] = stmt.parent.node.body;
  const i = body.indexOf(stmt.node);
  const leading = (stmt.node.comments ?? []).filter((c: AnyNode) => c.leading);
  if (leading.length && body[i + 1]) body[i + 1].comments = [...leading, ...(body[i + 1].comments ?? [])];
  stmt.prune();
}

/**
 * Does this call take the app as a request listener? `http.createServer(app)` and functions of
 * packages (`supertest(app)`, `serverless(app)`); a function of the app's own (in this file or a
 * relative module) gets the instance, which the steps migrate like the app.
 */
function takesListener(call: AnyPath): boolean {
  const callee = call.node.callee;
  if (callee.type === 'MemberExpression' && !callee.computed && /^create(Secure)?Server$/.test(callee.property.name)) return true;
  const id = callee.type === 'Identifier' ? callee : callee.type === 'MemberExpression' && callee.object.type === 'Identifier' ? callee.object : null;
  if (!id) return false;
  const b = resolveBinding(call.get('callee'), id.name) as AnyNode;
  if (b?.kind === 'import') return !String(b.source).startsWith('.');
  const init = b?.kind === 'var' ? b.node.init : undefined;
  const spec = init?.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' ? init.arguments[0]?.value : undefined;
  return typeof spec === 'string' && !spec.startsWith('.');
}

/** A value that can move into `Fastify({...})` at the creation: a literal, or a name declared at the top level before it. */
function movable(n: AnyNode, at: AnyPath, creation: AnyNode): boolean {
  if (/^(StringLiteral|NumericLiteral|BooleanLiteral|Literal)$/.test(n.type)) return true;
  if (n.type === 'ArrayExpression') return n.elements.every((e: AnyNode) => e && /^(StringLiteral|Literal)$/.test(e.type));
  if (n.type === 'Identifier') {
    const b = resolveBinding(at, n.name);
    const decl = b?.kind === 'var' || b?.kind === 'function' ? b.node : b?.kind === 'import' ? b.node : null;
    return !!decl && b!.scope.type === 'Program' && (decl.start ?? Infinity) < (creation.start ?? -1);
  }
  return false;
}

const BOOL = (n: AnyNode): boolean | undefined => (n?.type === 'BooleanLiteral' || (n?.type === 'Literal' && typeof n.value === 'boolean') ? n.value : undefined);

interface Options {
  trustProxy?: string;
  bodyLimit?: number;
  caseSensitive: boolean;
  strict: boolean;
}

function optionsText(o: Options): string {
  const parts: string[] = [];
  if (o.trustProxy !== undefined) parts.push(`trustProxy: ${o.trustProxy}`);
  if (o.bodyLimit !== undefined) parts.push(`bodyLimit: ${o.bodyLimit}`);
  const router: string[] = [];
  if (!o.caseSensitive) router.push('caseSensitive: false');
  if (!o.strict) router.push('ignoreTrailingSlash: true');
  if (router.length) parts.push(`routerOptions: { ${router.join(', ')} }`);
  return parts.length ? `{ ${parts.join(', ')} }` : '';
}

/** `app.set(name, value)` / `app.enable(name)` / `app.disable(name)`: what became of it. */
function setting(ctx: StepContext, call: AnyPath, method: string, opts: Options, creation: AnyNode, fastify: string): 'removed' | 'option' | 'todo' {
  const { j } = ctx;
  const args: AnyNode[] = call.node.arguments;
  const name = stringValue(args[0]);
  const value = method === 'set' ? args[1] : j.booleanLiteral(method === 'enable');
  const flag = BOOL(value);
  const recv = textOf(j, call.node.callee.object);
  const todo = (message: string): 'todo' => {
    addTodo(ctx, call, message);
    return 'todo';
  };
  if (name === undefined || !value || (method === 'set' && args.length !== 2) || (method !== 'set' && args.length !== 1)) {
    return todo(`${textOf(j, call.node)}: an Express setting with no Fastify equivalent known here; set it on ${fastify}({ ... }) or drop it`);
  }
  switch (name) {
    case 'x-powered-by':
    case 'etag':
      if (flag === false) return 'removed'; // Fastify sends neither X-Powered-By nor ETag.
      return todo(`${name}: Fastify sends no ${name === 'etag' ? 'ETag (register @fastify/etag)' : 'X-Powered-By (add an onSend hook that sets it)'}`);
    case 'trust proxy':
      if (flag === false) return 'removed'; // Fastify's default.
      if (!movable(value, call.get('arguments', method === 'set' ? 1 : 0), creation)) {
        return todo(`trust proxy: pass ${textOf(j, value)} as ${fastify}({ trustProxy }) where ${recv} is created (Fastify takes it only there)`);
      }
      if (numberValue(value) !== undefined || (value.type === 'Identifier' && isNumericConst(call, value))) {
        // A hop count: Express trusts that many hops, Fastify 5 trusts none for a number (it cannot
        // check the nearest peer); the function keeps Express's meaning.
        opts.trustProxy = `(_address, hop) => hop < ${textOf(j, value)}`;
        ctx.report.note(`${ctx.file.path}: trust proxy ${textOf(j, value)} (a hop count) → trustProxy: (_address, hop) => hop < ${textOf(j, value)}, as Express trusted it; the proxies' addresses would be safer`);
      } else if (value.type === 'Identifier') {
        return todo(`trust proxy ${value.name}: pass it as ${fastify}({ trustProxy }) where ${recv} is created; if it is a hop count, pass (_address, hop) => hop < ${value.name} (Fastify 5 trusts no hop for a number)`);
      } else opts.trustProxy = textOf(j, value);
      return 'option';
    case 'case sensitive routing':
    case 'strict routing':
      if (flag === undefined) return todo(`${name}: set routerOptions.${name === 'strict routing' ? 'ignoreTrailingSlash' : 'caseSensitive'} on ${fastify}({ ... })`);
      if (name === 'strict routing') opts.strict = flag;
      else opts.caseSensitive = flag;
      return 'option';
    case 'view engine':
    case 'views':
      return todo(`'${name}': register @fastify/view ({ engine, root }) and call reply.view(...) where res.render was`);
    case 'json spaces':
    case 'json replacer':
    case 'json escape':
      return todo(`'${name}': Fastify serializes JSON itself; give the instance a serializer (setReplySerializer) if clients rely on it`);
    default:
      return todo(`${textOf(j, call.node)}: an Express setting with no Fastify equivalent known here; keep the value elsewhere (a config object or ${recv}.decorate)`);
  }
}

/** `app.listen(port, host?, cb?)` → `app.listen({ port, host }, cb)` with Fastify's `(err, address)` callback. */
function rewriteListen(ctx: StepContext, call: AnyPath, recv: string): boolean {
  const { j } = ctx;
  const args: AnyNode[] = call.node.arguments;
  if (args[0]?.type === 'ObjectExpression') return false; // Fastify's form already.
  const rest = [...args];
  const last = rest.length > 1 ? call.get('arguments', rest.length - 1) : null;
  // A parameter as the last argument: a callback or a host, by its name; neither: a person decides.
  const lastParam = last?.node.type === 'Identifier' && resolveBinding(last, last.node.name)?.kind === 'param' ? (last.node.name as string) : null;
  if (lastParam && !/host|addr|ip$|interface|bind/i.test(lastParam) && !/^(cb|callback|done|ready|next|fn)$|^on[A-Z]|listen/i.test(lastParam)) {
    return addTodo(ctx, call, `${recv}.listen(${args.map((a) => textOf(j, a)).join(', ')}): is ${lastParam} the host or the callback? Fastify takes ${recv}.listen({ port, host }, (err, address) => {}); write it by hand`);
  }
  const isCb = !!last && (isCallback(last) || (!!lastParam && !/host|addr|ip$|interface|bind/i.test(lastParam)));
  const cb: AnyNode | undefined = isCb || (rest.length === 1 && /Function/.test(rest[0].type)) ? rest.pop() : undefined;
  const [port, host, ...more] = rest;
  if (more.length || (host && !/^(StringLiteral|Literal|Identifier|MemberExpression|TemplateLiteral|LogicalExpression)$/.test(host.type))) {
    return addTodo(ctx, call, `${recv}.listen(${args.map((a) => textOf(j, a)).join(', ')}): Fastify takes ${recv}.listen({ port, host }, (err, address) => {}); write it by hand`);
  }
  const portText = !port
    ? '0'
    : numberValue(port) !== undefined || (port.type === 'Identifier' && isNumericConst(call, port))
      ? textOf(j, port)
      : `Number(${textOf(j, port)})`;
  const portProp = portText === 'port' ? 'port' : `port: ${portText}`;
  const hostText = host ? textOf(j, host) : `'0.0.0.0'`;
  const hostProp = hostText === 'host' ? 'host' : `host: ${hostText}`;
  const newArgs: AnyNode[] = [parseExpression(j, `{ ${portProp}, ${hostProp} }`)];
  if (cb) {
    newArgs.push(cb);
    if (/Function/.test(cb.type)) {
      if (cb.type === 'FunctionExpression' && j(cb.body).find(j.ThisExpression).size() > 0) {
        addTodo(ctx, call, `the listen callback reads this (Express's http.Server): use ${recv}.server, and check its err argument (Fastify calls it with (err, address))`);
      } else if (cb.params.length === 0) {
        // Express 4 called it only once listening; Fastify calls it with the error too: keep failing loudly.
        const guard = parseStatement(j, 'if (err) throw err;');
        const body = cb.body.type === 'BlockStatement' ? [guard, ...cb.body.body] : [guard, j.expressionStatement(cb.body)];
        if (cb.type === 'ArrowFunctionExpression') {
          // From text, so that recast keeps `(err) =>` as written (a built one prints `err =>`).
          const arrow = parseExpression(j, `${cb.async ? 'async ' : ''}(err) => {}`);
          arrow.body.body = body;
          newArgs[1] = arrow;
        } else {
          cb.params = [j.identifier('err')];
          cb.body.body = body;
        }
      }
    } else {
      addTodo(ctx, call, `${textOf(j, cb)} is called by Fastify with (err, address): check err (Express called it only once listening)`);
    }
  }
  call.node.arguments = newArgs;
  const stmt = call.parent;
  if (stmt.node.type !== 'ExpressionStatement') {
    addTodo(ctx, call, `Express's listen returned the http.Server; Fastify's returns a promise (nothing with a callback): use ${recv}.server`);
  }
  return true;
}

/** A function written inline, or a name bound to a function declaration / function expression. */
function isCallback(at: AnyPath): boolean {
  const n = at.node;
  if (/Function/.test(n.type)) return true;
  if (n.type !== 'Identifier') return false;
  const b = resolveBinding(at, n.name);
  return b?.kind === 'function' || (b?.kind === 'var' && /Function/.test(b.node.init?.type ?? ''));
}

function isNumericConst(at: AnyPath, id: AnyNode): boolean {
  const b = resolveBinding(at, id.name);
  return b?.kind === 'var' && b.declKind === 'const' && numberValue(b.node.init) !== undefined;
}

/** `app.use(fn)` with fn imported: a not-found handler or error middleware by the shape of what its module exports. */
function rewriteImportedFallback(ctx: StepContext, call: AnyPath, recv: string, state: { errorHandler: boolean }): boolean {
  const args: AnyNode[] = call.node.arguments;
  if (args.length !== 1 || args[0].type !== 'Identifier' || call.parent.node.type !== 'ExpressionStatement') return false;
  const shape = importedFunctionShape(ctx.file.path, call.get('arguments', 0));
  if (!shape) return false;
  const name = args[0].name;
  const errorShaped = shape.params === 4 || (shape.params === 3 && /^(err|error|e|ex|exception)$/i.test(shape.first ?? ''));
  if (errorShaped) {
    if (state.errorHandler) return addTodo(ctx, call, `a second error handler on ${recv}: Fastify keeps one per scope and has no use(), so this call stops the app from starting: merge ${name} into the first and delete it`);
    state.errorHandler = true;
    call.node.callee.property = ctx.j.identifier('setErrorHandler');
    ctx.report.note(`${ctx.file.path}: ${recv}.use(${name}) → ${recv}.setErrorHandler(${name}): Fastify calls it with (error, request, reply); migrate ${shape.file} so it answers with the reply`);
    return true;
  }
  if ((shape.params === 2 || shape.params === 3) && !shape.usesThird && afterRoutes(call, ctx.file.path)) {
    call.node.callee.property = ctx.j.identifier('setNotFoundHandler');
    ctx.report.note(`${ctx.file.path}: ${recv}.use(${name}) after the routes → ${recv}.setNotFoundHandler(${name})`);
    return true;
  }
  return false;
}

/**
 * Express's body parsers used on the app (`use(express.json({ limit }))`): Fastify's own parsers
 * (JSON, text) take the instance's bodyLimit, so their common limit (Express's default: 100kb)
 * becomes bodyLimit and leaves the parser call; an urlencoded limit that differs stays on the call
 * (written out when it was Express's default) for app-middleware-to-fastify-plugins to give
 * @fastify/formbody. A raw parser, a mounted one, or limits that are not literals: left as they are.
 */
function foldBodyLimit(ctx: StepContext, uses: AnyPath[], parsers: ReadonlySet<string>, opts: Options): void {
  const found: { kind: string; call: AnyNode; limitProp?: AnyNode; bytes: number | null }[] = [];
  for (const use of uses) {
    const args: AnyNode[] = use.node.arguments;
    const mw = args[args.length - 1];
    if (mw?.type !== 'CallExpression' || mw.callee.type !== 'MemberExpression' || mw.callee.object.type !== 'Identifier' || !parsers.has(mw.callee.object.name)) continue;
    const kind = mw.callee.property.name;
    if (!/^(json|urlencoded|text|raw)$/.test(kind)) continue;
    if (args.length !== 1 || kind === 'raw') return;
    const o = mw.arguments[0];
    if (o && o.type !== 'ObjectExpression') return;
    const limitProp = o?.properties.find((p: AnyNode) => (p.key?.name ?? p.key?.value) === 'limit');
    found.push({ kind, call: mw, limitProp, bytes: limitProp ? toBytes(limitProp.value) : 100 * 1024 });
  }
  if (!found.length || found.some((f) => f.bytes === null)) return;
  const own = found.filter((f) => f.kind !== 'urlencoded');
  if (new Set(own.map((f) => f.bytes)).size > 1) return;
  opts.bodyLimit = (own[0] ?? found[0]).bytes!;
  // From text: recast prints a changed object literal one property per line.
  const setOptions = (call: AnyNode, props: string[]): void => {
    call.arguments = props.length ? [parseExpression(ctx.j, `{ ${props.join(', ')} }`)] : [];
  };
  for (const f of found) {
    const props: string[] = (f.call.arguments[0]?.properties ?? []).filter((p: AnyNode) => p !== f.limitProp).map((p: AnyNode) => textOf(ctx.j, p));
    if (f.bytes === opts.bodyLimit) {
      if (f.limitProp) setOptions(f.call, props);
    } else if (!f.limitProp) {
      setOptions(f.call, [...props, `limit: ${f.bytes}`]);
    }
  }
}

export const step: Step = {
  name: 'express-app-to-fastify-instance',
  mightApply: (source) => {
    // Only a file that calls express() under one of its local names (a Router module is not parsed).
    if (!source.includes('express')) return false;
    if (/require\(\s*['"]express['"]\s*\)\s*\(\s*\)/.test(source)) return true;
    for (const m of source.matchAll(EXPRESS_LOCAL)) {
      if (new RegExp(`(^|[^.\\w$])${(m[1] ?? m[2]).replace(/\$/g, '\\$')}\\s*\\(\\s*\\)`).test(source)) return true;
    }
    return false;
  },
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const program = programOf(root);
    const { names, typeNames, statement } = expressLocals(program);
    const creations: AnyPath[] = [];
    root.find(j.CallExpression).forEach((p: AnyPath) => {
      if (isExpressCall(p.node, names, p)) creations.push(p);
    });
    if (creations.length === 0) return false;
    if (creations.length > 1) {
      return addTodo(ctx, creations[1], `more than one express() app in this file (sub-apps): make each sub-app a Fastify plugin registered with its prefix, then run again`);
    }
    const fastify = factoryName(program);
    if (!fastify) return addTodo(ctx, creations[0], `Fastify, fastify and createFastify are all taken in this file: rename one, then run again`);
    const creation = creations[0];
    const opts: Options = { caseSensitive: false, strict: false };

    // The app's own statements, by scope.
    // `const app = express()`, or `app = express()` assigned to a declared `let app`.
    const parentNode = creation.parent.node;
    let declarator = parentNode.type === 'VariableDeclarator' && parentNode.init === creation.node && parentNode.id.type === 'Identifier' ? parentNode : null;
    if (!declarator && parentNode.type === 'AssignmentExpression' && parentNode.right === creation.node && parentNode.left.type === 'Identifier') {
      const b = resolveBinding(creation.parent.get('left'), parentNode.left.name);
      if (b?.kind === 'var' && b.node.id.type === 'Identifier') declarator = b.node;
    }
    const refs = declarator ? referencesOf(ctx, declarator.id) : [];
    const recv = declarator?.id.name ?? 'app';
    const removals: AnyPath[] = [];
    const uses: AnyPath[] = [];
    const state = { errorHandler: false };
    // `own`: a reference to the binding express() initialises; else to an instance the app's factory made.
    const visit = (ref: AnyPath, recv: string, own: boolean): void => {
      const parent = ref.parent.node;
      const member = parent.type === 'MemberExpression' && parent.object === ref.node && !parent.computed ? parent.property.name : undefined;
      const call = member && ref.parent.parent.node.type === 'CallExpression' && ref.parent.parent.node.callee === parent ? ref.parent.parent : null;
      if (!own && member && !(call && (member === 'listen' || (member === 'get' && call.node.arguments.length === 1)))) return;
      if (member && call) {
        if (/^(set|enable|disable)$/.test(member)) {
          const what = setting(ctx, call, member, opts, creation.node, fastify);
          if ((what === 'removed' || what === 'option') && call.parent.node.type === 'ExpressionStatement') removals.push(call.parent);
          return;
        }
        if (member === 'get' && call.node.arguments.length === 1) {
          addTodo(ctx, call, `${textOf(j, call.node)} reads an Express setting: keep the value in a variable or config (Fastify has no app settings)`);
          return;
        }
        if (member === 'engine') {
          addTodo(ctx, call, `${recv}.engine(...): register @fastify/view with that engine and call reply.view(...) where res.render was`);
          return;
        }
        if (member === 'listen') {
          rewriteListen(ctx, call, recv);
          return;
        }
        if (member === 'use') {
          uses.push(call);
          return;
        }
        if (/^(render|path|on|handle|enabled|disabled|lazyrouter)$/.test(member)) {
          addTodo(ctx, call, `${recv}.${member}(...) is Express's application API: Fastify has none; rewrite it by hand`);
        }
        return;
      }
      if (member && /^(locals|settings|mountpath|router|_router|parent)$/.test(member)) {
        addTodo(ctx, ref, `${recv}.${member} is Express's application API: ${member === 'locals' ? `keep the values in ${recv}.decorate(...) or a module, or pass them to reply.view(...)` : 'Fastify has none; rewrite it by hand'}`);
        return;
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(ref.node) && takesListener(ref.parent)) {
        addTodo(ctx, ref, `${textOf(j, parent).split('\n')[0]}: a Fastify instance is not a (req, res) listener like an Express app: use ${recv}.server after await ${recv}.ready() (or ${fastify}({ serverFactory }))`);
      } else if (parent.type === 'CallExpression' && parent.callee === ref.node) {
        addTodo(ctx, ref, `${recv}(req, res): call ${recv}.routing(req, res) after await ${recv}.ready(), or use ${recv}.inject(...)`);
      }
    };
    for (const ref of refs) visit(ref, recv, true);
    for (const made of madeByFactory(ctx, refs)) for (const ref of referencesOf(ctx, made)) visit(ref, made.name, false);
    // Other modules that start the app (a server file without Express in it) are not this run's:
    // the report says what changes for them.
    if (/\bexport\b|module\.exports|exports\./.test(ctx.file.source)) {
      ctx.report.note(`${ctx.file.path}: the app is a Fastify instance now: a module that starts it must call ${recv}.listen({ port, host }) (not listen(port, cb)) and use ${recv}.server, not http.createServer(${recv})`);
    }
    for (const use of uses) rewriteImportedFallback(ctx, use, recv, state);
    foldBodyLimit(ctx, uses.filter((u) => u.node.callee.property.name === 'use'), bodyParserNames(ctx), opts);
    const creationStmt = statementOf(creation);
    // res.locals, which the recipe leaves as reply.locals: a fresh object per request, as Express
    // gives (@fastify/view, registered later, decorates 'locals' and sets {} the same way).
    const holder = creationStmt && /^Export/.test(creationStmt.parent.node.type) ? creationStmt.parent : creationStmt;
    const replyLocals = declarator && Array.isArray(holder?.parent.node.body) && reachableModulesMatch(ctx.file.path, ctx.file.source, /\b(res|response|reply)\.locals\b/);
    if (replyLocals) {
      const body: AnyNode[] = holder!.parent.node.body;
      const at = body.indexOf(holder!.node) + 1;
      // (No decorateReply('locals', null): a declared `locals: Record<string, any>` does not take null.)
      body.splice(at, 0, parseStatement(j, `${recv}.addHook('onRequest', async (request, reply) => { reply.locals = {}; });`));
      ctx.report.note(`${ctx.file.path}: res.locals is used by the app: an onRequest hook gives every reply a fresh reply.locals`);
    }

    // What a removed setting's comment said is now about the options at the creation.
    for (const stmt of removals) {
      const leading = (stmt.node.comments ?? []).filter((c: AnyNode) => c.leading);
      if (leading.length && creationStmt) {
        creationStmt.node.comments = [...(creationStmt.node.comments ?? []), ...leading];
        stmt.node.comments = (stmt.node.comments ?? []).filter((c: AnyNode) => !c.leading);
      }
      removeStatement(stmt);
    }
    if (removals.length) ctx.report.note(`${ctx.file.path}: ${removals.length} Express setting(s) removed or moved into ${fastify}({ ... })`);

    // express() → Fastify({...})
    const text = optionsText(opts);
    creation.replace(parseExpression(j, `${fastify}(${text})`));

    // Types: express.Express / Express / Application → FastifyInstance.
    const instanceTypeFree = !hasIdentifierNamed(program, 'FastifyInstance');
    let typed = false;
    root.find(j.TSTypeReference).forEach((p: AnyPath) => {
      const t = p.node.typeName;
      const isExpressType =
        (t.type === 'TSQualifiedName' && t.left.type === 'Identifier' && names.has(t.left.name) && /^(Express|Application)$/.test(t.right.name)) ||
        (t.type === 'Identifier' && typeNames.has(t.name));
      if (!isExpressType || p.node.typeParameters) return;
      p.node.typeName = j.identifier('FastifyInstance');
      typed = true;
    });

    // The factory's import, next to express's.
    const esm = program.body.some((s: AnyNode) => s.type === 'ImportDeclaration' || /^Export/.test(s.type));
    const typeSpecifier = typed && instanceTypeFree ? ', { type FastifyInstance }' : '';
    const decl = esm
      ? parseStatement(j, `import ${fastify}${typeSpecifier} from 'fastify';`)
      : parseStatement(j, `const ${fastify} = require('fastify');`);
    decl.loc = null;
    if (statement) {
      program.body.splice(program.body.indexOf(statement) + 1, 0, decl);
      refreshDirectives(program);
    } else insertAfterImports(program, decl);
    if (typed) ensureNamedImport(ctx, 'fastify', 'FastifyInstance', true);
    pruneUnusedImports(j, root, 'express');
    return true;
  },
};

export default toTransform(step);
