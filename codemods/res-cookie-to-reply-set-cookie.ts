/**
 * res-cookie-to-reply-set-cookie: Express cookies to @fastify/cookie.
 *
 *   res.cookie('sid', t, { httpOnly: true, maxAge: 3600000 })
 *     →  reply.setCookie('sid', t, { httpOnly: true, maxAge: 3600, path: '/', sameSite: false })
 *   res.cookie('theme', v)                →  reply.setCookie('theme', v, { path: '/', sameSite: false })
 *   res.clearCookie('sid')                →  reply.setCookie('sid', '', { path: '/', expires: new Date(1), sameSite: false })
 *   req.cookies                           →  unchanged (@fastify/cookie decorates request.cookies)
 *
 * Express counts maxAge in milliseconds, @fastify/cookie in seconds, and Express defaults the path
 * to '/' where @fastify/cookie leaves it unset (the browser then scopes the cookie to the request's
 * directory): both are written out. @fastify/cookie adds `SameSite=Lax` to every cookie that does
 * not say otherwise, Express adds nothing: `sameSite: false` keeps Express's header. Express's
 * clearCookie is a cookie expiring in 1970 without Max-Age; @fastify/cookie's adds `Max-Age=0`, so it
 * is written as that setCookie. An object value (Express's 'j:' JSON cookies) and options that
 * are not an inline object get a marker. Needs @fastify/cookie registered (routes.setup).
 */
import { toTransform, type Step, type StepContext } from './lib/step';
import { handlersOf, linksOn, numberValue, stringValue, textOf, todoOnce, type Handler } from './lib/receivers';

function keyOf(prop: any): string | undefined {
  if (prop.type !== 'ObjectProperty' && prop.type !== 'Property') return undefined;
  if (prop.computed) return undefined;
  return prop.key.type === 'Identifier' ? prop.key.name : stringValue(prop.key);
}

function rewrite(ctx: StepContext, h: Handler): boolean {
  const { j } = ctx;
  let changed = false;
  const noSameSite = () => j.objectProperty(j.identifier('sameSite'), j.booleanLiteral(false));
  for (const { link } of linksOn(j, h, 'res')) {
    if (link.name === 'clearCookie') {
      // Express 5: cookie(name, '', { path: '/', ...options, expires: new Date(1) }) without maxAge.
      const cargs = link.call.node.arguments;
      const copts = cargs[1];
      if (cargs.length < 1 || cargs.length > 2 || (copts && (copts.type !== 'ObjectExpression' || copts.properties.some((p: any) => keyOf(p) === undefined)))) {
        const msg = `${textOf(j, link.call.node.callee.object)}.clearCookie(...): options not written inline; Express clears with { path: '/', ...options, expires: new Date(1) } and no maxAge`;
        if (todoOnce(ctx, link.call, msg)) changed = true;
        continue;
      }
      const kept = (copts?.properties ?? []).filter((p: any) => !['maxAge', 'expires'].includes(keyOf(p)!));
      const props = [
        ...(kept.some((p: any) => keyOf(p) === 'path') ? [] : [j.objectProperty(j.identifier('path'), j.stringLiteral('/'))]),
        ...kept,
        j.objectProperty(j.identifier('expires'), j.newExpression(j.identifier('Date'), [j.numericLiteral(1)])),
        ...(kept.some((p: any) => keyOf(p) === 'sameSite') ? [] : [noSameSite()]),
      ];
      link.call.node.callee.property.name = 'setCookie';
      link.call.node.arguments = [cargs[0], j.stringLiteral(''), j.objectExpression(props)];
      changed = true;
      continue;
    }
    if (link.name !== 'cookie') continue;
    const args = link.call.node.arguments;
    if (args.length < 2 || args.length > 3) continue;
    const recv = textOf(j, link.call.node.callee.object);
    const name = stringValue(args[0]) !== undefined ? `'${stringValue(args[0])}'` : textOf(j, args[0]);
    if (args[1].type === 'ObjectExpression' || args[1].type === 'ArrayExpression') {
      const msg = `${recv}.cookie(${name}, <object>): Express stores objects as 'j:' + JSON; serialize the value yourself (and parse it where it is read)`;
      if (todoOnce(ctx, link.call, msg)) changed = true;
      continue;
    }
    const opts = args[2];
    if (opts && (opts.type !== 'ObjectExpression' || opts.properties.some((p: any) => keyOf(p) === undefined))) {
      const msg = `${recv}.cookie(${name}, ..., ${textOf(j, opts)}): options not written inline; @fastify/cookie counts maxAge in seconds (Express in ms) and has no default path '/'`;
      if (todoOnce(ctx, link.call, msg)) changed = true;
      continue;
    }
    if (!opts) {
      args.push(j.objectExpression([j.objectProperty(j.identifier('path'), j.stringLiteral('/')), noSameSite()]));
    } else {
      for (const prop of opts.properties) {
        if (keyOf(prop) !== 'maxAge') continue;
        const ms = numberValue(prop.value);
        prop.value =
          ms !== undefined
            ? j.numericLiteral(Math.floor(ms / 1000))
            : j.callExpression(j.memberExpression(j.identifier('Math'), j.identifier('floor')), [
                j.binaryExpression('/', prop.value, j.numericLiteral(1000)),
              ]);
      }
      if (!opts.properties.some((p: any) => keyOf(p) === 'path')) {
        opts.properties.push(j.objectProperty(j.identifier('path'), j.stringLiteral('/')));
      }
      if (!opts.properties.some((p: any) => keyOf(p) === 'sameSite')) opts.properties.push(noSameSite());
    }
    link.call.node.callee.property.name = 'setCookie';
    changed = true;
  }
  return changed;
}

export const step: Step = {
  name: 'res-cookie-to-reply-set-cookie',
  mightApply: (source) => source.includes('.cookie(') || source.includes('.clearCookie('),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) if (rewrite(ctx, h)) changed = true;
    return changed;
  },
};

export default toTransform(step);
