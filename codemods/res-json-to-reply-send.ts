/**
 * res-json-to-reply-send: Express's response-sending calls to Fastify's reply.
 *
 *   res.json({ ok: true })            (tail of a route)  →  return { ok: true }
 *   res.status(404).json({ e })       →  return reply.code(404).send({ e })   (tail)  /  reply.code(404).send({ e })
 *   res.send('<p>hi</p>')             →  reply.type('text/html; charset=utf-8').send('<p>hi</p>')
 *   res.sendStatus(404)               →  reply.code(404).type('text/plain; charset=utf-8').send('Not Found')
 *   res.end()                         →  reply.send()
 *
 * The receiver is the handler's own response parameter, found by scope (`res`, `reply`, `out`...);
 * its name is kept (the signature step renames it). Express's content types are kept: a string sent
 * with `res.send` is text/html in Express (text/plain in Fastify), so `.type(...)` is added where no
 * content type was set in the handler; where the value's type is unknown a marker asks. A send in
 * tail position becomes `return ...` (followed by a bare `return;` it absorbs it); a plain `return x`
 * replaces `res.json(x)` only for an object or array literal in the tail of a route, where the value
 * cannot be `undefined` (Fastify would then answer an empty 200). An async route that answers only
 * from callbacks gets a final `return reply`, so that it does not resolve before it has answered.
 */
import { STATUS_CODES } from 'node:http';
import { ensureNamedImport, nameIsFreeIn } from './lib/ast';
import { toTransform, type Step, type StepContext } from './lib/step';
import {
  chainFrom,
  enclosingStatement,
  handlersOf,
  inOwnBody,
  isTail,
  mentionsAny,
  nextStatement,
  numberValue,
  refsTo,
  textOf,
  todoOnce,
  toReturn,
  statementOf,
  stringValue,
  type ChainLink,
  type Handler,
} from './lib/receivers';

const TERMINALS = ['json', 'send', 'sendStatus', 'end', 'jsonp'] as const;
const HTML = 'text/html; charset=utf-8';

type ValueKind = 'string' | 'other' | 'unknown';

/** Is a value sent by `res.send(value)` a string (Express: text/html), something else, or unknown? */
function kindOf(j: StepContext['j'], h: Handler, node: any, depth = 0): ValueKind {
  if (!node || depth > 4) return 'unknown';
  switch (node.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return 'string';
    case 'Literal':
      return typeof node.value === 'string' ? 'string' : 'other';
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'ObjectExpression':
    case 'ArrayExpression':
    case 'NewExpression':
      return 'other';
    case 'BinaryExpression':
      if (node.operator !== '+') return 'other';
      return kindOf(j, h, node.left, depth + 1) === 'string' || kindOf(j, h, node.right, depth + 1) === 'string'
        ? 'string'
        : 'unknown';
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return kindOf(j, h, node.expression, depth + 1);
    case 'CallExpression': {
      const c = node.callee;
      if (c.type === 'Identifier' && c.name === 'String') return 'string';
      if (c.type === 'MemberExpression' && c.property.type === 'Identifier') {
        const obj = c.object.type === 'Identifier' ? c.object.name : '';
        if (obj === 'JSON' && c.property.name === 'stringify') return 'string';
        if (obj === 'Buffer') return 'other';
        if (['toString', 'join', 'toUpperCase', 'toLowerCase', 'trim', 'padStart', 'padEnd', 'repeat'].includes(c.property.name))
          return 'string';
      }
      return 'unknown';
    }
    case 'Identifier': {
      let init: any;
      j(h.path.get('body'))
        .find(j.VariableDeclarator, { id: { type: 'Identifier', name: node.name } })
        .forEach((d) => {
          init = init ?? d.node.init;
        });
      return init ? kindOf(j, h, init, depth + 1) : 'unknown';
    }
    default:
      return 'unknown';
  }
}

/** Does the handler set a content type on its response anywhere (type, set/header('Content-Type'))? */
function setsContentType(j: StepContext['j'], h: Handler): boolean {
  return refsTo(j, h, 'res').some((ref) =>
    chainFrom(ref).some((l) => {
      if (l.name === 'type' || l.name === 'contentType') return true;
      if (!['set', 'header', 'setHeader', 'headers'].includes(l.name)) return false;
      const a = l.call.node.arguments[0];
      if (stringValue(a)?.toLowerCase() === 'content-type') return true;
      return a?.type === 'ObjectExpression' && a.properties.some((p: any) => /content-type/i.test(p.key?.value ?? p.key?.name ?? ''));
    }),
  );
}

function rename(link: ChainLink, name: string): void {
  link.call.node.callee.property.name = name;
}

/** Insert `.method(arg)` just before the call `link` in its chain. */
function insertBefore(ctx: StepContext, link: ChainLink, method: string, args: any[]): void {
  const { j } = ctx;
  const member = link.call.node.callee;
  member.object = j.callExpression(j.memberExpression(member.object, j.identifier(method)), args);
}

function srcOf(ctx: StepContext, node: any): string {
  return textOf(ctx.j, node);
}

function rewriteHandler(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  const typed = setsContentType(j, h);
  for (const ref of refsTo(j, h, 'res')) {
    const chain = chainFrom(ref);
    const t = chain.findIndex((l) => (TERMINALS as readonly string[]).includes(l.name));
    const before = t < 0 ? chain : chain.slice(0, t);
    for (const link of before) {
      if (link.name === 'status') {
        rename(link, 'code');
        changed = true;
      }
    }
    if (t < 0) continue;
    const term = chain[t];
    const args = term.call.node.arguments;
    const resName = ref.node.name;
    switch (term.name) {
      case 'json': {
        rename(term, 'send');
        changed = true;
        if (args.length === 1 && kindOf(j, h, args[0]) === 'string') {
          insertBefore(ctx, term, 'type', [j.stringLiteral('application/json; charset=utf-8')]);
          args[0] = j.callExpression(j.memberExpression(j.identifier('JSON'), j.identifier('stringify')), [args[0]]);
        }
        break;
      }
      case 'send': {
        if (args.length !== 1 || typed || chain.slice(0, t).some((l) => l.name === 'type')) break;
        const kind = kindOf(j, h, args[0]);
        if (kind === 'string') {
          insertBefore(ctx, term, 'type', [j.stringLiteral(HTML)]);
          changed = true;
        } else if (kind === 'unknown') {
          // Not a marker: after this step `reply.send(x)` (from res.json) looks the same, so a marker
          // would come back on every run. The report lists it instead.
          const arg = srcOf(ctx, args[0]);
          ctx.report.note(
            `${ctx.file.path}:${term.call.node.loc?.start.line ?? 0} ${resName}.send(${arg}): Express answers a string with text/html, Fastify with text/plain; add .type('${HTML}') if ${arg} can be a string`,
          );
        }
        break;
      }
      case 'sendStatus': {
        const code = numberValue(args[0]);
        if (code === undefined) {
          if (args.length !== 1) continue;
          // Computed status: the text is looked up at run time, as Express does.
          const status = args[0];
          const simple = status.type === 'Identifier' || status.type === 'MemberExpression';
          let name = 'status';
          for (let i = 2; !simple && !nameIsFreeIn(j, h.path, name); i++) name = `status${i}`;
          const n = simple ? status : j.identifier(name);
          rename(term, 'send');
          insertBefore(ctx, term, 'code', [simple ? status : j.assignmentExpression('=', n, status)]);
          insertBefore(ctx, term, 'type', [j.stringLiteral('text/plain; charset=utf-8')]);
          ensureNamedImport(ctx, 'node:http', 'STATUS_CODES');
          term.call.node.arguments = [
            j.logicalExpression('??', j.memberExpression(j.identifier('STATUS_CODES'), n, true), j.callExpression(j.identifier('String'), [n])),
          ];
          if (!simple) {
            // `status` must be declared: hoist the expression into a const before the statement.
            const stmtPath = enclosingStatement(term.call);
            (term.call.node.callee.object.callee.object as any).arguments = [n];
            stmtPath.insertBefore(j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), status)]));
          }
          changed = true;
          break;
        }
        rename(term, 'send');
        insertBefore(ctx, term, 'code', [args[0]]);
        if (code === 204 || code === 304) {
          term.call.node.arguments = [];
        } else {
          insertBefore(ctx, term, 'type', [j.stringLiteral('text/plain; charset=utf-8')]);
          term.call.node.arguments = [j.stringLiteral(STATUS_CODES[code] ?? String(code))];
        }
        changed = true;
        break;
      }
      case 'end':
        rename(term, 'send');
        changed = true;
        break;
      case 'jsonp':
        if (todoOnce(ctx, term.call, `${resName}.jsonp(): Fastify has no JSONP; wrap the payload in the callback by hand`)) changed = true;
        continue;
    }
    if (tailReturn(ctx, h, chain, t)) changed = true;
  }
  return changed;
}

/** In a route, a send in tail position returns; `return { literal }` replaces a bare json/send. */
function tailReturn(ctx: StepContext, h: Handler, chain: ChainLink[], t: number): boolean {
  const { j } = ctx;
  if (h.kind !== 'route' || !inOwnBody(h, chain[t].call)) return false;
  const outer = chain[chain.length - 1].call;
  if (outer !== chain[t].call) return false; // something chained after the send
  const arg = chain[t].call.node.arguments[0];
  const literal = t === 0 && chain[t].call.node.arguments.length === 1 && /^(ObjectExpression|ArrayExpression)$/.test(arg?.type);
  // Arrow with an expression body: `(req, res) => res.json({ ok: true })`.
  if (outer.parent?.node === h.path.node && h.path.node.body === outer.node) {
    if (!literal) return false;
    h.path.node.body = j.parenthesizedExpression(arg); // keeps the literal as written
    return true;
  }
  const stmt = statementOf(outer);
  if (!stmt) return false;
  if (stmt.node.type === 'ReturnStatement') {
    if (!literal || stmt.node.argument !== outer.node) return false;
    stmt.node.argument = arg;
    return true;
  }
  const value = stmt.node.expression;
  if (isTail(h, stmt)) {
    toReturn(stmt, literal && value === outer.node ? arg : value);
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

const ANSWERS = new Set(['json', 'send', 'sendStatus', 'end', 'jsonp', 'redirect', 'render', 'view', 'sendFile', 'download']);

/**
 * An async route that answers only from callbacks (`db.get(id, (e, row) => res.json(row))`,
 * `load().then((x) => res.json(x))`) resolves before it answers: Fastify would send an empty 200
 * first. Returning the reply makes Fastify wait for the answer (the reply is a thenable).
 */
function awaitCallbackAnswers(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  const fn = h.path.node;
  if (!fn.async || h.kind !== 'route' || fn.body.type !== 'BlockStatement') return false;
  const res = h.params.res;
  if (!res) return false;
  const answers = refsTo(j, h, 'res').flatMap((r) => chainFrom(r).filter((l) => ANSWERS.has(l.name)));
  if (!answers.some((l) => !inOwnBody(h, l.call))) return false;
  const body = fn.body.body;
  const last = body[body.length - 1];
  if (last && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement')) return false;
  body.push(j.returnStatement(j.identifier(res)));
  return true;
}

export const step: Step = {
  name: 'res-json-to-reply-send',
  mightApply: (source) => mentionsAny(source, TERMINALS) || source.includes('.status('),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) {
      if (rewriteHandler(ctx, h)) changed = true;
      if (awaitCallbackAnswers(ctx, h)) changed = true;
    }
    return changed;
  },
};

export default toTransform(step);
