/**
 * res-headers-to-reply-headers: Express's response-header helpers to Fastify's reply.
 *
 *   res.set('Cache-Control', 'no-store')   →  reply.header('Cache-Control', 'no-store')
 *   res.set({ 'X-A': a })                  →  reply.headers({ 'X-A': a })
 *   res.set('Content-Type', 'text/csv')    →  reply.type('text/csv; charset=utf-8')
 *   res.type('json')                       →  reply.type('application/json; charset=utf-8')
 *   res.append('Link', l) / res.vary('Accept')  →  reply.header('Link', l) / reply.header('Vary', 'Accept')
 *   res.location(url)                      →  reply.header('location', url)
 *   res.setHeader(n, v) / res.get(n)       →  reply.header(n, v) / reply.getHeader(n)
 *   res.headersSent                        →  reply.sent
 *
 * Express expands a short type name and adds a charset to text and JSON types; that is done here for
 * literal values (a non-literal `type(x)` gets a marker). Fastify's reply.header replaces a header
 * (except Set-Cookie), so an append/vary of a header the handler sets more than once gets a marker.
 */
import { toTransform, type Step, type StepContext } from './lib/step';
import { handlersOf, linksOn, refsTo, stringValue, textOf, todoOnce, type Handler } from './lib/receivers';

/** Express's short names (mime-types' extension table), for the names people write. */
const SHORT: Record<string, string> = {
  html: 'text/html', htm: 'text/html', text: 'text/plain', txt: 'text/plain', json: 'application/json',
  js: 'text/javascript', mjs: 'text/javascript', css: 'text/css', csv: 'text/csv', xml: 'application/xml',
  md: 'text/markdown', markdown: 'text/markdown', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  gif: 'image/gif', svg: 'image/svg+xml', webp: 'image/webp', ico: 'image/vnd.microsoft.icon', pdf: 'application/pdf',
  zip: 'application/zip', bin: 'application/octet-stream', form: 'application/x-www-form-urlencoded',
  urlencoded: 'application/x-www-form-urlencoded', ics: 'text/calendar', rss: 'application/rss+xml',
  wasm: 'application/wasm', woff2: 'font/woff2', mp4: 'video/mp4', mp3: 'audio/mpeg', yaml: 'text/yaml', yml: 'text/yaml',
};

/** What Express would send for a literal `type(t)` / `set('Content-Type', t)`, or undefined if unknown. */
export function expressContentType(t: string): string | undefined {
  let full = t;
  if (!t.includes('/')) {
    full = SHORT[t.replace(/^\./, '').toLowerCase()];
    if (!full) return undefined;
  }
  if (/;\s*charset=/i.test(full)) return full;
  const base = full.split(';')[0].trim().toLowerCase();
  return /^text\/|^application\/(json|javascript)$/.test(base) ? `${full}; charset=utf-8` : full;
}

function setName(link: any, name: string): void {
  link.call.node.callee.property.name = name;
}

function rewrite(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  const links = linksOn(j, h, 'res');
  // How often each header name is written in this handler (append/vary are safe only when alone).
  const writes = new Map<string, number>();
  for (const { link } of links) {
    if (!['set', 'header', 'setHeader', 'append', 'vary'].includes(link.name)) continue;
    const name = link.name === 'vary' ? 'vary' : stringValue(link.call.node.arguments[0])?.toLowerCase();
    if (name) writes.set(name, (writes.get(name) ?? 0) + 1);
  }
  for (const { link } of links) {
    const args = link.call.node.arguments;
    const first = stringValue(args[0]);
    switch (link.name) {
      case 'set':
      case 'header':
      case 'setHeader': {
        // Express's set/header with one argument takes an object of headers.
        if (args.length === 1 && link.name !== 'setHeader' && stringValue(args[0]) === undefined && args[0].type !== 'TemplateLiteral') {
          setName(link, 'headers');
          changed = true;
          break;
        }
        if (args.length !== 2) break;
        if (first?.toLowerCase() === 'content-type') {
          const value = stringValue(args[1]);
          const ct = value === undefined ? undefined : expressContentType(value);
          setName(link, 'type');
          link.call.node.arguments = [ct === undefined ? args[1] : j.stringLiteral(ct)];
          changed = true;
        } else if (link.name !== 'header') {
          setName(link, 'header');
          changed = true;
        }
        break;
      }
      case 'type':
      case 'contentType': {
        const value = stringValue(args[0]);
        if (value === undefined) {
          const msg = `${textOf(j, link.call.node)}: Express maps a short name ('json', 'html') to a full content type and adds a charset; Fastify sets it as given`;
          if (todoOnce(ctx, link.call, msg)) changed = true;
          break;
        }
        const ct = expressContentType(value);
        if (ct === undefined) {
          if (todoOnce(ctx, link.call, `${textOf(j, link.call.node)}: unknown short type; write the full content type`)) changed = true;
          break;
        }
        if (ct !== value || link.name !== 'type') {
          setName(link, 'type');
          args[0] = j.stringLiteral(ct);
          changed = true;
        }
        break;
      }
      case 'append':
      case 'vary': {
        const name = link.name === 'vary' ? 'vary' : first?.toLowerCase();
        if (name === 'set-cookie' || (name && writes.get(name) === 1)) {
          if (link.name === 'vary') link.call.node.arguments = [j.stringLiteral('Vary'), args[0]];
          setName(link, 'header');
          changed = true;
        } else {
          const shown = link.name === 'vary' ? `${textOf(j, link.call.node.callee.object)}.vary(...)` : `${textOf(j, link.call.node.callee.object)}.append(${first !== undefined ? `'${first}'` : textOf(j, args[0])}, ...)`;
          const msg = `${shown} more than once: Fastify's reply.header replaces the header; send one header with all values`;
          if (todoOnce(ctx, link.call, msg)) changed = true;
        }
        break;
      }
      case 'location':
        if (args.length === 1) {
          setName(link, 'header');
          link.call.node.arguments = [j.stringLiteral('location'), args[0]];
          changed = true;
        }
        break;
      case 'get':
        if (args.length === 1) {
          setName(link, 'getHeader');
          changed = true;
        }
        break;
    }
  }
  // res.headersSent → reply.sent (a property, not a call).
  for (const ref of refsTo(j, h, 'res')) {
    const m = ref.parent.node;
    if (m.type === 'MemberExpression' && m.object === ref.node && !m.computed && m.property.name === 'headersSent') {
      m.property.name = 'sent';
      changed = true;
    }
  }
  return changed;
}

export const step: Step = {
  name: 'res-headers-to-reply-headers',
  mightApply: (source) => /\.(set|header|setHeader|type|contentType|append|vary|location|get)\(|headersSent/.test(source),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) if (rewrite(ctx, h)) changed = true;
    return changed;
  },
};

export default toTransform(step);
