/**
 * The `adapter` target: the endpoint served by a Fastify route whose middlewares and handler are
 * the legacy app's own Express functions, run through gateway/adapter.
 *
 * The Express app's routing table is walked for a concrete request (GET /api/users/1): every
 * middleware on the way (app.use, router.use), the router's param callbacks (router.param('id')),
 * and the route's own stack. All but the last become `fromExpressMiddleware` preHandlers, the last
 * `fromExpressHandler`; the legacy error-handling middleware answers errors. The route is registered
 * through the gateway like a migrated module, at the prefix its router was mounted at.
 */
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { LegacyApp, MigratedRoutes } from '../gateway/types';
import { TargetUnavailable } from './targets';
import { concretePath } from './lib/endpoints';

type Fn = (...args: unknown[]) => unknown;

interface Match {
  params: Record<string, string>;
  path: string;
}

interface Layer {
  handle: Fn & { stack?: Layer[]; params?: Record<string, Fn[]> };
  method?: string;
  route?: { path: string; stack: Layer[]; _handlesMethod(method: string): boolean };
  match(path: string): Match | false;
}

export interface ExpressChain {
  /** Where the router holding the route is mounted (`/api/users`), '' for a route on the app. */
  prefix: string;
  /** The route's own path inside its router (`/:id`). */
  routePath: string;
  /** Middlewares and param callbacks, in the order Express runs them, then the route's stack. */
  middlewares: Fn[];
  handler: Fn;
  /** The app's error-handling middlewares (arity 4). */
  errorHandlers: Fn[];
}

function stackOf(app: unknown): Layer[] {
  const a = app as { router?: { stack?: Layer[] }; _router?: { stack?: Layer[] } };
  const stack = a.router?.stack ?? a._router?.stack;
  if (!Array.isArray(stack)) throw new TargetUnavailable('cannot read the legacy app routing table (not an Express 5 app?)');
  return stack;
}

/** The functions Express runs for `method path`, found the way its router finds them. */
export function expressChain(app: LegacyApp, method: string, path: string): ExpressChain {
  const middlewares: Fn[] = [];
  const appStack = stackOf(app);
  const errorHandlers = appStack.filter((l) => !l.route && !l.handle.stack && l.handle.length === 4).map((l) => l.handle);
  const lower = method.toLowerCase();

  function walk(stack: Layer[], rest: string, prefix: string, params: Record<string, Fn[]>): ExpressChain | null {
    for (const layer of stack) {
      const match = layer.match(rest);
      if (!match) continue;
      if (layer.route) {
        if (!layer.route._handlesMethod(lower)) continue;
        // Param callbacks run before the route's stack, once per parameter the route has.
        for (const name of Object.keys(match.params)) {
          for (const fn of params[name] ?? []) {
            const value = match.params[name];
            middlewares.push((req: unknown, res: unknown, next: unknown) => fn(req, res, next, value, name));
          }
        }
        const handlers = layer.route.stack.filter((l) => l.method === undefined || l.method === lower || l.method === '_all').map((l) => l.handle);
        if (handlers.length === 0) continue;
        middlewares.push(...handlers.slice(0, -1));
        return { prefix, routePath: layer.route.path, middlewares, handler: handlers[handlers.length - 1], errorHandlers };
      }
      if (layer.handle.length === 4) continue; // error-handling middleware: not on the success path
      if (Array.isArray(layer.handle.stack)) {
        const inner = rest.slice(match.path.length) || '/';
        const before = middlewares.length;
        const found = walk(layer.handle.stack, inner.startsWith('/') ? inner : `/${inner}`, prefix + match.path, layer.handle.params ?? {});
        if (found) return found;
        middlewares.length = before;
        continue;
      }
      middlewares.push(layer.handle);
    }
    return null;
  }

  const chain = walk(appStack, path, '', {});
  if (!chain) throw new TargetUnavailable(`the legacy app has no route for ${method} ${path}`);
  return chain;
}

/** A MigratedRoutes with one module: the endpoint's Express chain run through the adapter. */
export function adapterRoutesFor(legacyApp: LegacyApp, endpoint: string): MigratedRoutes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const adapter = require('../gateway/adapter') as typeof import('../gateway/adapter');
  const space = endpoint.indexOf(' ');
  const method = endpoint.slice(0, space);
  const route = endpoint.slice(space + 1);
  const chain = expressChain(legacyApp, method, concretePath(route));
  if (`${chain.prefix}${chain.routePath}` !== route) {
    throw new TargetUnavailable(`${endpoint}: the Express route found is ${method} ${chain.prefix}${chain.routePath}`);
  }
  const { fromExpressHandler, fromExpressMiddleware } = adapter.createExpressAdapter({
    app: legacyApp as unknown as import('express').Application,
    baseUrl: chain.prefix,
  });
  type Handler = Parameters<typeof fromExpressHandler>[0];
  const errorHandler = chain.errorHandlers[0];

  const setup: FastifyPluginAsync = async (app) => {
    app.decorateRequest('user', undefined);
    if (errorHandler) {
      app.setErrorHandler<FastifyError>(function legacyErrors(error, request, reply) {
        const adapted = fromExpressHandler(((req, res, next) => errorHandler(error, req, res, next)) as Handler);
        return adapted.call(this, request, reply);
      });
    }
  };
  const plugin: FastifyPluginAsync = async (app) => {
    app.route({
      method: method as 'GET',
      url: chain.routePath,
      preHandler: chain.middlewares.map((fn) => fromExpressMiddleware(fn as Handler)),
      handler: fromExpressHandler(chain.handler as Handler),
    });
  };
  return { setup, modules: [{ prefix: chain.prefix, plugin }] };
}
