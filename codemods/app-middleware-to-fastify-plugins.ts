/**
 * app-middleware-to-fastify-plugins: app-level Express middleware to the Fastify plugin people use.
 *
 *   app.use(cors({ origin }))            →  app.register(cors, { origin })          import from '@fastify/cors'
 *   app.use(helmet())                    →  app.register(helmet)                     '@fastify/helmet'
 *   app.use(cookieParser(secret))        →  app.register(cookieParser, { secret })   '@fastify/cookie'
 *   app.use(session(opts))               →  app.register(session, opts)              '@fastify/session'
 *   app.use(compression())               →  app.register(compression)                '@fastify/compress'
 *   app.use(express.json())              →  removed (Fastify parses JSON and text/plain itself)
 *   app.use(express.urlencoded(...))     →  app.register(fastifyFormbody)            '@fastify/formbody'  (a limit: { bodyLimit })
 *   app.use('/a', express.static(dir))   →  app.register(fastifyStatic, { root: dir, prefix: '/a' })
 *   app.use(somePackageMiddleware())     →  kept, after `await app.register(fastifyMiddie)` (@fastify/middie)
 *                                           (outside an async function: a marker; so for `require('pkg')(opts)`)
 *
 * Options whose meaning differs (body size limits, extended urlencoded, rate limits) get a marker;
 * every mapping is listed in the report. Routers and in-file middleware are other steps' business.
 */
import { insertAfterImports, parseExpression, pruneUnusedImports } from './lib/ast';
import { toBytes } from './lib/middleware';
import { toTransform, type Step, type StepContext } from './lib/step';
import { enclosingFunction, stringValue, textOf, todoOnce } from './lib/receivers';

interface Mapped {
  plugin: string;
  /** Builds the options argument from the middleware call's arguments (undefined: none). */
  options?: (j: StepContext['j'], args: any[]) => any;
  todo?: (args: any[]) => string | undefined;
  note?: string;
}

const PACKAGES: Record<string, Mapped> = {
  cors: { plugin: '@fastify/cors', options: (_j, a) => a[0] },
  helmet: { plugin: '@fastify/helmet', options: (_j, a) => a[0] },
  'cookie-parser': {
    plugin: '@fastify/cookie',
    options: (j, a) => {
      if (!a.length) return undefined;
      const props = [j.objectProperty(j.identifier('secret'), a[0])];
      if (a[1]) props.push(j.objectProperty(j.identifier('parseOptions'), a[1]));
      return j.objectExpression(props);
    },
  },
  'express-session': {
    plugin: '@fastify/session',
    options: (_j, a) => a[0],
    note: '@fastify/session needs @fastify/cookie registered first and a secret of at least 32 characters',
  },
  compression: { plugin: '@fastify/compress', options: (_j, a) => a[0] },
  'express-rate-limit': {
    plugin: '@fastify/rate-limit',
    options: (_j, a) => a[0],
    todo: (a) => (a.length ? '@fastify/rate-limit options differ (windowMs → timeWindow, limit → max); check them' : undefined),
  },
};

const BODY_PARSERS = new Set(['express', 'body-parser']);

function pluginLocal(plugin: string): string {
  return 'fastify' + plugin.replace(/^@fastify\//, '').replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
}

/** Top-level import / require binding `name`: its statement and source. */
function importOf(j: StepContext['j'], program: any, name: string): { stmt: any; lit: any; source: string } | undefined {
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration') {
      if ((stmt.specifiers ?? []).some((s: any) => s.local?.name === name && s.type !== 'ImportSpecifier'))
        return { stmt, lit: stmt.source, source: String(stmt.source.value) };
      if ((stmt.specifiers ?? []).some((s: any) => s.local?.name === name)) return { stmt, lit: stmt.source, source: `${stmt.source.value}#named` };
    }
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const init = d.init;
        if (d.id.type === 'Identifier' && d.id.name === name && init?.type === 'CallExpression' && init.callee.name === 'require' && init.arguments.length === 1) {
          return { stmt, lit: init.arguments[0], source: String(init.arguments[0].value) };
        }
      }
    }
  }
  void j;
  return undefined;
}

function addDefaultImport(ctx: StepContext, program: any, name: string, source: string, esm: boolean): void {
  const { j } = ctx;
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration' && stmt.source.value === source && stmt.specifiers?.some((s: any) => s.local?.name === name)) return;
    if (stmt.type === 'VariableDeclaration' && stmt.declarations.some((d: any) => d.id.name === name)) return;
  }
  const decl = esm
    ? j.importDeclaration([j.importDefaultSpecifier(j.identifier(name))], j.stringLiteral(source))
    : j.variableDeclaration('const', [j.variableDeclarator(j.identifier(name), j.callExpression(j.identifier('require'), [j.stringLiteral(source)]))]);
  insertAfterImports(program, decl);
}

function removeStatement(stmt: any): void {
  const block = stmt.parent.node;
  const body = block.body;
  const i = body.indexOf(stmt.node);
  const leading = (stmt.node.comments ?? []).filter((c: any) => c.leading);
  if (leading.length && body[i + 1]) body[i + 1].comments = [...leading, ...(body[i + 1].comments ?? [])];
  stmt.prune();
}

export const step: Step = {
  name: 'app-middleware-to-fastify-plugins',
  mightApply: (source) => source.includes('.use('),
  run(ctx: StepContext) {
    const { j, root } = ctx;
    const program = root.find(j.Program).nodes()[0] as any;
    const esm = program.body.some((s: any) => s.type === 'ImportDeclaration' || /^Export/.test(s.type));
    let changed = false;
    const renamed = new Map<string, { lit: any; plugin: string; uses: number }>();
    const middieDone = new Set<string>();
    const needImports = new Map<string, string>(); // local → source
    const prune = new Set<string>();

    root.find(j.ExpressionStatement).forEach((stmt: any) => {
      const call = stmt.node.expression;
      if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression' || call.callee.property.name !== 'use') return;
      const args = call.arguments;
      const mount = args.length === 2 ? stringValue(args[0]) : undefined;
      if (args.length === 2 && mount === undefined) return;
      if (args.length < 1 || args.length > 2) return;
      const mw = args[args.length - 1];
      if (mw.type !== 'CallExpression') return;
      const recv = textOf(j, call.callee.object);
      const callPath = stmt.get('expression');
      const c = mw.callee;
      let source: string | undefined;
      let member: string | undefined;
      let local: string | undefined;
      if (c.type === 'Identifier') {
        local = c.name;
        source = importOf(j, program, c.name)?.source;
      } else if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && !c.computed) {
        local = c.object.name;
        source = importOf(j, program, c.object.name)?.source;
        member = c.property.name;
      } else if (c.type === 'CallExpression' && c.callee.type === 'Identifier' && c.callee.name === 'require' && typeof stringValue(c.arguments[0]) === 'string') {
        source = stringValue(c.arguments[0]); // app.use(require('morgan')('dev'))
      }
      let named = false;
      if (source?.endsWith('#named')) {
        named = true;
        source = source.slice(0, -'#named'.length);
      }
      if (!source || source.startsWith('.')) return;
      const shown = textOf(j, mw).split('\n')[0];

      // Body parsers and static files from express / body-parser.
      if (member && BODY_PARSERS.has(source)) {
        if (member === 'Router') return;
        if ((member === 'json' || member === 'text') && mw.arguments.length === 0 && !mount) {
          removeStatement(stmt);
          ctx.report.note(`${ctx.file.path}: ${shown} removed: Fastify parses JSON and text/plain bodies itself`);
          prune.add(source);
          changed = true;
          return;
        }
        if (member === 'json' || member === 'text' || member === 'raw') {
          if (todoOnce(ctx, callPath, `${shown}: Fastify parses JSON and text itself; set bodyLimit (bytes) on the instance or route, add a content-type parser for raw bodies, then remove this`)) changed = true;
          return;
        }
        if (member === 'urlencoded' && !mount) {
          const name = pluginLocal('@fastify/formbody');
          const opts = mw.arguments[0];
          const extended = opts?.type === 'ObjectExpression' && opts.properties.some((p: any) => p.key?.name === 'extended' && p.value.value === true);
          // A literal limit is @fastify/formbody's own bodyLimit (bytes).
          const limitProp = opts?.type === 'ObjectExpression' ? opts.properties.find((p: any) => (p.key?.name ?? p.key?.value) === 'limit') : undefined;
          const limit = limitProp ? toBytes(limitProp.value) : null;
          call.callee.property.name = 'register';
          call.arguments = limit !== null ? [j.identifier(name), parseExpression(j, `{ bodyLimit: ${limit} }`)] : [j.identifier(name)];
          needImports.set(name, '@fastify/formbody');
          if (extended) todoOnce(ctx, callPath, `urlencoded({ extended: true }) parsed nested keys with qs; give @fastify/formbody a parser: (str) => qs.parse(str)`);
          const dropped = opts?.type === 'ObjectExpression' ? opts.properties.map((p: any) => p.key?.name ?? p.key?.value).filter((k: any) => k !== 'extended' && !(k === 'limit' && limit !== null)) : opts ? ['(options)'] : [];
          if (dropped.length) todoOnce(ctx, callPath, `urlencoded options ${dropped.join(', ')} not carried over: set bodyLimit (bytes) on the instance or route`);
          ctx.report.note(`${ctx.file.path}: ${shown} → ${recv}.register(@fastify/formbody)`);
          if (source === 'body-parser') prune.add(source);
          changed = true;
          return;
        }
        if (member === 'static' && source === 'express') {
          const name = pluginLocal('@fastify/static');
          const [dir, opts] = mw.arguments;
          const props: any[] = [j.objectProperty(j.identifier('root'), dir)];
          if (mount) props.push(j.objectProperty(j.identifier('prefix'), j.stringLiteral(mount)));
          if (opts?.type === 'ObjectExpression') props.push(...opts.properties);
          else if (opts) props.push(j.spreadElement(opts));
          call.callee.property.name = 'register';
          call.arguments = [j.identifier(name), j.objectExpression(props)];
          needImports.set(name, '@fastify/static');
          const lit = stringValue(dir);
          if (lit !== undefined && !lit.startsWith('/')) todoOnce(ctx, callPath, `@fastify/static needs an absolute root: path.resolve('${lit}') (Express resolved it against the working directory)`);
          if (middieDone.size || ctx.file.source.split('express.static(').length > 2) todoOnce(ctx, callPath, `more than one static root: give every registration after the first decorateReply: false`);
          ctx.report.note(`${ctx.file.path}: ${shown} → ${recv}.register(@fastify/static)`);
          changed = true;
          return;
        }
        return;
      }

      const mapped = named ? undefined : PACKAGES[source];
      if (mapped && mount) {
        if (todoOnce(ctx, callPath, `${shown} on '${mount}' only: register ${mapped.plugin} inside the plugin that serves that prefix`)) changed = true;
        return;
      }
      if (mapped && c.type === 'CallExpression') {
        const msg = `${shown}: import ${mapped.plugin} and register it with these options (Fastify has no use(): the app does not start until then)`;
        if (todoOnce(ctx, callPath, msg)) changed = true;
        return;
      }
      if (mapped && c.type === 'Identifier') {
        const opts = mapped.options?.(j, mw.arguments);
        call.callee.property.name = 'register';
        call.arguments = opts ? [j.identifier(c.name), opts] : [j.identifier(c.name)];
        const r = renamed.get(c.name) ?? { lit: importOf(j, program, c.name)!.lit, plugin: mapped.plugin, uses: 0 };
        r.uses++;
        renamed.set(c.name, r);
        const todo = mapped.todo?.(mw.arguments);
        if (todo) todoOnce(ctx, callPath, todo);
        ctx.report.note(`${ctx.file.path}: ${shown} → ${recv}.register(${mapped.plugin})${mapped.note ? ` (${mapped.note})` : ''}`);
        changed = true;
        return;
      }
      if (source === 'express' || source.startsWith('@fastify/') || source === 'fastify') return;

      // No plugin known: keep it as Express middleware through @fastify/middie.
      const fn = enclosingFunction(stmt);
      if (fn?.node.async) {
        if (!middieDone.has(recv)) {
          middieDone.add(recv);
          const name = pluginLocal('@fastify/middie');
          const reg = j.expressionStatement(
            j.awaitExpression(j.callExpression(j.memberExpression(j.identifier(recv), j.identifier('register')), [j.identifier(name)])),
          );
          const body = stmt.parent.node.body;
          // Before the first middie-run middleware of this receiver, unless it is there already.
          const already = body.some((s: any) => s.expression?.argument?.callee?.property?.name === 'register' && s.expression.argument.arguments[0]?.name === name);
          if (!already) {
            body.splice(body.indexOf(stmt.node), 0, reg);
            needImports.set(name, '@fastify/middie');
            changed = true;
          }
        }
        ctx.report.note(`${ctx.file.path}: ${shown} (${source}) kept as Express middleware through @fastify/middie`);
      } else if (todoOnce(ctx, callPath, `no Fastify plugin known for ${source}: find one, or run it through @fastify/middie (await ${recv}.register(middie) in an async plugin first)`)) {
        changed = true;
      }
    });

    // Imports: a package whose every use became a registration now comes from the Fastify plugin.
    for (const [local, r] of renamed) {
      let refs = 0;
      root.find(j.Identifier, { name: local }).forEach((p: any) => {
        const parent = p.parent.node;
        if (parent.type === 'CallExpression' && parent.arguments[0] === p.node) refs++;
        else if (parent.type === 'CallExpression' && parent.callee === p.node) refs += 100;
      });
      if (refs === r.uses) {
        r.lit.value = r.plugin;
        if (r.lit.extra) r.lit.extra = { ...r.lit.extra, raw: `'${r.plugin}'`, rawValue: r.plugin };
      } else {
        const name = pluginLocal(r.plugin);
        root.find(j.CallExpression, { callee: { property: { name: 'register' } } }).forEach((p: any) => {
          if (p.node.arguments[0]?.name === local) p.node.arguments[0] = j.identifier(name);
        });
        needImports.set(name, r.plugin);
      }
    }
    for (const [name, source] of needImports) addDefaultImport(ctx, program, name, source, esm);
    for (const source of prune) pruneUnusedImports(j, root, source);
    return changed;
  },
};

export default toTransform(step);
