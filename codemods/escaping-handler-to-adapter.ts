/**
 * escaping-handler-to-adapter: a handler that lets its request or response escape runs through the
 * Express adapter instead of being migrated natively.
 *
 *   router.get('/r/:id', (req, res) => { renderReport(req.params.id, res) })
 *     →  router.get('/r/:id', fromExpressHandler((req, res) => { renderReport(req.params.id, res) }))
 *   stream.get('/events', remember, handler)   (remember stores req)
 *     →  stream.get('/events', fromExpressMiddleware(remember), handler)
 *
 * "Escapes" (lib/receivers `escapeReasons`): `req`/`res` passed to a function, stored, aliased,
 * returned or put in an object, or a member no step knows (`res.write`, `req.pipe`...). The wrapped
 * handler stays Express code (every other step skips it), gets one marker saying why, and counts as
 * `adapter` in the report.
 *
 * A handler this file only exports (a controller module: the route file registers `users.avatar`)
 * is wrapped where it is defined, so every importer gets a Fastify handler:
 *
 *   export function avatar(req, res) { redirectToCdn(res, ...) }
 *     →  export const avatar = fromExpressHandler(function avatar(req, res) { redirectToCdn(res, ...) });
 *
 * and it is listed in the report's `adaptedExports`, which the CLI joins to the routes that use it.
 * A function declaration becomes a `const`, which is not hoisted: when the module reads the name
 * before the definition at load time (`module.exports = { avatar }` above it), the handler is left
 * as it was with a marker instead. `fromExpressHandler` / `fromExpressMiddleware` are imported from the
 * adapter module (option `adapterModule`, default `../adapter`). Run it before the signature step:
 * once a handler has Fastify's (request, reply) it cannot go behind the adapter any more.
 */
import { adapterModule, ensureNamedImport, resolveBinding } from './lib/ast';
import { HTTP_METHODS, KEPT_AS_EXPRESS } from './lib/handlers';
import { toTransform, type Step, type StepContext } from './lib/step';
import { escapeReasons, handlersOf, stringValue, todoOnce, type Handler } from './lib/receivers';

const REGISTRATIONS = new Set<string>([...HTTP_METHODS, 'use']);

export const step: Step = {
  name: 'escaping-handler-to-adapter',
  // Registrations, or exports (a controller module's handlers).
  mightApply: (source) => /\.(get|post|put|delete|patch|options|head|all|use)\(|\bexports?\b/.test(source),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const escaping = new Map<any, { h: Handler; reasons: string[] }>();
    const wasExpress = wasExpressFile(ctx.file.source);
    for (const found of handlersOf(j, root, { withEscaping: true })) {
      if (found.kind === 'error' || found.kind === 'param') continue;
      // A handler of an Express router that router-module-to-fastify-plugin has already put on the
      // plugin's `fastify` looks like Fastify code when it uses only members both share
      // (`single(req, res, cb)` then `res.status(400).send(...)`): in a file that was Express code
      // when the run began, it is still Express code.
      const h = found.form === 'express' ? found : wasExpress && found.registeredOn === 'fastify' && found.params.res !== 'reply' ? { ...found, form: 'express' as const } : null;
      if (!h) continue;
      const reasons = escapeReasons(j, h);
      const factory = middlewareFactory(h);
      if (factory) reasons.push(`a middleware handed to ${factory}(): what it returns calls next and returns a promise, and Fastify would go on twice`);
      if (reasons.length) escaping.set(h.path.node, { h, reasons });
    }
    if (escaping.size === 0) return false;
    const byName = new Map<string, any>();
    for (const node of escaping.keys()) {
      const path = escaping.get(node)!.h.path;
      const name = node.id?.name ?? (path.parent?.node.type === 'VariableDeclarator' ? path.parent.node.id.name : undefined);
      if (name) byName.set(name, node);
    }
    let changed = false;
    const used = new Set<string>();
    const wrappedHere = new Set<any>();
    root.find(j.CallExpression, { callee: { type: 'MemberExpression' } }).forEach((call: any) => {
      const callee = call.node.callee;
      if (callee.computed || callee.property.type !== 'Identifier' || !REGISTRATIONS.has(callee.property.name)) return;
      const method = callee.property.name;
      const args: any[] = call.node.arguments;
      const fnIdx = args.map((a, i) => (a.type === 'StringLiteral' || a.type === 'TemplateLiteral' || a.type === 'ObjectExpression' || a.type === 'RegExpLiteral' ? -1 : i)).filter((i) => i >= 0);
      if (fnIdx.length === 0) return;
      const reasons: string[] = [];
      for (const i of fnIdx) {
        const a = args[i];
        const node = a.type === 'Identifier' ? byName.get(a.name) : a;
        const hit = node && escaping.get(node);
        if (!hit) continue;
        const wrapper = method !== 'use' && i === fnIdx[fnIdx.length - 1] ? 'fromExpressHandler' : 'fromExpressMiddleware';
        args[i] = j.callExpression(j.identifier(wrapper), [a]);
        used.add(wrapper);
        reasons.push(...hit.reasons);
      }
      if (reasons.length === 0) return;
      for (const i of fnIdx) {
        const a = args[i].type === 'CallExpression' ? args[i].arguments[0] : args[i];
        wrappedHere.add(a.type === 'Identifier' ? byName.get(a.name) : a);
      }
      changed = true;
      const why = [...new Set(reasons)].join('; ');
      todoOnce(ctx, call, `served through the Express adapter (${why}); migrate it natively when you can`);
      if (method !== 'use') {
        ctx.report.route({
          method: method.toUpperCase(),
          path: stringValue(args[0]) ?? '',
          line: call.node.loc?.start.line ?? 0,
          outcome: 'adapter',
          reasons: [...new Set(reasons)],
        });
      }
    });
    for (const [node, { h, reasons }] of escaping) {
      if (wrappedHere.has(node) || h.registeredOn !== null) continue;
      const wrapper = h.kind === 'middleware' ? 'fromExpressMiddleware' : 'fromExpressHandler';
      const result = wrapExportedDefinition(ctx, h, wrapper);
      if (result === null) {
        // Not registered here, not called here, and not an export this step can wrap (a method of a
        // nested exported object, a value handed elsewhere): it stays Express code, and says so.
        if (todoOnce(ctx, h.path, `${KEPT_AS_EXPRESS}: it lets req/res escape (${reasons.join('; ')}); register it as ${wrapper}(...) where it is used`)) changed = true;
        continue;
      }
      const why = reasons.join('; ');
      if (result.wrapped) {
        used.add(wrapper);
        changed = true;
        todoOnce(ctx, result.at, `served through the Express adapter (${why}); migrate it natively when you can`);
        ctx.report.exportedHandler({ name: result.name, line: result.line, outcome: 'adapter', reasons });
      } else {
        if (todoOnce(ctx, result.at, `${KEPT_AS_EXPRESS}: it lets req/res escape (${why}) but is read before its definition when the module loads; wrap it with ${wrapper}(...) by hand`)) changed = true;
        ctx.report.exportedHandler({ name: result.name, line: result.line, outcome: 'todo', reasons });
      }
    }
    for (const name of [...used].sort()) ensureNamedImport(ctx, adapterModule(ctx), name);
    return changed;
  },
};

/**
 * `asyncHandler(async (req, res, next) => { ...; next(); })`: the name of the (non-adapter) factory a
 * middleware that calls next is handed to, as the value of a variable. As a Fastify hook, the function
 * the factory returns would call done and also return a promise: Fastify follows both, so the route
 * runs twice. Behind the adapter it keeps Express's meaning.
 */
function middlewareFactory(h: Handler): string | undefined {
  if (h.kind !== 'middleware' || h.registeredOn !== null || !h.params.next) return undefined;
  const call = h.path.parent?.node;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(h.path.node)) return undefined;
  if (h.path.parent.parent?.node.type !== 'VariableDeclarator') return undefined;
  const callee = call.callee;
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : undefined;
  if (!name || /^fromExpress(Handler|Middleware)$/.test(name)) return undefined;
  return name;
}

/** The file as the run received it imports Express and not Fastify. */
function wasExpressFile(source: string): boolean {
  return /require\(\s*['"]express['"]\s*\)|from\s+['"]express['"]/.test(source) && !/require\(\s*['"]fastify['"]\s*\)|from\s+['"]fastify['"]/.test(source);
}

interface ExportedDefinition {
  /** The exported name ('default' for `export default function`). */
  name: string;
  line: number;
  /** Where the marker goes. */
  at: any;
  /** False: the definition could not be wrapped safely (read before it is defined). */
  wrapped: boolean;
}

/**
 * Wraps an exported handler where it is defined: `export function f` / `function f` exported later
 * (ESM `export { f }`, `module.exports = { f }`, `exports.f = f`) becomes `const f = wrapper(function f ...)`;
 * `export const f = (req, res) => ...`, `exports.f = function ...`, `module.exports = { f(req, res) {} }`
 * and `export default function` get the wrapper around the function. Null: not exported, left alone.
 */
function wrapExportedDefinition(ctx: StepContext, h: Handler, wrapper: string): ExportedDefinition | null {
  const { j } = ctx;
  const fnPath = h.path;
  const fn = fnPath.node;
  const parentPath = fnPath.parent;
  const parent = parentPath?.node;
  // Recast leaves `loc` off some nodes (an exported declaration has it on the export).
  const line = fn.loc?.start.line ?? parent?.loc?.start.line ?? 0;
  const wrap = (node: any) => j.callExpression(j.identifier(wrapper), [node]);

  if (fn.type === 'FunctionDeclaration') {
    const name: string | undefined = fn.id?.name;
    if (parent.type === 'ExportDefaultDeclaration') {
      if (name && readsOf(ctx, name, fn).length > 0) return { name: 'default', line, at: fnPath, wrapped: false };
      parent.declaration = wrap(asExpression(j, fn));
      return { name: 'default', line, at: parentPath, wrapped: true };
    }
    if (!name) return null;
    const topLevel = parent.type === 'ExportNamedDeclaration' ? parentPath.parent?.node.type === 'Program' : parent.type === 'Program';
    if (!topLevel) return null;
    const reads = readsOf(ctx, name, fn);
    const exportedAs = parent.type === 'ExportNamedDeclaration' ? name : exportNameOf(reads);
    if (!exportedAs) return null;
    if (reads.some((r) => readAtLoadBefore(r, fn))) return { name: exportedAs, line, at: fnPath, wrapped: false };
    const decl = j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), wrap(asExpression(j, fn)))]);
    (decl as any).comments = fn.comments;
    fn.comments = null;
    if (parent.type === 'ExportNamedDeclaration') parent.declaration = decl;
    else parentPath.get('body', fnPath.name).replace(decl);
    return { name: exportedAs, line, at: parent.type === 'ExportNamedDeclaration' ? parentPath : fnPath, wrapped: true };
  }

  // `const f = (req, res) => ...` at the top level, exported there or later.
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    const declPath = parentPath.parent;
    const holder = declPath?.parent?.node;
    const exported = holder?.type === 'ExportNamedDeclaration' ? parent.id.name : holder?.type === 'Program' ? exportNameOf(readsOf(ctx, parent.id.name, parent)) : null;
    if (!exported) return null;
    parent.init = wrap(fn);
    return { name: exported, line, at: declPath, wrapped: true };
  }
  // `const f = asyncHandler(async (req, res) => ...)` at the top level, exported: the factory's result
  // is the Express handler, so it goes behind the adapter whole.
  // `exports.f = wrap(function* (req, res) ...)` / `module.exports.f = catchErrors(...)`: likewise.
  if (parent?.type === 'CallExpression' && parent.arguments.includes(fn) && parentPath.parent?.node.type === 'AssignmentExpression' && parentPath.parent.node.right === parent) {
    if (parent.callee.type === 'Identifier' && /^fromExpress(Handler|Middleware)$/.test(parent.callee.name)) return null;
    const name = commonJsExportName(parentPath.parent.node.left);
    if (!name) return null;
    parentPath.parent.node.right = wrap(parent);
    return { name, line, at: parentPath.parent, wrapped: true };
  }
  if (parent?.type === 'CallExpression' && parent.arguments.includes(fn) && parentPath.parent?.node.type === 'VariableDeclarator') {
    const declarator = parentPath.parent.node;
    const declPath = parentPath.parent.parent;
    const holder = declPath?.parent?.node;
    if (declarator.init !== parent || declarator.id.type !== 'Identifier') return null;
    if (parent.callee.type === 'Identifier' && /^fromExpress(Handler|Middleware)$/.test(parent.callee.name)) return null;
    const exported = holder?.type === 'ExportNamedDeclaration' ? declarator.id.name : holder?.type === 'Program' ? exportNameOf(readsOf(ctx, declarator.id.name, declarator)) : null;
    if (!exported) return null;
    declarator.init = wrap(parent);
    return { name: exported, line, at: declPath, wrapped: true };
  }
  // `exports.f = function (req, res) {...}` / `module.exports.f = ...` / `module.exports = ...`
  if (parent?.type === 'AssignmentExpression' && parent.right === fn) {
    const name = commonJsExportName(parent.left);
    if (!name) return null;
    parent.right = wrap(fn);
    return { name, line, at: parentPath, wrapped: true };
  }
  // `module.exports = { f(req, res) {...}, g: (req, res) => ... }`
  const objectPath = fn.type === 'ObjectMethod' ? parentPath : parentPath?.parent;
  const property = fn.type === 'ObjectMethod' ? fn : parent;
  if (
    objectPath?.node.type === 'ObjectExpression' &&
    (property.type === 'ObjectMethod' || property.type === 'ObjectProperty') &&
    !property.computed &&
    property.key.type === 'Identifier' &&
    objectPath.parent?.node.type === 'AssignmentExpression' &&
    commonJsExportName(objectPath.parent.node.left) === 'default'
  ) {
    const key = property.key.name;
    if (property.type === 'ObjectMethod') {
      if (fn.kind !== 'method') return null;
      const expr = j.functionExpression(j.identifier(key), fn.params, fn.body, fn.generator, fn.async);
      (expr as any).returnType = fn.returnType;
      const replacement = j.objectProperty(j.identifier(key), wrap(expr));
      (replacement as any).comments = fn.comments;
      fnPath.replace(replacement);
    } else {
      property.value = wrap(fn);
    }
    return { name: key, line, at: objectPath.parent, wrapped: true };
  }
  return null;
}

/** `function f() {}` as the expression `function f() {}`, keeping types and modifiers. */
function asExpression(j: StepContext['j'], fn: any): any {
  const expr: any = j.functionExpression(fn.id ?? null, fn.params, fn.body, fn.generator, fn.async);
  expr.returnType = fn.returnType;
  expr.typeParameters = fn.typeParameters;
  return expr;
}

/** Identifier reads of `name` in the file that resolve to the top-level definition `def`, minus the definition itself. */
function readsOf(ctx: StepContext, name: string, def: any): any[] {
  const { j, root } = ctx;
  const id = def.id;
  return root
    .find(j.Identifier, { name })
    .filter((p: any) => {
      if (p.node === id) return false;
      const parent = p.parent.node;
      if ((parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
      if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.key === p.node && !parent.shorthand) return false;
      if (parent.type === 'ExportSpecifier' || parent.type === 'ImportSpecifier') return parent.local === p.node;
      const b = resolveBinding(p, name);
      return !!b && b.node === def;
    })
    .paths();
}

/** The name under which one of these reads exports the value: `export { f as g }`, `module.exports = { g: f }`, `exports.g = f`. */
function exportNameOf(reads: any[]): string | null {
  for (const r of reads) {
    const parent = r.parent.node;
    if (parent.type === 'ExportSpecifier') return parent.exported.name ?? parent.exported.value;
    if ((parent.type === 'ObjectProperty' || parent.type === 'Property') && parent.value === r.node) {
      const assign = r.parent.parent?.parent?.node;
      if (assign?.type === 'AssignmentExpression' && commonJsExportName(assign.left) === 'default' && parent.key.type === 'Identifier') return parent.key.name;
    }
    if (parent.type === 'AssignmentExpression' && parent.right === r.node) {
      const name = commonJsExportName(parent.left);
      if (name) return name;
    }
  }
  return null;
}

/** `module.exports` → 'default'; `exports.f` / `module.exports.f` → 'f'; anything else null. */
function commonJsExportName(left: any): string | null {
  const isModuleExports = (n: any) =>
    n?.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports';
  if (isModuleExports(left)) return 'default';
  if (left?.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return null;
  if ((left.object.type === 'Identifier' && left.object.name === 'exports') || isModuleExports(left.object)) return left.property.name;
  return null;
}

/** A read outside every function (so it runs when the module loads) placed before the definition. */
function readAtLoadBefore(read: any, def: any): boolean {
  if ((read.node.start ?? 0) >= (def.start ?? 0) || read.parent.node.type === 'ExportSpecifier') return false;
  for (let p = read.parent; p; p = p.parent) {
    if (/Function|ObjectMethod|ClassMethod/.test(p.node.type)) return false;
  }
  return true;
}

export default toTransform(step);
