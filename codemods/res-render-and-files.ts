/**
 * res-render-and-files: views and files to @fastify/view and @fastify/static.
 *
 *   res.render('users/show', { user })          →  return reply.view('users/show', { user })     (@fastify/view)
 *   res.sendFile(path.join(dir, 'index.html'))  →  return reply.sendFile('index.html', path.join(dir))   (@fastify/static)
 *   res.sendFile(name, { root, maxAge })        →  return reply.sendFile(name, root, { maxAge })
 *   res.sendFile(p) / res.download(p, name)     →  reply.sendFile(path.basename(p), path.dirname(p)) /
 *                                                  reply.download(path.basename(p), name, { root: path.dirname(p) })
 *                                                  (TypeScript: `{ root: ... } as SendOptions`: @fastify/static reads
 *                                                  download's per-call root, its types do not declare it)
 *   res.sendFile(p, (err) => { if (err) next(err); })   →  as without the callback (errors reach the error handler either way)
 *   res.attachment('report.csv')                →  reply.header('Content-Disposition', 'attachment; filename=report.csv').type('text/csv; charset=utf-8')
 *   res.attachment(`a-${id}.json`)              →  reply.header('Content-Disposition', contentDisposition(`a-${id}.json`)).type('application/json; charset=utf-8')
 *                                                  (a small contentDisposition function is added to the file; the type comes
 *                                                  from the extension, as Express's does, and a later text/html default is dropped)
 *   res.locals.x = y                            →  unchanged: @fastify/view gives every reply a `locals` object
 *   res.format({ json: () => ..., 'text/html': () => ..., default: () => ... })
 *     →  formatReply(reply, { 'application/json': () => ..., 'text/html': () => ..., default: () => ... })
 *        (a small formatReply function is added to the file: Express's negotiation, Vary, type, 406)
 *   res.format(non-literal branches), render(..., callback), attachment(non-literal extension)  →  marker
 *
 * Express resolves view names with the app's 'view engine' and 'views' settings: register
 * @fastify/view with the same engine, `root` and `viewExt` (listed in the report). An answer in an
 * async handler that is not in tail position is awaited, so the handler does not resolve first.
 */
import { detach, ensureNamedImport, insertAfterImports, nameIsFreeIn } from './lib/ast';
import { isTypeScriptFile } from './lib/fastify-types';
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

/** A callback that only hands its error on (`(err) => { if (err) next(err); }`, or `reply.send(err)`). */
function forwardsErrorOnly(fn: any): boolean {
  if (!fn || !/Function/.test(fn.type) || fn.params.length !== 1 || fn.params[0].type !== 'Identifier') return false;
  const err = fn.params[0].name;
  const handsOn = (n: any): boolean => {
    if (n?.type === 'ExpressionStatement' || n?.type === 'ReturnStatement') return handsOn(n.expression ?? n.argument);
    if (n?.type === 'BlockStatement') return n.body.length === 1 && handsOn(n.body[0]);
    return n?.type === 'CallExpression' && n.arguments.length === 1 && n.arguments[0].type === 'Identifier' && n.arguments[0].name === err &&
      (n.callee.type === 'Identifier' || (n.callee.type === 'MemberExpression' && n.callee.property.name === 'send'));
  };
  let body = fn.body;
  if (body.type === 'BlockStatement' && body.body.length === 1) body = body.body[0];
  if (body.type === 'IfStatement' && !body.alternate && body.test.type === 'Identifier' && body.test.name === err) return handsOn(body.consequent);
  return handsOn(body);
}

/** The content-disposition package's answer (what Express sends) for a name known now; undefined: not plain ASCII. */
export function attachmentHeader(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(base)) return `attachment; filename=${base}`;
  if (/^[\x20-\x7e]*$/.test(base)) return `attachment; filename="${base.replace(/[\\"]/g, '\\$&')}"`;
  return undefined;
}

/** Express's res.type(extname(name)) for an extension known now (mime-types, as Express). */
function typeForExtension(ext: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mime = require('mime-types') as { contentType(ext: string): string | false };
  return mime.contentType(ext) || 'application/octet-stream';
}

/** The MIME type Express's res.format gives a short name such as 'json' (mime-types, as Express). */
function mimeLookup(name: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mime = require('mime-types') as { lookup(ext: string): string | false };
  return mime.lookup(name) || undefined;
}

/** The extension of a file name expression when it is written out (a literal, or a template's tail). */
function staticExtension(node: any): string | undefined {
  const tail = node.type === 'TemplateLiteral' ? node.quasis[node.quasis.length - 1].value.cooked : stringValue(node);
  const m = typeof tail === 'string' ? /\.[A-Za-z0-9]+$/.exec(tail) : null;
  return m ? m[0] : undefined;
}

/**
 * The helper added to a file whose attachment name is only known at run time: the content-disposition
 * package's header for an ASCII name (a non-ASCII name gets the quoted form, without Express's filename*).
 */
const CONTENT_DISPOSITION_HELPER = [
  "/** Express's res.attachment() header (the content-disposition package's rules for an ASCII name). */",
  'function contentDisposition(name: string): string {',
  '  const base = name.split(/[\\\\/]/).pop() ?? name;',
  "  if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(base)) return 'attachment; filename=' + base;",
  '  return \'attachment; filename="\' + base.replace(/[\\\\"]/g, \'\\\\$&\') + \'"\';',
  '}',
].join('\n');

/**
 * The helper added to a file that used res.format: Express's res.format on a Fastify reply, without
 * a dependency (Accept negotiation with q-values and specificity, as the negotiator package does).
 */
const FORMAT_REPLY_HELPER = [
  "/** Express's res.format(): answers with the branch the Accept header prefers (Vary: Accept), else `default`, else 406. */",
  'function formatReply(reply: any, branches: Record<string, () => unknown>): void {',
  "  const offers = Object.keys(branches).filter((type) => type !== 'default');",
  "  const accepted = String(reply.request.headers.accept ?? '*/*').split(',').map((part, index) => {",
  "    const [range, ...params] = part.trim().toLowerCase().split(';');",
  "    const q = params.map((p) => p.trim().split('=')).find(([k]) => k === 'q');",
  "    const [type, subtype] = range.trim().split('/');",
  '    return { type, subtype, q: q ? Number(q[1]) : 1, index };',
  '  });',
  '  // Per offer its most specific matching range (then q, then order); then the best offer by q, specificity, order.',
  '  let best: { offer: string; q: number; s: number; index: number } | undefined;',
  '  for (const offer of offers) {',
  "    const [type, subtype] = offer.toLowerCase().split('/');",
  '    let match: { q: number; s: number; index: number } | undefined;',
  '    for (const a of accepted) {',
  "      if ((a.type !== '*' && a.type !== type) || (a.subtype !== '*' && a.subtype !== subtype)) continue;",
  '      const s = (a.type === type ? 4 : 0) + (a.subtype === subtype ? 2 : 0);',
  '      if (!match || s > match.s || (s === match.s && (a.q > match.q || (a.q === match.q && a.index < match.index)))) match = { q: a.q, s, index: a.index };',
  '    }',
  '    if (!match || !(match.q > 0)) continue;',
  '    if (!best || match.q > best.q || (match.q === best.q && (match.s > best.s || (match.s === best.s && match.index < best.index)))) best = { offer, ...match };',
  '  }',
  "  const vary = reply.getHeader('vary');",
  "  if (!vary) reply.header('Vary', 'Accept');",
  "  else if (!/(^|,)\\s*(accept|\\*)\\s*(,|$)/i.test(String(vary))) reply.header('Vary', vary + ', Accept');",
  '  if (best) {',
  "    reply.type(/^text\\/|^application\\/(json|javascript)$/i.test(best.offer) ? best.offer + '; charset=utf-8' : best.offer);",
  '    branches[best.offer]();',
  '  } else if (branches.default) {',
  '    branches.default();',
  '  } else {',
  "    reply.send(Object.assign(new Error('Not Acceptable'), { status: 406, statusCode: 406, types: offers }));",
  '  }',
  '}',
].join('\n');

const FORMAT_REPLY_HELPER_JS = FORMAT_REPLY_HELPER.replace('(reply: any, branches: Record<string, () => unknown>): void', '(reply, branches)')
  .replace('let best: { offer: string; q: number; s: number; index: number } | undefined;', 'let best;')
  .replace('let match: { q: number; s: number; index: number } | undefined;', 'let match;');

/** Adds a helper function to the file once (typed in TypeScript files, the annotations dropped in JavaScript). */
function ensureHelper(ctx: StepContext, name: string, tsSource: string, jsSource: string): void {
  const { j, root } = ctx;
  const program = root.find(j.Program).nodes()[0] as any;
  if (program.body.some((s: any) => s.type === 'FunctionDeclaration' && s.id?.name === name)) return;
  const code = /\.(c|m)?tsx?$/.test(ctx.file.path) ? tsSource : jsSource;
  const parsed = j(code).find(j.Program).nodes()[0] as any;
  program.body.push(...parsed.body.map(detach));
}

/** `res.format({ 'text/plain': () => ..., json: () => ..., default: () => ... })` with every branch written out. */
function formatBranches(node: any): { keys: string[] } | undefined {
  if (node?.type !== 'ObjectExpression') return undefined;
  const keys: string[] = [];
  for (const p of node.properties) {
    if ((p.type !== 'ObjectProperty' && p.type !== 'Property') || p.computed) return undefined;
    const key = p.key.type === 'Identifier' ? p.key.name : stringValue(p.key);
    if (key === undefined || !/Function/.test(p.value.type) || p.value.params.length > 0) return undefined;
    keys.push(key);
  }
  return { keys };
}

/** In an async handler, a non-tail answer is awaited (the handler must not resolve first). */
function settle(ctx: StepContext, h: Handler, call: any): void {
  if (returnIfTail(h, call)) return;
  const stmt = statementOf(call);
  if (h.path.node.async && stmt?.node.type === 'ExpressionStatement' && inOwnBody(h, call) && stmt.node.expression === call.node) {
    stmt.node.expression = ctx.j.awaitExpression(call.node);
  }
}

/**
 * After res.attachment() has set the type, a later string answer keeps it (Express's res.send only
 * defaults to text/html when no type is set): drop the `.type('text/html; charset=utf-8')` that
 * res-json-to-reply-send put before such a send.
 */
function dropHtmlDefault(ctx: StepContext, h: Handler, after: unknown): void {
  const { j } = ctx;
  j(h.path.get('body'))
    .find(j.CallExpression, { callee: { type: 'MemberExpression', property: { name: 'type' } } })
    .forEach((p: any) => {
      const lit = stringValue(p.node.arguments[0]);
      if (p.node.arguments.length !== 1 || !lit || !/^text\/html\b/.test(lit)) return;
      const parent = p.parent.node;
      if (parent.type !== 'MemberExpression' || parent.object !== p.node || parent.property.name !== 'send') return;
      if (typeof after === 'number' && typeof p.node.start === 'number' && p.node.start < after) return;
      parent.object = p.node.callee.object; // recv.type('text/html').send(x)  →  recv.send(x)
    });
}

/**
 * Express's sendFile leaves a Cache-Control the handler set alone; @fastify/static's replaces it
 * with `public, max-age=0` unless told `cacheControl: false`. Added to the options (index 2) when
 * the handler sets Cache-Control itself.
 */
function keepOwnCacheControl(ctx: StepContext, h: Handler, args: any[]): void {
  const { j } = ctx;
  const setsIt =
    j(h.path.get('body'))
      .find(j.CallExpression, { callee: { type: 'MemberExpression' } })
      .filter((p: any) => /^(set|header|setHeader)$/.test(p.node.callee.property?.name ?? '') && /^cache-control$/i.test(stringValue(p.node.arguments[0]) ?? ''))
      .size() > 0;
  if (!setsIt) return;
  const prop = j.objectProperty(j.identifier('cacheControl'), j.booleanLiteral(false));
  if (args.length < 3) args.push(j.objectExpression([prop]));
  else if (args[2].type === 'ObjectExpression' && !args[2].properties.some((p: any) => (p.key?.name ?? p.key?.value) === 'cacheControl')) args[2].properties.push(prop);
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
        // A callback that only hands the error on adds nothing: Fastify's error handler gets it anyway.
        if (args.length >= 2 && forwardsErrorOnly(args[args.length - 1])) args.pop();
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
        keepOwnCacheControl(ctx, h, newArgs);
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
        let options: any = j.objectExpression([j.objectProperty(j.identifier('root'), dir)]);
        if (isTypeScriptFile(ctx.file.path)) {
          options = j.tsAsExpression(options, j.tsTypeReference(j.identifier('SendOptions')));
          ensureNamedImport(ctx, '@fastify/static', 'SendOptions', true);
        }
        link.call.node.arguments = [file, ...(args[1] ? [args[1]] : []), options];
        ctx.report.note(`${ctx.file.path}: ${recv}.download needs @fastify/static registered`);
        if (last) settle(ctx, h, link.call);
        changed = true;
        break;
      }
      case 'format': {
        // Branches written out as functions: Express's res.format as a small function in the file.
        const branches = args.length === 1 ? formatBranches(args[0]) : undefined;
        if (!branches) {
          if (todoOnce(ctx, link.call, `${recv}.format({...}): pick the branch from request.accepts().type([...]) (@fastify/accepts) and run it; answer 406 when none matches`)) changed = true;
          break;
        }
        // Express names types by extension too ('json', 'html'): written out as MIME types here.
        for (const p of args[0].properties) {
          const key = p.key.type === 'Identifier' ? p.key.name : stringValue(p.key);
          if (key === 'default' || key.includes('/')) continue;
          const type = mimeLookup(key);
          if (type) p.key = j.stringLiteral(type);
        }
        ensureHelper(ctx, 'formatReply', FORMAT_REPLY_HELPER, FORMAT_REPLY_HELPER_JS);
        const recvNode = link.call.node.callee.object;
        link.call.node.callee = j.identifier('formatReply');
        link.call.node.arguments = [recvNode, args[0]];
        changed = true;
        break;
      }
      case 'attachment': {
        // Express: Content-Disposition from the name, and the type from its extension.
        const name = args[0];
        const ext = name && args.length === 1 ? staticExtension(name) : undefined;
        const literal = name ? stringValue(name) : undefined;
        const header = literal !== undefined ? attachmentHeader(literal) : undefined;
        if (!ext || (literal !== undefined && header === undefined) || name.type === 'SpreadElement') {
          if (todoOnce(ctx, link.call, `${recv}.attachment(): set content-disposition yourself (e.g. with the content-disposition package)`)) changed = true;
          break;
        }
        let value: any;
        if (header !== undefined) {
          value = j.stringLiteral(header);
        } else {
          ensureHelper(ctx, 'contentDisposition', CONTENT_DISPOSITION_HELPER, CONTENT_DISPOSITION_HELPER.replace('(name: string): string', '(name)'));
          value = j.callExpression(j.identifier('contentDisposition'), [name]);
        }
        const recvNode = link.call.node.callee.object;
        const headerCall = j.callExpression(j.memberExpression(recvNode, j.identifier('header')), [j.stringLiteral('Content-Disposition'), value]);
        // Rewritten in place (later links of the chain hold this node): recv.header(...).type(...).
        link.call.node.callee = j.memberExpression(headerCall, j.identifier('type'));
        link.call.node.arguments = [j.stringLiteral(typeForExtension(ext))];
        dropHtmlDefault(ctx, h, link.call.node.start ?? link.call.node.loc?.start);
        changed = true;
        break;
      }
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
