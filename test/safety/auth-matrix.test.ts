/**
 * The auth matrix: every route of gateway/manifest.json, for no credentials, a bad token, a user
 * without the role and a user with it, answered by the legacy app alone and by the gateway with
 * every route flipped to Fastify. The statuses must be equal, case by case.
 *
 * Then path-normalisation tricks on every protected route, on both sides: no request may reach a
 * protected handler (answer 2xx or 3xx) without the credentials it needs.
 */
import { send, type HttpResponse } from '../support/http';
import { CREDENTIALS, manifestRoutes, startSides, type CredentialName, type Sides } from './targets';

type Side = 'legacy' | 'gateway';

interface Sample {
  path: string;
  body?: object;
}

/** The user the matrix creates (POST /api/users as the admin) on each side, by its Location. */
const createdUser = new Map<Side, string>();

/**
 * A concrete request for a route. Each side has its own copy of the database and gets the same
 * requests in the same order, so the sides answer alike. Writes get a body that passes the route's
 * validation, where the matrix needs it to reach the write; DELETE /api/users/:id removes the user
 * the matrix created, not one that later rows read.
 */
function sample(route: string, side: Side): Sample {
  const [method, pattern] = route.split(' ');
  if (route === 'POST /api/products') return { path: pattern, body: { sku: 'ZZ-MTX01', name: 'Matrix', priceCents: 100, stock: 1, category: 'test' } };
  if (route === 'DELETE /api/products/:sku') return { path: '/api/products/MG-100' };
  if (route === 'POST /api/users/me/preferences') return { path: pattern, body: { theme: 'dark', language: 'fr' } };
  if (route === 'POST /api/users') return { path: pattern, body: { username: 'matrix_user', name: 'Matrix User', email: 'matrix@example.com', password: 'matrix-password' } };
  if (route === 'DELETE /api/users/:id') return { path: createdUser.get(side) ?? '/api/users/999999' };
  const path = pattern.replace(':id', '2').replace(':sku', 'BK-001').replace(/:\w+/g, '1');
  return { path, body: ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined };
}

async function call(base: string, route: string, side: Side, credentials: CredentialName, path?: string): Promise<HttpResponse> {
  const [method] = route.split(' ');
  const s = sample(route, side);
  const res = await send(base, { method, path: path ?? s.path, headers: { ...CREDENTIALS[credentials] }, body: s.body });
  if (route === 'POST /api/users' && res.status === 201 && typeof res.headers.location === 'string') createdUser.set(side, res.headers.location);
  return res;
}

describe('auth matrix: legacy app vs gateway with every route flipped', () => {
  let sides: Sides;
  const routes = manifestRoutes();
  const protectedRoutes: string[] = [];
  const adminOnly: string[] = [];
  beforeAll(async () => {
    sides = await startSides();
  });
  afterAll(() => sides.close());

  test('every manifest route is served by Fastify', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const route of routes) expect([route, sides.gateway.app.routeTable.modes.get(route)]).toEqual([route, 'fastify']);
  });

  test('the same status for every route and every kind of caller', async () => {
    const rows: string[] = [];
    const differences: string[] = [];
    for (const route of routes) {
      for (const credentials of Object.keys(CREDENTIALS) as CredentialName[]) {
        const legacy = await call(sides.legacy.base, route, 'legacy', credentials);
        const gateway = await call(sides.gateway.base, route, 'gateway', credentials);
        rows.push(`${route.padEnd(34)} ${credentials.padEnd(22)} ${legacy.status} ${gateway.status}`);
        if (legacy.status !== gateway.status) differences.push(`${route} / ${credentials}: legacy ${legacy.status}, gateway ${gateway.status}`);
        if (legacy.status !== gateway.status || gateway.headers['x-powered-by'] !== undefined) continue;
        if (credentials === 'none' && legacy.status === 401) protectedRoutes.push(route);
        if (credentials === 'user without the role' && legacy.status === 403) adminOnly.push(route);
      }
    }
    console.log(`auth matrix: ${routes.length} routes x 4 callers = ${rows.length} cases, ${differences.length} differences\n${rows.join('\n')}`);
    expect(differences).toEqual([]);
    expect(rows).toHaveLength(routes.length * 4);
    // The matrix is worth something only if it saw all three outcomes.
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(4);
    expect(adminOnly.length).toBeGreaterThanOrEqual(2);
  });

  /** Ways to spell a protected path that a naive guard might not recognise. */
  function tricks(path: string): string[] {
    const segments = path.split('/').slice(1);
    const [first, ...rest] = segments;
    const last = segments[segments.length - 1];
    const hex = (ch: string) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
    const withLast = (replacement: string) => `/${[...segments.slice(0, -1), replacement].join('/')}`;
    return [
      `/${hex(first[0])}${first.slice(1)}/${rest.join('/')}`,
      `/${hex(first[0]).toUpperCase()}${first.slice(1)}/${rest.join('/')}`,
      withLast(`${hex(last[0])}${last.slice(1)}`),
      `/${path}`,
      `/${first}//${rest.join('/')}`,
      `${path}//`,
      `${path}/`,
      path.toUpperCase(),
      `/${first[0].toUpperCase()}${first.slice(1)}/${rest.join('/').toUpperCase()}`,
      `${path};`,
      `${path};jsessionid=1`,
      `/${first};x=1/${rest.join('/')}`,
      `/${segments.join('%2F')}`,
      `/${segments.join('%2f')}`,
      `/${first}/${rest.join('%2F')}`,
      `/${first}/%2e/${rest.join('/')}`,
      `/${first}/%2E%2E/${first}/${rest.join('/')}`,
      `/${first}/./${rest.join('/')}`,
      `/nothing/../${segments.join('/')}`,
      `/${first}/x/../${rest.join('/')}`,
      `${path}/.`,
      `${path}/..`,
      `${path}/%2e%2e`,
      `${path}%20`,
      `${path}%00`,
      `${path}%2500`,
      `/${segments.join('\\')}`,
      `${path}?${path}`,
      `${path}#fragment`,
      `http://127.0.0.1${path}`,
      `http://example.com${path}`,
      `${path}.json`,
      `${path}~`,
    ];
  }

  test('path tricks never reach a protected handler without the credentials, on either side', async () => {
    expect(protectedRoutes.length).toBeGreaterThan(0);
    const differences: string[] = [];
    const reached: string[] = [];
    let cases = 0;
    const callers: [string, CredentialName][] = [
      ...protectedRoutes.flatMap((route) => (['none', 'bad token'] as const).map((c) => [route, c] as [string, CredentialName])),
      ...adminOnly.map((route) => [route, 'user without the role'] as [string, CredentialName]),
    ];
    for (const [route, credentials] of callers) {
      for (const path of tricks(sample(route, 'legacy').path)) {
        const legacy = await call(sides.legacy.base, route, 'legacy', credentials, path);
        // The same path on both sides: without the credentials, nothing may be written either way.
        const gateway = await call(sides.gateway.base, route, 'gateway', credentials, path);
        cases += 2;
        if (legacy.status < 400) reached.push(`legacy: ${route.split(' ')[0]} ${path} as ${credentials} -> ${legacy.status}`);
        if (gateway.status < 400) reached.push(`gateway: ${route.split(' ')[0]} ${path} as ${credentials} -> ${gateway.status}`);
        if (legacy.status !== gateway.status) differences.push(`${route.split(' ')[0]} ${path} as ${credentials}: legacy ${legacy.status}, gateway ${gateway.status}`);
      }
    }
    console.log(`path tricks: ${callers.length} protected route/caller pairs x ${tricks('/a/b').length} spellings x 2 sides = ${cases} requests; ${reached.length} reached a handler, ${differences.length} status differences`);
    expect(reached).toEqual([]);
    expect(differences).toEqual([]);
  });

  test('with the credentials, every spelling of a protected GET gets the same status on both sides', async () => {
    // Before the gateway refused percent-encoded static segments, `/%61pi/users/me` reached the
    // migrated handler (200) where Express answers 404.
    const differences: string[] = [];
    let served = 0;
    for (const route of protectedRoutes.filter((r) => r.startsWith('GET '))) {
      for (const path of tricks(sample(route, 'legacy').path)) {
        const legacy = await call(sides.legacy.base, route, 'legacy', 'user with the role', path);
        const gateway = await call(sides.gateway.base, route, 'gateway', 'user with the role', path);
        if (legacy.status === 200) served += 1;
        if (legacy.status !== gateway.status) differences.push(`GET ${path}: legacy ${legacy.status}, gateway ${gateway.status}`);
      }
    }
    expect(differences).toEqual([]);
    expect(served).toBeGreaterThan(10);
  });
});
