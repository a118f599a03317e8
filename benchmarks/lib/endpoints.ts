/**
 * From a route pattern (`GET /api/users/:id`) to a request the load generator can send: a concrete
 * path with example parameters from the seed data, and the credentials the legacy app expects.
 */
import { SEED_SESSION_COOKIE, SEED_TOKENS } from '../../legacy-app/seed';

/** Example values for route parameters, by parameter name; anything else gets `1`. */
export const EXAMPLE_PARAMS: Record<string, string> = {
  id: '1',
  sku: 'BK-001',
  name: 'host',
};

/** `/api/users/:id/avatar` -> `/api/users/1/avatar`. Optional (`:x?`) and wildcard (`*`) segments get an example too. */
export function concretePath(route: string, params: Record<string, string> = EXAMPLE_PARAMS): string {
  return route
    .replace(/:([A-Za-z_][\w]*)\??/g, (_m, name: string) => encodeURIComponent(params[name] ?? '1'))
    .replace(/\*\w*/g, 'x');
}

export interface EndpointRequest {
  key: string;
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * The request for one endpoint. A bearer token goes in every request (the admin's by default, so
 * admin-only GET routes answer 200 under `--all`); `/account` routes, which use the session cookie,
 * get it too.
 */
export function endpointRequest(key: string, options: { path?: string; token?: string } = {}): EndpointRequest {
  const space = key.indexOf(' ');
  const method = key.slice(0, space);
  const route = key.slice(space + 1);
  const path = options.path ?? concretePath(route);
  const headers: Record<string, string> = {};
  const token = options.token ?? SEED_TOKENS.admin;
  if (token !== 'none') headers.authorization = `Bearer ${token}`;
  if (route === '/account' || route.startsWith('/account/')) headers.cookie = SEED_SESSION_COOKIE;
  return { key, method, path, headers };
}
