/**
 * res-redirect-to-reply-redirect: Express 5 takes the status first, Fastify 5 the URL first.
 *
 *   res.redirect(301, '/home')        →  return reply.redirect('/home', 301)   (tail of a route)
 *   res.redirect('/login')            →  reply.redirect('/login')              (same in both)
 *
 * Which argument is the status is decided from the arguments themselves (a number literal, a string,
 * a name like `status`/`code`), so a second run never swaps back; where neither tells, the call is
 * left with a marker. Express also writes a small "Redirecting to" body, Fastify an empty one.
 */
import { toTransform, type Step, type StepContext } from './lib/step';
import { handlersOf, linksOn, numberValue, returnIfTail, textOf, todoOnce, type Handler } from './lib/receivers';

type Role = 'status' | 'url' | 'unknown';

function roleOf(node: any): Role {
  if (numberValue(node) !== undefined) return 'status';
  switch (node.type) {
    case 'StringLiteral':
    case 'TemplateLiteral':
      return 'url';
    case 'Literal':
      return typeof node.value === 'string' ? 'url' : 'unknown';
    case 'BinaryExpression':
      return node.operator === '+' && (roleOf(node.left) === 'url' || roleOf(node.right) === 'url') ? 'url' : 'unknown';
  }
  const name = node.type === 'Identifier' ? node.name : node.type === 'MemberExpression' && node.property.type === 'Identifier' ? node.property.name : '';
  if (/status|code|permanent|temporary/i.test(name)) return 'status';
  if (/url|uri|href|location|path|target|dest|to$/i.test(name)) return 'url';
  return 'unknown';
}

function rewrite(ctx: StepContext, h: Handler): boolean {
  let changed = false;
  for (const { link, chain, index } of linksOn(ctx.j, h, 'res')) {
    if (link.name !== 'redirect') continue;
    const args = link.call.node.arguments;
    if (args.length === 2) {
      const [a, b] = args.map(roleOf);
      if (a === 'status' || b === 'url') {
        args.reverse();
        changed = true;
      } else if (!(a === 'url' || b === 'status')) {
        const msg = `${textOf(ctx.j, link.call.node)}: Express 5 takes (status, url), Fastify 5 (url, status); put the URL first`;
        if (todoOnce(ctx, link.call, msg)) changed = true;
        continue;
      }
    }
    if (index === chain.length - 1 && returnIfTail(h, link.call)) changed = true;
  }
  return changed;
}

export const step: Step = {
  name: 'res-redirect-to-reply-redirect',
  mightApply: (source) => source.includes('.redirect('),
  run(ctx) {
    let changed = false;
    for (const h of handlersOf(ctx.j, ctx.root)) if (rewrite(ctx, h)) changed = true;
    return changed;
  },
};

export default toTransform(step);
