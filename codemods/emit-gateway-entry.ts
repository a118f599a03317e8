/**
 * emit-gateway-entry: the entry module of a generated app, in the shape the gateway takes
 * (`MigratedRoutes`, gateway/types.ts), written from the Express app-level file.
 *
 *   app.use(requestContext)                    →  app.addHook('onRequest', hook(requestContext))
 *   app.use(express.json({ limit: '100kb' }))  →  await app.register(expressJson, { limit: '100kb' })
 *   app.use(express.urlencoded(opts))          →  await app.register(expressUrlencoded, opts)
 *   app.use(cookieParser())                    →  await app.register(fastifyCookie)
 *   app.use(authenticate)  (after a parser)    →  app.addHook('preHandler', hook(authenticate))
 *   app.use('/api/users', usersRouter)         →  { prefix: '/api/users', plugin: usersRouter }
 *   app.use('/admin', requireAuth, adminRouter) →  { prefix: '/admin', plugin: adminRouterMount }, where adminRouterMount
 *                                                 adds hook(requireAuth) (onRequest / preHandler as above), then registers adminRouter
 *   app.use(errorHandler)  (4 parameters)      →  app.setErrorHandler(expressErrorHandler(errorHandler))
 *   app.use(notFoundHandler) (after mounts)    →  nothing: what no migrated route matches is Express's
 *   (always)                                   →  expressLocals (res.locals), expressRedirects (res.redirect's body),
 *                                                 expressEtag (res.send's ETag and 304), registered last
 *   request.user = ... in the generated code   →  app.decorateRequest('user', undefined)  (unset, as on Express's req)
 *   reply.sendFile/download in generated code  →  await app.register(fastifyStatic, { root, serve: false })
 *
 * The app's own middleware and routers are imported from their generated twins (the recipe has
 * turned them into `(request, reply, done)` functions and Fastify plugins); Express's built-ins map
 * onto gateway/express-compat.ts, which parses bodies with body-parser's rules. A middleware runs
 * where Express ran it: before the first body parser → `onRequest`, after → `preHandler`.
 * Routes declared on the app itself (`app.get('/health', ...)`) are taken, as the recipe migrated
 * them, from the app file's generated twin into an `appRoutes` plugin at prefix '': what they use
 * must be module-level there (imported into the entry) or global; one that uses a local of the
 * function building the app stays on Express, named in the header comment. Anything else on the
 * app (`app.set`, unknown middleware) is listed as not carried over.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import traverseModule, { type NodePath } from '@babel/traverse';
import { babelParse, resolveRelative, ROUTE_METHODS } from './runner/discover';

// @babel/traverse is CommonJS with `exports.default`; interop differs between loaders.
const traverse: typeof traverseModule = (traverseModule as unknown as { default?: typeof traverseModule }).default ?? traverseModule;

export interface EntryInput {
  /** Absolute path of the Express app-level file (the one calling `express()`). */
  appFile: string;
  /** Absolute folder the inputs are taken relative to (as for --out). */
  baseDir: string;
  /** Absolute folder the generated files go to; the entry is `<outDir>/index.ts`. */
  outDir: string;
  /** Absolute paths of the input files that have a generated twin under outDir. */
  migrated: ReadonlySet<string>;
  /** Absolute path (no extension) of the gateway's types module. */
  typesModule: string;
  /** Absolute path (no extension) of the Express-compat runtime module. */
  compatModule: string;
}

export interface EntryResult {
  source: string;
  /** Mounted routers, in mount order. */
  mounts: { prefix: string; local: string }[];
  /** Routes declared on the app itself (they stay on Express). */
  appRoutes: string[];
  /** What the entry did not carry over, one line each. */
  notCarried: string[];
}

const spec = (fromDir: string, target: string): string => {
  let rel = path.relative(fromDir, target).split(path.sep).join('/').replace(/\.(ts|tsx|js|mjs|cjs)$/, '');
  if (!rel.startsWith('.')) rel = './' + rel;
  return rel;
};

interface Binding {
  /** The import statement's source as written. */
  source: string;
  /** 'default', '*', or the imported name. */
  imported: string;
}

/** Top-level imports of the file: local name → where it comes from. */
function importsOf(program: any): Map<string, Binding> {
  const out = new Map<string, Binding>();
  for (const stmt of program.body) {
    if (stmt.type !== 'ImportDeclaration' || stmt.importKind === 'type') continue;
    for (const s of stmt.specifiers) {
      const imported =
        s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : (s.imported.name ?? s.imported.value);
      out.set(s.local.name, { source: stmt.source.value, imported });
    }
  }
  return out;
}

/** Parameter count of the function `name` exports from `file` (undefined: not found). */
function exportedArity(file: string, name: string): number | undefined {
  const program = babelParse(readFileSync(file, 'utf8'), file).program;
  const fnArity = (node: any): number | undefined =>
    node && /Function/.test(node.type) ? node.params.length : undefined;
  for (const stmt of program.body) {
    const decl = stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' ? stmt.declaration : stmt;
    if (!decl) continue;
    if (decl.type === 'FunctionDeclaration' && (decl.id?.name === name || (name === 'default' && stmt.type === 'ExportDefaultDeclaration'))) {
      return decl.params.length;
    }
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.name === name) return fnArity(d.init);
    }
  }
  return undefined;
}

/** The call `x.y(...)` / `x(...)` as `x.y` / `x`, else null. */
function calleeName(node: any): string | null {
  if (node?.type !== 'CallExpression') return null;
  const c = node.callee;
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.property.type === 'Identifier') return `${c.object.name}.${c.property.name}`;
  return null;
}

/** The statements of the function that calls `express()` (or the program), and the app's name. */
function appScope(program: any, expressLocal: string): { body: any[]; app: string } | null {
  let found: { body: any[]; app: string } | null = null;
  const visit = (node: any, body: any[] | null) => {
    if (!node || typeof node !== 'object' || found) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, body);
      return;
    }
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && calleeName(node.init) === expressLocal && body) {
      found = { body, app: node.id.name };
      return;
    }
    const ownBody = node.type === 'BlockStatement' || node.type === 'Program' ? node.body : body;
    for (const key of Object.keys(node)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'leadingComments' || key === 'trailingComments') continue;
      const child = node[key];
      if (child && typeof child === 'object') visit(child, ownBody);
    }
  };
  visit(program, program.body);
  return found;
}

interface AppRoutesModule {
  /** Statement texts, as the recipe wrote them in the twin. */
  statements: string[];
  /** Names the statements use from the twin's top level: name -> import clause and specifier. */
  imports: { specifier: string; clause: string }[];
  /** Routes that stay on Express, with the reason. */
  left: string[];
}

/** Exported top-level names of a module → the text of the statement that declares them. */
function exportedDeclarations(source: string, ast: any): Map<string, string> {
  const out = new Map<string, string>();
  for (const stmt of ast.program.body) {
    if (stmt.type !== 'ExportNamedDeclaration' || !stmt.declaration) continue;
    const d = stmt.declaration;
    const text = source.slice(stmt.start, stmt.end);
    if (d.type === 'VariableDeclaration') for (const v of d.declarations) if (v.id.type === 'Identifier') out.set(v.id.name, text);
    if ((d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') && d.id) out.set(d.id.name, text);
  }
  return out;
}

/**
 * The app-level route registrations of the app file's generated twin, with what they need from the
 * twin's top level (its exports, imported from the twin; its imports, repeated). `twinSpecifier` is
 * the twin as the entry imports it; the entry sits in the twin's folder, so its imports read the same.
 * An export the recipe left as it was in the app file (`export const APP_NAME = '...'`) is imported
 * from the app file itself (`legacy`): the entry needs the value, not the twin's module (which
 * imports every migrated router to build a Fastify app of its own), so it does not load the twin.
 */
function appRoutesFromTwin(
  twinFile: string,
  twinSpecifier: string,
  expressLocal: string,
  legacy?: { file: string; specifier: string },
  /** Routes that stay on Express whatever they use ('GET /admin/x' → why). */
  stay: ReadonlyMap<string, string> = new Map(),
): AppRoutesModule {
  const source = readFileSync(twinFile, 'utf8');
  const ast = babelParse(source, twinFile);
  const out: AppRoutesModule = { statements: [], imports: [], left: [] };
  const routeMethods = new Set<string>(ROUTE_METHODS);
  const twinExports = exportedDeclarations(source, ast);
  const exported = new Set<string>(twinExports.keys());
  const legacySource = legacy ? readFileSync(legacy.file, 'utf8') : '';
  const legacyExports = legacy ? exportedDeclarations(legacySource, babelParse(legacySource, legacy.file)) : new Map<string, string>();
  const seen = new Set<string>();
  let appName: string | null = null;
  // The recipe makes `const app = express()` a Fastify instance (express-app-to-fastify-instance).
  const factories = new Set([expressLocal, ...[...importsOf(ast.program)].filter(([, b]) => b.source === 'fastify' && b.imported === 'default').map(([local]) => local)]);
  traverse(ast, {
    VariableDeclarator(p: NodePath<any>) {
      const init = p.node.init;
      if (!appName && init?.type === 'CallExpression' && init.callee.type === 'Identifier' && factories.has(init.callee.name) && p.node.id.type === 'Identifier') {
        appName = p.node.id.name;
      }
    },
  });
  if (!appName) return out;
  traverse(ast, {
    ExpressionStatement(p: NodePath<any>) {
      const call = p.node.expression;
      const callee = call?.type === 'CallExpression' ? call.callee : null;
      if (!callee || callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== appName) return;
      if (callee.property.type !== 'Identifier' || !routeMethods.has(callee.property.name) || call.arguments[0]?.type !== 'StringLiteral') return;
      const label = `${callee.property.name.toUpperCase()} ${call.arguments[0].value}`;
      if (stay.has(label)) {
        out.left.push(`${label}: ${stay.get(label)}`);
        return;
      }
      const needs: { specifier: string; clause: string }[] = [];
      let blocked: string | null = null;
      p.traverse({
        ReferencedIdentifier(r: NodePath<any>) {
          const name = r.node.name;
          if (name === appName && r.parentPath?.isMemberExpression({ object: r.node }) && r.parentPath.parentPath?.node === call) return;
          const binding = r.scope.getBinding(name);
          if (!binding) return; // a global
          if (binding.path.findParent((a) => a === p)) return; // declared in the statement itself
          if (binding.scope.block.type !== 'Program') {
            blocked = `uses ${name}, a local of the function that builds the app`;
            return;
          }
          if (binding.kind === 'module') {
            const decl = binding.path.parentPath?.node as any;
            const spec = binding.path.node as any;
            const clause =
              spec.type === 'ImportDefaultSpecifier' ? name : spec.type === 'ImportNamespaceSpecifier' ? `* as ${name}` : spec.imported.name === name ? `{ ${name} }` : `{ ${spec.imported.name} as ${name} }`;
            needs.push({ specifier: decl.source.value, clause });
          } else if (exported.has(name)) {
            const unchanged = legacy && legacyExports.get(name) === twinExports.get(name);
            needs.push({ specifier: unchanged ? legacy.specifier : twinSpecifier, clause: `{ ${name} }` });
          } else {
            blocked = `uses ${name}, which ${path.basename(twinFile)} does not export`;
          }
        },
      });
      if (blocked) {
        out.left.push(`${label}: ${blocked}`);
        return;
      }
      out.statements.push(source.slice(p.node.start, p.node.end));
      for (const n of needs) {
        const key = `${n.specifier}|${n.clause}`;
        if (!seen.has(key)) {
          seen.add(key);
          out.imports.push(n);
        }
      }
    },
  });
  return out;
}

export function emitGatewayEntry(input: EntryInput): EntryResult {
  const source = readFileSync(input.appFile, 'utf8');
  const program = babelParse(source, input.appFile).program;
  const imports = importsOf(program);
  const expressLocal = [...imports].find(([, b]) => b.source === 'express' && b.imported === 'default')?.[0] ?? 'express';
  const scope = appScope(program, expressLocal);
  if (!scope) throw new Error(`${input.appFile}: no \`const app = ${expressLocal}()\` found`);
  const text = (node: any) => source.slice(node.start, node.end);

  const outDir = input.outDir;
  const header: string[] = [];
  const importLines = new Map<string, Set<string>>(); // specifier -> import clauses
  const addImport = (specifier: string, clause: string) => {
    if (!importLines.has(specifier)) importLines.set(specifier, new Set());
    importLines.get(specifier)!.add(clause);
  };
  const compat = spec(outDir, input.compatModule);
  const twinSpecifier = (local: string): string | null => {
    const b = imports.get(local);
    if (!b || !b.source.startsWith('.')) return null;
    const resolved = resolveRelative(input.appFile, b.source);
    if (!resolved) return null;
    const target = input.migrated.has(resolved)
      ? path.join(outDir, path.relative(input.baseDir, resolved))
      : resolved;
    return spec(outDir, target);
  };
  const importLocal = (local: string): boolean => {
    const b = imports.get(local)!;
    const s = twinSpecifier(local);
    if (!s) return false;
    addImport(s, b.imported === 'default' ? local : b.imported === '*' ? `* as ${local}` : b.imported === local ? `{ ${local} }` : `{ ${b.imported} as ${local} }`);
    return true;
  };

  const setupLines: string[] = [];
  const mounts: EntryResult['mounts'] = [];
  const appRoutes: string[] = [];
  const notCarried: string[] = [];
  /** Plugins for routers mounted behind middleware, declared before the entry's export. */
  const mountPlugins: { name: string; lines: string[] }[] = [];
  /** Prefixes of routers mounted behind middleware: Express ran it for every later route and router under them too. */
  const guardedPrefixes: { prefix: string; line: number; middleware: string }[] = [];
  const underGuard = (p: string): string | null => {
    const segs = (x: string) => x.split('/').filter(Boolean);
    const g = guardedPrefixes.find((gp) => segs(gp.prefix).every((seg, i) => seg === segs(p)[i] || (seg.startsWith(':') && segs(p)[i] !== undefined)));
    return g ? `Express ran ${g.middleware} (mounted at '${g.prefix}', line ${g.line}) for it too` : null;
  };
  /** App routes after a guarded mount, under its prefix: they stay on Express ('GET /admin/x' → why). */
  const guardedRoutes = new Map<string, string>();
  let parsersSeen = false;
  let errorHandler: string | null = null;
  const routeMethods = new Set<string>(ROUTE_METHODS);

  for (const stmt of scope.body) {
    const call = stmt.type === 'ExpressionStatement' ? stmt.expression : null;
    const callee = call?.type === 'CallExpression' ? call.callee : null;
    if (!callee || callee.type !== 'MemberExpression' || callee.object.type !== 'Identifier' || callee.object.name !== scope.app) continue;
    const method = callee.property.name as string;
    const args: any[] = call.arguments;
    const line = stmt.loc.start.line;
    if (routeMethods.has(method) && args[0]?.type === 'StringLiteral') {
      appRoutes.push(`${method.toUpperCase()} ${args[0].value} (line ${line})`);
      const guard = underGuard(args[0].value);
      if (guard) guardedRoutes.set(`${method.toUpperCase()} ${args[0].value}`, guard);
      continue;
    }
    if (method === 'use' && args[0]?.type === 'StringLiteral' && args.length >= 2) {
      const guard = underGuard(args[0].value);
      if (guard) {
        notCarried.push(`${text(stmt)} (line ${line}): ${guard}; it stays on Express`);
        continue;
      }
    }
    if (method !== 'use') {
      if (!(method === 'disable' && args[0]?.value === 'x-powered-by')) notCarried.push(`${text(stmt)} (line ${line})`);
      continue;
    }
    const [first, second] = args;
    if (first?.type === 'StringLiteral' && second?.type === 'Identifier' && args.length === 2) {
      if (importLocal(second.name)) {
        mounts.push({ prefix: first.value, local: second.name });
      } else {
        notCarried.push(`${text(stmt)} (line ${line}): the router is not imported from a relative module`);
      }
      continue;
    }
    if (first?.type === 'StringLiteral' && args.length > 2) {
      // A router behind middleware: a plugin that adds the middleware as hooks, then registers the
      // router (hooks of a plugin run for every route of the plugins it registers).
      const router = args[args.length - 1];
      const guards: any[] = args.slice(1, -1);
      const localOf = (g: any): string | null =>
        g.type === 'Identifier' ? g.name : g.type === 'CallExpression' && g.callee.type === 'Identifier' ? g.callee.name : null;
      let why: string | null = router.type === 'Identifier' && twinSpecifier(router.name) ? null : 'the router is not imported from a relative module';
      for (const g of guards) {
        if (why) break;
        const local = localOf(g);
        if (!local || !twinSpecifier(local)) why = `${text(g)} is not middleware imported from a relative module`;
        else if (g.type === 'Identifier') {
          const b = imports.get(local)!;
          if (exportedArity(resolveRelative(input.appFile, b.source)!, b.imported) === 4) why = `${local} is error middleware`;
        }
      }
      if (why) {
        notCarried.push(`${text(stmt)} (line ${line}): ${why}`);
        continue;
      }
      importLocal(router.name);
      for (const g of guards) importLocal(localOf(g)!);
      addImport(compat, '{ hook }');
      let plugin = `${router.name}Mount`;
      for (let n = 2; imports.has(plugin) || mountPlugins.some((m) => m.name === plugin); n++) plugin = `${router.name}Mount${n}`;
      const hookName = parsersSeen ? 'preHandler' : 'onRequest';
      mountPlugins.push({
        name: plugin,
        lines: [
          `/** ${text(stmt).replace(/\s+/g, " ")} (line ${line}): the middleware runs for every route of the router, as on Express. */`,
          `const ${plugin}: FastifyPluginAsync = async (app) => {`,
          ...guards.map((g) => `  app.addHook('${hookName}', hook(${text(g)}));`),
          `  await app.register(${router.name});`,
          '};',
          '',
        ],
      });
      mounts.push({ prefix: first.value, local: plugin });
      guardedPrefixes.push({ prefix: first.value, line, middleware: guards.map(text).join(', ') });
      continue;
    }
    if (args.length !== 1) {
      notCarried.push(`${text(stmt)} (line ${line})`);
      continue;
    }
    const name = calleeName(first);
    const binding = name ? imports.get(name.split('.')[0]) : undefined;
    if (name === `${expressLocal}.json` || name === `${expressLocal}.urlencoded`) {
      const plugin = name.endsWith('json') ? 'expressJson' : 'expressUrlencoded';
      addImport(compat, `{ ${plugin} }`);
      setupLines.push(`  // ${text(stmt)}`, `  await app.register(${plugin}${first.arguments[0] ? `, ${text(first.arguments[0])}` : ''});`);
      parsersSeen = true;
      continue;
    }
    if (binding?.source === 'cookie-parser') {
      addImport('@fastify/cookie', 'fastifyCookie');
      const opts = first.arguments[0] ? `, { secret: ${text(first.arguments[0])} }` : '';
      setupLines.push(`  // ${text(stmt)}`, `  await app.register(fastifyCookie${opts});`);
      continue;
    }
    if (first.type === 'Identifier' && twinSpecifier(first.name)) {
      const b = imports.get(first.name)!;
      const resolved = resolveRelative(input.appFile, b.source)!;
      const arity = exportedArity(resolved, b.imported);
      const afterMounts = mounts.length > 0;
      if (arity === 4) {
        importLocal(first.name);
        errorHandler = first.name;
      } else if (afterMounts) {
        // A not-found handler after the routers: unmatched requests are Express's in the gateway.
        header.push(`app.use(${first.name}) after the routers (line ${line}): left to Express, which answers what no migrated route matches`);
      } else {
        importLocal(first.name);
        addImport(compat, '{ hook }');
        setupLines.push(`  // ${text(stmt)}`, `  app.addHook('${parsersSeen ? 'preHandler' : 'onRequest'}', hook(${first.name}));`);
      }
      continue;
    }
    notCarried.push(`${text(stmt)} (line ${line})`);
  }

  // Routes on the app itself: from the app file's twin, when everything they use can be imported.
  const appTwin = input.migrated.has(input.appFile) ? path.join(outDir, path.relative(input.baseDir, input.appFile)) : null;
  const appModule = appTwin && existsSync(appTwin) && appRoutes.length ? appRoutesFromTwin(appTwin, spec(outDir, appTwin), expressLocal, { file: input.appFile, specifier: spec(outDir, input.appFile) }, guardedRoutes) : null;
  if (appModule) {
    for (const n of appModule.imports) addImport(n.specifier, n.clause);
    for (const l of appModule.left) header.push(`Stays on Express: ${l}`);
  }

  // reply.sendFile / reply.download in the generated code: @fastify/static, only backing them.
  const servesFiles = [...input.migrated].some((f) => {
    const twin = path.join(outDir, path.relative(input.baseDir, f));
    return existsSync(twin) && /\.(sendFile|download)\(/.test(readFileSync(twin, 'utf8'));
  });
  if (servesFiles) {
    addImport('@fastify/static', 'fastifyStatic');
    addImport('node:path', 'path');
    setupLines.push(
      '  // reply.sendFile / reply.download (res.sendFile / res.download): @fastify/static, serving nothing itself',
      `  await app.register(fastifyStatic, { root: path.join(__dirname, '${spec(outDir, input.baseDir)}'), serve: false });`,
    );
  }
  // Request properties the generated code sets (`request.user = ...` in an auth hook): declared with
  // decorateRequest, as Fastify wants, so every request has the same shape. Fastify's own are left alone.
  const FASTIFY_REQUEST = new Set(['body', 'params', 'query', 'headers', 'raw', 'url', 'method', 'id', 'log', 'server', 'routeOptions', 'socket', 'cookies', 'ip', 'ips', 'hostname', 'host', 'protocol', 'port']);
  const decorated = new Set<string>();
  for (const f of input.migrated) {
    const twin = path.join(outDir, path.relative(input.baseDir, f));
    if (!existsSync(twin)) continue;
    for (const m of readFileSync(twin, 'utf8').matchAll(/\brequest\.([A-Za-z_$][\w$]*)\s*=(?!=)/g)) if (!FASTIFY_REQUEST.has(m[1])) decorated.add(m[1]);
  }
  addImport(compat, '{ expressLocals }');
  addImport(compat, '{ expressRedirects }');
  addImport(compat, '{ expressEtag }');
  addImport(spec(outDir, input.typesModule), 'type { MigratedRoutes }');
  addImport('fastify', 'type { FastifyPluginAsync }');
  if (errorHandler) addImport(compat, '{ expressErrorHandler }');

  const importText = [...importLines]
    .sort(([a], [b]) => (a.startsWith('.') === b.startsWith('.') ? a.localeCompare(b) : a.startsWith('.') ? 1 : -1))
    .map(([specifier, clauses]) => {
      const named = [...clauses].filter((c) => c.startsWith('{')).map((c) => c.slice(2, -2));
      const typeNamed = [...clauses].filter((c) => c.startsWith('type {')).map((c) => c.slice(7, -2));
      const others = [...clauses].filter((c) => !c.startsWith('{') && !c.startsWith('type {'));
      const lines: string[] = [];
      const parts = [...others.filter((c) => !c.startsWith('*')), ...(named.length ? [`{ ${named.sort().join(', ')} }`] : [])];
      if (parts.length) lines.push(`import ${parts.join(', ')} from '${specifier}';`);
      for (const ns of others.filter((c) => c.startsWith('*'))) lines.push(`import ${ns} from '${specifier}';`);
      if (typeNamed.length) lines.push(`import type { ${typeNamed.sort().join(', ')} } from '${specifier}';`);
      return lines.join('\n');
    })
    .join('\n');

  const rel = path.relative(path.dirname(input.baseDir), input.appFile).split(path.sep).join('/');
  const comment = [
    `Generated by codemods/emit-gateway-entry.ts from ${rel}: do not edit, regenerate (npm run generate:own-app).`,
    'The migrated side of the app in the shape the gateway takes: `setup` is what the app-level',
    'middleware became, `modules` are the routers at the prefixes they were mounted at.',
    ...header,
    ...(appRoutes.length && !appModule?.statements.length ? ['Routes declared on the app itself stay on Express: ' + appRoutes.join(', ') + '.'] : []),
    ...notCarried.map((n) => `Not carried over: ${n}`),
  ];
  const out = [
    '/**',
    ...comment.map((l) => ` * ${l}`),
    ' */',
    importText,
    '',
    'const setup: FastifyPluginAsync = async (app) => {',
    ...[...decorated].sort().flatMap((name) => [`  // request.${name}, set by the generated code`, `  app.decorateRequest('${name}', undefined);`]),
    '  // res.locals, which the migrated code reads as reply.locals',
    '  await app.register(expressLocals);',
    "  // res.redirect's text/HTML body, which reply.redirect does not write",
    '  await app.register(expressRedirects);',
    ...setupLines,
    ...(errorHandler ? [`  // app.use(${errorHandler})`, `  app.setErrorHandler(expressErrorHandler(${errorHandler}));`] : []),
    "  // res.send's weak ETag and 304 Not Modified; last, so that it hashes the body as sent",
    '  await app.register(expressEtag);',
    '};',
    '',
    ...(appModule?.statements.length
      ? [
          `/** The routes declared on the app itself (${rel}), as the recipe migrated them there. */`,
          'const appRoutes: FastifyPluginAsync = async (app) => {',
          ...appModule.statements.flatMap((st) => st.split('\n').map((l) => `  ${l.replace(/^ {2}/, '')}`.replace(/\s+$/, ''))),
          '};',
          '',
        ]
      : []),
    ...mountPlugins.flatMap((m) => m.lines),
    'export const migratedRoutes: MigratedRoutes = {',
    '  setup,',
    '  modules: [',
    ...(appModule?.statements.length ? ["    { prefix: '', plugin: appRoutes },"] : []),
    ...mounts.map((m) => `    { prefix: '${m.prefix}', plugin: ${m.local} },`),
    '  ],',
    '};',
    '',
  ].join('\n');
  return { source: out, mounts, appRoutes, notCarried };
}
