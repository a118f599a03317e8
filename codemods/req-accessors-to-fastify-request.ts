/**
 * req-accessors-to-fastify-request: Express's request helpers to what a Fastify request has.
 *
 *   req.get('X-Trace-Id') / req.header('X')  →  request.headers['x-trace-id'] / request.headers.x
 *                                               (TypeScript, a header Node does not type as a string:
 *                                               `request.headers['x-trace-id'] as string | undefined`, req.get's type)
 *   req.is('json')   (as a condition)        →  /^application\/json\s*(?:;|$)/i.test(request.headers['content-type'] ?? '')
 *   req.path                                 →  request.url.split('?')[0]   (in an app-level handler)
 *   req.path   (under a router, or unknown)  →  (request.url.split('?')[0].slice(request.server.prefix.length) || '/')
 *                                               (Express's was relative to the router's mount point; request.server is
 *                                               the plugin the route was registered in, its prefix the mount point)
 *   req.secure                               →  request.protocol === 'https'
 *   req.accepts(x) / acceptsLanguages(x)...  →  request.accepts().type(x) / .languages(x)   (@fastify/accepts)
 *   req.ip, req.ips, req.hostname, req.protocol, req.originalUrl, req.cookies, req.query, req.params
 *                                            →  unchanged (Fastify has them, same meaning)
 *   req.signedCookies                        →  marker (@fastify/cookie's request.unsignCookie)
 */
import { toTransform, type Step, type StepContext } from './lib/step';
import { chainFrom, handlersOf, refsTo, stringValue, textOf, todoOnce, type Handler } from './lib/receivers';

const IS_SHORT: Record<string, string> = {
  json: 'application/json', html: 'text/html', text: 'text/plain', txt: 'text/plain', xml: 'application/xml',
  urlencoded: 'application/x-www-form-urlencoded', multipart: 'multipart/*', form: 'application/x-www-form-urlencoded',
  csv: 'text/csv', js: 'text/javascript', css: 'text/css',
};

/** A regex source matching a content type the way type-is (behind req.is) does, or undefined. */
function typeRegex(t: string): string | undefined {
  let full = t.startsWith('+') ? `*/*${t}` : t.includes('/') ? t : IS_SHORT[t.toLowerCase()];
  if (!full) return undefined;
  full = full.toLowerCase();
  const [type, sub] = full.split('/');
  if (!type || !sub) return undefined;
  const esc = (s: string) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
  const part = (s: string) => (s === '*' ? '[^/;]+' : s.startsWith('*+') ? `(?:[^;]*\\+)?${esc(s.slice(2))}` : esc(s));
  const subRe = sub.startsWith('*+') ? `(?:[^;]*\\+)?${esc(sub.slice(2))}` : part(sub);
  return `^${type === '*' ? '[^/]+' : esc(type)}\\/${subRe}\\s*(?:;|$)`;
}

/** Used where only truthiness matters: if/while/ternary tests, !, &&, ||. */
function inBooleanContext(p: any): boolean {
  const parent = p.parent?.node;
  if (!parent) return false;
  switch (parent.type) {
    case 'IfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
    case 'ConditionalExpression':
      return parent.test === p.node;
    case 'UnaryExpression':
      return parent.operator === '!';
    case 'LogicalExpression':
      return parent.left === p.node ? inBooleanContext(p.parent) || parent.operator !== '??' : inBooleanContext(p.parent);
    default:
      return false;
  }
}

/** Headers @types/node types as `string | undefined` on IncomingHttpHeaders (the rest: `string | string[] | undefined`). */
const STRING_HEADERS = new Set(
  ('accept accept-encoding accept-language accept-patch accept-ranges access-control-allow-credentials access-control-allow-headers ' +
    'access-control-allow-methods access-control-allow-origin access-control-expose-headers access-control-max-age ' +
    'access-control-request-headers access-control-request-method age allow alt-svc authorization cache-control connection ' +
    'content-disposition content-encoding content-language content-length content-location content-range content-type cookie ' +
    'date etag expect expires forwarded from host if-match if-modified-since if-none-match if-unmodified-since last-modified ' +
    'location origin pragma proxy-authenticate proxy-authorization public-key-pins range referer retry-after sec-fetch-site ' +
    'sec-fetch-mode sec-fetch-user sec-fetch-dest sec-websocket-accept sec-websocket-extensions sec-websocket-key ' +
    'sec-websocket-protocol sec-websocket-version strict-transport-security tk trailer transfer-encoding upgrade user-agent ' +
    'vary via warning www-authenticate').split(' '),
);

/**
 * Express's req.get(name) is typed `string | undefined`; `request.headers[name]` is that only for the
 * headers above. In TypeScript the others get `as string | undefined`: the same value (Node joins a
 * repeated header with ', ', as Express returns it), with the type req.get gave.
 */
function asExpressHeader(ctx: StepContext, name: any, access: any): any {
  const lit = stringValue(name);
  if (!/\.(ts|mts|cts|tsx)$/.test(ctx.file.path) || (lit !== undefined && STRING_HEADERS.has(lit.toLowerCase()))) return access;
  const { j } = ctx;
  return j.tsAsExpression(access, j.tsUnionType([j.tsStringKeyword(), j.tsUndefinedKeyword()]));
}

/** `headers.name` when name is a plain identifier, else `headers['name']`. */
function headerAccess(j: StepContext['j'], recv: any, name: any): any {
  const headers = j.memberExpression(recv, j.identifier('headers'));
  const lit = stringValue(name);
  if (lit === undefined) {
    const lower = j.callExpression(
      j.memberExpression(j.callExpression(j.identifier('String'), [name]), j.identifier('toLowerCase')),
      [],
    );
    return j.memberExpression(headers, lower, true);
  }
  const key = lit.toLowerCase();
  return /^[a-z_$][a-z0-9_$]*$/.test(key) ? j.memberExpression(headers, j.identifier(key)) : j.memberExpression(headers, j.stringLiteral(key), true);
}

/** Express's req.path is relative to where a Router is mounted; only an app-level handler is safe. */
function underRouter(ctx: StepContext, h: Handler): boolean {
  if (h.form === 'fastify' || h.registeredOn !== 'express') return true;
  const src = ctx.file.source;
  return /\bRouter\s*\(/.test(src) || !/\bexpress\s*\(\s*\)/.test(src);
}

const ACCEPTS: Record<string, string> = {
  accepts: 'type', acceptsLanguages: 'languages', acceptsEncodings: 'encodings', acceptsCharsets: 'charsets',
};

function rewrite(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  for (const ref of refsTo(j, h, 'req')) {
    const member = ref.parent;
    if (member.node.type !== 'MemberExpression' || member.node.object !== ref.node || member.node.computed) continue;
    const prop = member.node.property.name;
    const recvName = ref.node.name;
    const chain = chainFrom(ref);
    const call = chain[0]?.call;
    switch (prop) {
      case 'get':
      case 'header':
        if (call && call.node.arguments.length === 1) {
          call.replace(asExpressHeader(ctx, call.node.arguments[0], headerAccess(j, ref.node, call.node.arguments[0])));
          changed = true;
        }
        break;
      case 'is': {
        const args = call?.node.arguments ?? [];
        const lit = args.length === 1 ? stringValue(args[0]) : undefined;
        const re = lit !== undefined ? typeRegex(lit) : undefined;
        if (call && re && inBooleanContext(call)) {
          const test = j.callExpression(j.memberExpression(j.literal(new RegExp(re, 'i')), j.identifier('test')), [
            j.logicalExpression('??', headerAccess(j, ref.node, j.stringLiteral('content-type')), j.stringLiteral('')),
          ]);
          call.replace(test);
          changed = true;
        } else if (call) {
          const msg = `${textOf(j, call.node)}: Fastify has no req.is; compare ${recvName}.headers['content-type'] (type-is semantics)`;
          if (todoOnce(ctx, call, msg)) changed = true;
        }
        break;
      }
      case 'accepts':
      case 'acceptsLanguages':
      case 'acceptsEncodings':
      case 'acceptsCharsets':
        if (call && call.node.arguments.length > 0) {
          const accepts = j.callExpression(j.memberExpression(ref.node, j.identifier('accepts')), []);
          call.node.callee = j.memberExpression(accepts, j.identifier(ACCEPTS[prop]));
          ctx.report.note(`${ctx.file.path}: ${recvName}.accepts() needs @fastify/accepts registered`);
          changed = true;
        }
        break;
      case 'path': {
        if (call || (member.parent.node.type === 'AssignmentExpression' && member.parent.node.left === member.node)) break;
        const mark = underRouter(ctx, h);
        const url = j.callExpression(j.memberExpression(j.memberExpression(ref.node, j.identifier('url')), j.identifier('split')), [
          j.stringLiteral('?'),
        ]);
        const pathname = j.memberExpression(url, j.numericLiteral(0), true);
        // Under a router Express's req.path is relative to the mount point: strip the plugin's prefix
        // (request.server is the encapsulated instance the route was registered in; '' at the root).
        const prefixLength = j.memberExpression(j.memberExpression(j.memberExpression(ref.node, j.identifier('server')), j.identifier('prefix')), j.identifier('length'));
        const replacement = mark
          ? j.logicalExpression('||', j.callExpression(j.memberExpression(pathname, j.identifier('slice')), [prefixLength]), j.stringLiteral('/'))
          : pathname;
        member.replace(replacement);
        changed = true;
        break;
      }
      case 'secure':
        if (!call) {
          member.replace(j.binaryExpression('===', j.memberExpression(ref.node, j.identifier('protocol')), j.stringLiteral('https')));
          changed = true;
        }
        break;
      case 'signedCookies':
        if (todoOnce(ctx, member, `${recvName}.signedCookies: use ${recvName}.unsignCookie(${recvName}.cookies[name]) from @fastify/cookie (value is in .value when .valid)`))
          changed = true;
        break;
      case 'baseUrl':
        if (todoOnce(ctx, member, `${recvName}.baseUrl: the router's mount path; in a Fastify plugin use the plugin's prefix`)) changed = true;
        break;
    }
  }
  return changed;
}

export const step: Step = {
  name: 'req-accessors-to-fastify-request',
  mightApply: (source) => /\.(get|header|is|accepts\w*)\(|\.(path|secure|signedCookies|baseUrl)\b/.test(source),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) if (rewrite(ctx, h)) changed = true;
    return changed;
  },
};

export default toTransform(step);
