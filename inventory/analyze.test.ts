import { join } from 'node:path';
import { listExpressRoutes, type ExpressRoute } from '../gateway/express-routes';
import { analyzeApp, type AnalysisResult, type StaticRoute } from './analyze';

const FIXTURES = join(__dirname, '__fixtures__');

/** Express 5's app.all() registers every method one by one; the router's all() registers `_all`. Both read as ALL. */
function runtimeKeys(routes: ExpressRoute[]): string[] {
  const byPath = new Map<string, Set<string>>();
  for (const r of routes) byPath.set(r.path, (byPath.get(r.path) ?? new Set()).add(r.method));
  const keys: string[] = [];
  for (const [path, methods] of byPath) {
    if (methods.size > 20) keys.push(`ALL ${path}`);
    else for (const m of methods) keys.push(`${m} ${path}`);
  }
  return keys.sort();
}

const keysOf = (routes: StaticRoute[]) => routes.map((r) => `${r.method} ${r.path}`).sort();
const find = (result: AnalysisResult, key: string) => {
  const route = result.routes.find((r) => `${r.method} ${r.path}` === key);
  if (!route) throw new Error(`no route ${key} in ${keysOf(result.routes).join(', ')}`);
  return route;
};

describe('shop-app (TypeScript, ESM imports, nested routers, sub-app)', () => {
  const result = analyzeApp(join(FIXTURES, 'shop-app'));

  test('every route the running app registers is found with its full path, or listed as unresolved', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require('./__fixtures__/shop-app/src/app') as typeof import('./__fixtures__/shop-app/src/app.js');
    const runtime = runtimeKeys(listExpressRoutes(createApp()));
    // gateway/express-routes cannot see inside sub-apps: compare those separately.
    const staticKeys = keysOf(result.routes.filter((r) => !r.path.startsWith('/admin/')));
    expect(runtime.filter((k) => !staticKeys.includes(k))).toEqual(['GET /api/v1/reports/daily']);
    expect(staticKeys.filter((k) => !runtime.includes(k))).toEqual([]);
    // registerExtraRoutes(app): the parameter is bound to the app passed in.
    expect(staticKeys).toContain('GET /extra/ping');
    // What the analysis could not place is listed with the reason.
    expect(result.unresolved).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'path', method: 'GET', file: 'src/routes/reports.ts', line: 7, reason: expect.stringContaining('path built at run time') }),
        expect.objectContaining({ kind: 'router-parameter', method: 'GET', path: '/plugin/status', file: 'src/routes/extra.ts', reason: expect.stringContaining('parameter router of registerPluginRoutes') }),
        expect.objectContaining({ kind: 'unmounted-router', method: 'GET', path: '/forgotten', file: 'src/routes/unused.ts' }),
      ]),
    );
    expect(result.unresolved).toHaveLength(3);
  });

  test('routes of a sub-app mounted with app.use(prefix, subApp) carry the prefix and the sub-app middleware', () => {
    const stats = find(result, 'GET /admin/stats');
    expect(stats.file).toBe('src/admin/app.ts');
    expect(stats.mounts.map((m) => m.prefix)).toEqual(['/', '/admin']);
    expect(stats.middleware.map((m) => `${m.level}:${m.name}`)).toEqual(['app:express.json()', 'router:authenticate', 'router:adminOnly']);
    expect(stats.roles).toEqual(['admin']); // adminOnly = requireRole(Role.Admin), imported, enum resolved
    expect(find(result, 'POST /admin/cache/flush').handler).toMatchObject({ kind: 'inline', name: 'flushCache' });
  });

  test('roles from requireRole, requireRoles([...]), authorize(...) and enum members; middleware chains in order', () => {
    expect(find(result, 'GET /api/v1/users/export.csv').roles).toEqual(['admin']);
    expect(find(result, 'POST /api/v1/users').roles).toEqual(['admin']); // [requireRole('admin')] array
    expect(find(result, 'PUT /api/v1/users/:id').roles).toEqual(['editor']);
    expect(find(result, 'POST /api/v1/users/:userId/posts').roles).toEqual(['admin', 'editor']);
    expect(find(result, 'POST /api/v1/orders/:id/pay').roles).toEqual(['admin', 'billing']);
    expect(find(result, 'GET /api/v1/users').roles).toEqual([]);
    expect(find(result, 'POST /api/v1/users/:userId/posts').middleware.map((m) => m.name)).toEqual([
      'express.json()', 'authenticate', "requireRoles(['admin', 'editor'])",
    ]);
  });

  test('handler styles: inline, named, controller module, factory', () => {
    expect(find(result, 'GET /health').handler).toMatchObject({ kind: 'named', name: 'health', definedIn: { file: 'src/app.ts' } });
    expect(find(result, 'ALL /ping').handler.kind).toBe('inline');
    expect(find(result, 'GET /api/v1/users/:id').handler).toMatchObject({ kind: 'controller', name: 'users.show', definedIn: { file: 'src/controllers/users.ts', line: 7 } });
    expect(find(result, 'GET /api/v1/orders').handler).toMatchObject({ kind: 'factory', name: 'asyncHandler(listOrders)', definedIn: { file: 'src/routes/orders.ts' } });
    expect(find(result, 'GET /api/v1/orders/status').handler).toMatchObject({ kind: 'factory', definedIn: { file: 'src/lib/async-handler.ts' } });
  });

  test('router.route(p).get().put().delete() gives one route per method, each at its own line', () => {
    const id = result.routes.filter((r) => r.path === '/api/v1/users/:id');
    expect(id.map((r) => `${r.method}:${r.line}`)).toEqual(['GET:14', 'PUT:15', 'DELETE:18']);
  });
});

describe('cjs-app (CommonJS require/module.exports/exports.x, .js and .cjs, require(\'./routes\')(app))', () => {
  const result = analyzeApp(join(FIXTURES, 'cjs-app'));

  test('matches the running app\'s routing table exactly', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApp } = require('./__fixtures__/cjs-app/app.js') as { createApp: () => unknown };
    expect(keysOf(result.routes)).toEqual(runtimeKeys(listExpressRoutes(createApp())));
    expect(result.unresolved).toEqual([]);
  });

  test('array mount paths, mount-time middleware and hasRole roles', () => {
    expect(find(result, 'GET /v1/catalog/writers/:id').file).toBe('routes/authors.cjs');
    const remove = find(result, 'DELETE /v1/catalog/books/:isbn');
    expect(remove.roles).toEqual(['member', 'librarian', 'admin']);
    expect(remove.middleware.map((m) => m.level)).toEqual(['mount', 'route']);
    expect(remove.handler).toMatchObject({ kind: 'controller', name: 'handlers.remove', definedIn: { file: 'routes/book-handlers.js' } });
  });
});

describe('esm-app (.mjs, re-exports, namespace imports, .tsx)', () => {
  const result = analyzeApp(join(FIXTURES, 'esm-app'));

  test('resolves constant template prefixes, `export { default } from`, namespaces, and .tsx', () => {
    expect(keysOf(result.routes)).toEqual(['GET /api/v2/items', 'GET /api/v2/items/count', 'GET /home', 'GET /status', 'HEAD /status', 'PUT /api/v2/items/:id']);
  });

  test('a class instance method bound with .bind() is a controller handler, found in its module', () => {
    expect(find(result, 'GET /api/v2/items/count').handler).toEqual({
      kind: 'controller', name: 'itemsController.count.bind(itemsController)', definedIn: { file: 'api/controller.mjs', line: 6 },
    });
  });

  test('a mount at a path known only at run time lists each route below it as unresolved', () => {
    expect(result.unresolved.map((u) => `${u.kind} ${u.method} ${u.file}:${u.line}`)).toEqual(['path GET api/items.mjs:5', 'path PUT api/items.mjs:6', 'path GET api/items.mjs:7']);
    expect(result.unresolved[0].reason).toMatch(/server\.mjs:11.*path built at run time/);
  });
});
