/**
 * Express middleware in front of a route or a mounted router: does it run on Fastify as it is (a
 * hook once the run is done) or behind the adapter (`fromExpressMiddleware(mw)`), and which of it is
 * a body parser that Fastify replaces. Shared by express-route-to-fastify-route (route middleware →
 * `preHandler`) and router-module-to-fastify-plugin (mount middleware → `addHook('preHandler', ...)`
 * in the plugin that registers the router), so that both decide the same way.
 */
import { type AnyNode, type AnyPath, programOf, resolveBinding } from './ast';
import type { HandlerInfo } from './handlers';
import { importSource, isMigratedModule } from './receivers';
import type { StepContext } from './step';

/** `fromExpressHandler(...)` / `fromExpressMiddleware(...)` (or the one named). */
export function isAdapterCall(n: AnyNode, name?: string): boolean {
  return n?.type === 'CallExpression' && n.callee.type === 'Identifier' && (name ? n.callee.name === name : /^fromExpress(Handler|Middleware)$/.test(n.callee.name));
}

/** body-parser's `limit` ('100kb', '2mb', 1024) in bytes, as the `bytes` package reads it; null when not a literal. */
export function toBytes(n: AnyNode): number | null {
  if (n.type === 'NumericLiteral' || (n.type === 'Literal' && typeof n.value === 'number')) return n.value;
  if (n.type !== 'StringLiteral' && !(n.type === 'Literal' && typeof n.value === 'string')) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(n.value);
  if (!m) return null;
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b').toLowerCase() as 'b' | 'kb' | 'mb' | 'gb'];
  return Math.floor(Number(m[1]) * unit);
}

/** Local names of `express` and `body-parser` (import or require). */
export function bodyParserNames(ctx: StepContext): Set<string> {
  const names = new Set<string>();
  for (const st of programOf(ctx.root).body) {
    if (st.type === 'ImportDeclaration' && /^(express|body-parser)$/.test(st.source.value)) {
      for (const sp of st.specifiers ?? []) if (sp.type !== 'ImportSpecifier') names.add(sp.local.name);
    } else if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        if (d.id.type === 'Identifier' && d.init?.type === 'CallExpression' && d.init.callee.name === 'require' && /^(express|body-parser)$/.test(d.init.arguments[0]?.value)) names.add(d.id.name);
      }
    }
  }
  return names;
}

/** `express.json(...)` / `bodyParser.urlencoded(...)`: a body parser Fastify replaces (`parsers` from bodyParserNames). */
export function isBodyParserCall(parsers: ReadonlySet<string>, mw: AnyNode): boolean {
  if (mw?.type !== 'CallExpression' || mw.callee.type !== 'MemberExpression' || mw.callee.object.type !== 'Identifier') return false;
  return parsers.has(mw.callee.object.name) && /^(json|urlencoded)$/.test(mw.callee.property.name);
}

/** The `limit` property of a body parser's options, if written. */
export function bodyParserLimit(mw: AnyNode): AnyNode | undefined {
  return mw.arguments[0]?.properties?.find((p: AnyNode) => (p.key?.name ?? p.key?.value) === 'limit');
}

/** A local `const x = [a, b]` that `name` resolves to, from `at`. */
export function localArray(at: AnyPath, name: string): AnyNode | undefined {
  const b = resolveBinding(at, name) as any;
  const init = b?.kind === 'var' ? b.node?.init : undefined;
  return init?.type === 'ArrayExpression' ? init : undefined;
}

/**
 * Middleware that is a Fastify hook once this run is done: imported from a module the same run
 * migrates (option migratedModules), a factory call of one (`requireRole('ADMIN')`), or a spread or
 * local const array of such (`...adminOnly`).
 */
export function migratedMiddleware(ctx: StepContext, at: AnyPath, node: AnyNode, depth = 0): boolean {
  if (!node || depth > 4) return false;
  if (node.type === 'SpreadElement') return migratedMiddleware(ctx, at, node.argument, depth + 1);
  if (node.type === 'CallExpression') return migratedMiddleware(ctx, at, node.callee, depth + 1);
  if (node.type === 'ArrayExpression') return node.elements.length > 0 && node.elements.every((e: AnyNode) => migratedMiddleware(ctx, at, e, depth + 1));
  if (node.type !== 'Identifier') return false;
  const source = importSource(at, node.name);
  if (source) return isMigratedModule(ctx, source);
  const array = localArray(at, node.name);
  return !!array && migratedMiddleware(ctx, at, array, depth + 1);
}

/**
 * How one middleware runs on Fastify: `wrapped` (already `fromExpressMiddleware(...)`), `native`
 * (an inline function in Fastify's form, or middleware of a module the run migrates), `express`
 * (Express middleware: it goes behind the adapter). `byNode`: the file's handlers by function node.
 */
export function middlewareForm(ctx: StepContext, at: AnyPath, mw: AnyNode, byNode: ReadonlyMap<AnyNode, HandlerInfo>): 'wrapped' | 'native' | 'express' {
  if (isAdapterCall(mw)) return 'wrapped';
  const h = byNode.get(mw);
  if (h && h.form === 'fastify') return 'native';
  return migratedMiddleware(ctx, at, mw) ? 'native' : 'express';
}

/** What to spread for a middleware that stands for several (`...guards`, or a name bound to a local array), else undefined. */
export function spreadSource(at: AnyPath, mw: AnyNode, src: (n: AnyNode) => string): string | undefined {
  if (mw.type === 'SpreadElement') return src(mw.argument);
  return mw.type === 'Identifier' && localArray(at, mw.name) ? mw.name : undefined;
}
