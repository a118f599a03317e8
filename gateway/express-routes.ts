/**
 * Reads an Express 5 app's routing table at run time (router 2.x keeps each layer's `rawPath`).
 * Sub-apps mounted with `app.use(path, subApp)` hide their routes inside a closure and are skipped;
 * paths given as regular expressions are listed by their source.
 */
export interface ExpressRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function pathText(path: unknown): string[] {
  if (Array.isArray(path)) return path.flatMap(pathText);
  if (path instanceof RegExp) return [String(path)];
  if (typeof path === 'string') return [path];
  return [''];
}

function join(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') || '/' : joined;
}

function walk(stack: Layer[], prefix: string, out: ExpressRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const path of pathText(layer.route.path)) {
        for (const [method, enabled] of Object.entries(layer.route.methods)) {
          if (enabled) out.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: join(prefix, path) });
        }
      }
    } else if (Array.isArray(layer.handle?.stack)) {
      for (const path of pathText(layer.rawPath)) walk(layer.handle.stack, path === '/' ? prefix : join(prefix, path), out);
    }
  }
}

export function listExpressRoutes(app: unknown): ExpressRoute[] {
  const router = (app as { router?: { stack?: Layer[] }; _router?: { stack?: Layer[] }; stack?: Layer[] }) ?? {};
  const stack = router.router?.stack ?? router._router?.stack ?? router.stack;
  if (!Array.isArray(stack)) return [];
  const out: ExpressRoute[] = [];
  walk(stack, '', out);
  return out;
}
