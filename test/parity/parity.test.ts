/**
 * One suite, three targets (see targets.ts): the legacy Express app alone, the gateway with every
 * migrated route handed to Express, and the gateway with every route the recipe generated serving
 * (gateway/generated).
 * The tests are identical for the three; only the port changes. The three targets share one
 * database (this file's DATABASE_PATH), so tests that write create their own, unique data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { endpointRequest } from '../../benchmarks/lib/endpoints';
import { closeDb } from '../../legacy-app/db';
import { SEED_PASSWORDS, SEED_SESSION_COOKIE, SEED_TOKENS, SEED_USER_IDS } from '../../legacy-app/seed';
import { TARGET_NAMES, startTarget, type Client, type HttpResponse, type Target } from './targets';

const JSON_TYPE = 'application/json; charset=utf-8';
const STATIC_DIR = join(__dirname, '..', '..', 'legacy-app', 'static');
const LIMIT = 100 * 1024;

const bearer = (who: keyof typeof SEED_TOKENS) => ({ authorization: `Bearer ${SEED_TOKENS[who]}` });
const alice = bearer('alice');
const bob = bearer('bob');
const admin = bearer('admin');

let counter = 0;
/** Unique per run, per target and per call: the targets share one database. */
function unique(): string {
  counter += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36).slice(-5)}${counter.toString(36)}`.toUpperCase();
}
const uniqueSku = () => `ZZ-${unique().slice(-12)}`;
const uniqueName = () => `u_${unique().toLowerCase()}`;

function expectJson(res: HttpResponse, status: number, body?: unknown): void {
  expect({ status: res.status, contentType: res.headers['content-type'] }).toEqual({ status, contentType: JSON_TYPE });
  if (body !== undefined) expect(res.json).toEqual(body);
}

function expectError(res: HttpResponse, status: number, code: string, message?: string): void {
  expectJson(res, status);
  expect(res.json.error.code).toBe(code);
  if (message !== undefined) expect(res.json.error.message).toBe(message);
}

const UNAUTHORIZED = { error: { code: 'UNAUTHORIZED', message: 'Authentication required' } };
const ADMIN_ONLY = { error: { code: 'FORBIDDEN', message: 'This action requires the ADMIN role' } };
const INVALID_JSON = { error: { code: 'INVALID_JSON', message: 'The request body is not valid JSON' } };
const TOO_LARGE = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than 100kb' } };

/** A JSON object of exactly `size` bytes: `{"theme":"dark","pad":"xxxx..."}`. */
function jsonOfSize(size: number, fields: Record<string, unknown> = {}): string {
  const base = JSON.stringify({ ...fields, pad: '' });
  return JSON.stringify({ ...fields, pad: 'x'.repeat(size - base.length) });
}

async function createProduct(client: Client, overrides: Record<string, unknown> = {}) {
  const product = { sku: uniqueSku(), name: 'Parity widget', description: 'made by a test', priceCents: 1250, stock: 5, category: 'parity-tests', ...overrides };
  const res = await client.post('/api/products', product, { headers: admin });
  expectJson(res, 201, product);
  return product;
}

afterAll(() => closeDb());

describe.each(TARGET_NAMES)('%s', (targetName) => {
  let target: Target;
  let client: Client;

  beforeAll(async () => {
    target = await startTarget(targetName);
    client = target.client;
  });
  afterAll(async () => {
    await target?.close();
  });

  describe('app-level endpoints', () => {
    test('GET / redirects to /docs with 302 and a text body', async () => {
      const res = await client.get('/');
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/docs');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe('Found. Redirecting to /docs');
    });

    test('GET / asked for HTML redirects with an HTML body', async () => {
      const res = await client.get('/', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(302);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('Redirecting to /docs');
    });

    test('GET /health answers "ok" as HTML, not cached', async () => {
      const res = await client.get('/health');
      expect([res.status, res.text, res.headers['content-type'], res.headers['cache-control']]).toEqual([
        200,
        'ok',
        'text/html; charset=utf-8',
        'no-store',
      ]);
    });

    test('GET /version', async () => {
      expectJson(await client.get('/version'), 200, { name: 'legacy-shop', version: '3.14.2' });
    });

    test('GET /api/ping sets X-Pong and answers text', async () => {
      const res = await client.get('/api/ping');
      expect([res.status, res.text, res.headers['content-type'], res.headers['x-pong']]).toEqual([200, 'pong', 'text/plain; charset=utf-8', 'true']);
    });

    test('GET /api/config sends an object, signedIn follows the bearer token', async () => {
      expectJson(await client.get('/api/config'), 200, { features: { newCheckout: false, reviews: true }, signedIn: false });
      expectJson(await client.get('/api/config', { headers: bob }), 200, { features: { newCheckout: false, reviews: true }, signedIn: true });
    });

    test('GET /robots.txt', async () => {
      const res = await client.get('/robots.txt');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe('User-agent: *\nDisallow: /admin\nDisallow: /account\n');
    });

    test('X-Request-Id is echoed when sane, dropped otherwise, on Express and migrated routes alike', async () => {
      for (const path of ['/version', '/api/users/1', '/api/products?limit=1']) {
        const echoed = await client.get(path, { headers: { ...alice, 'x-request-id': 'req-42.a_b' } });
        expect([path, echoed.status, echoed.headers['x-request-id']]).toEqual([path, 200, 'req-42.a_b']);
        const dropped = await client.get(path, { headers: { ...alice, 'x-request-id': 'no spaces allowed' } });
        expect([path, dropped.status, dropped.headers['x-request-id']]).toEqual([path, 200, undefined]);
      }
    });
  });

  describe('not found', () => {
    test('unknown route: 404 JSON naming the method and path', async () => {
      expectJson(await client.get('/nope'), 404, { error: { code: 'NOT_FOUND', message: 'Cannot GET /nope' } });
      expectJson(await client.request('DELETE', '/api/nothing-here'), 404, { error: { code: 'NOT_FOUND', message: 'Cannot DELETE /api/nothing-here' } });
    });

    test('unknown route with a JSON body: still 404, and a malformed body there is a 400', async () => {
      expectJson(await client.post('/api/nope', { a: 1 }), 404, { error: { code: 'NOT_FOUND', message: 'Cannot POST /api/nope' } });
      expectJson(await client.post('/api/nope', '{"a":', { headers: { 'content-type': 'application/json' } }), 400, INVALID_JSON);
    });

    test('a method a route does not have is a 404', async () => {
      expectJson(await client.request('PUT', '/version'), 404, { error: { code: 'NOT_FOUND', message: 'Cannot PUT /version' } });
      expectJson(await client.request('PATCH', '/api/products', { headers: admin, body: {} }), 404);
    });

    test('unknown path under an authenticated router: 401 without a token, 404 with one', async () => {
      expectJson(await client.get('/api/users/1/nope'), 401, UNAUTHORIZED);
      expectJson(await client.get('/api/users/1/nope', { headers: alice }), 404, { error: { code: 'NOT_FOUND', message: 'Cannot GET /api/users/1/nope' } });
    });
  });

  describe('/api/users', () => {
    test('GET /api/users/:id: a user reads themselves, email included', async () => {
      expectJson(await client.get(`/api/users/${SEED_USER_IDS.alice}`, { headers: alice }), 200, {
        id: 1,
        username: 'alice',
        name: 'Alice Liddell',
        role: 'USER',
        email: 'alice@example.com',
      });
    });

    test('GET /api/users/:id: another user is seen without email; admins see it', async () => {
      expectJson(await client.get('/api/users/2', { headers: alice }), 200, { id: 2, username: 'bob', name: 'Bob Builder', role: 'USER' });
      expectJson(await client.get('/api/users/2', { headers: admin }), 200, { id: 2, username: 'bob', name: 'Bob Builder', role: 'USER', email: 'bob@example.com' });
    });

    test('GET /api/users/:id: routing ignores case and a trailing slash, like Express', async () => {
      expectJson(await client.get('/API/Users/2', { headers: bob }), 200, { id: 2, username: 'bob', name: 'Bob Builder', role: 'USER', email: 'bob@example.com' });
      expectJson(await client.get('/api/users/2/', { headers: bob }), 200);
    });

    test('GET /api/users/:id without a token: 401 with WWW-Authenticate', async () => {
      const res = await client.get('/api/users/1');
      expectJson(res, 401, UNAUTHORIZED);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="legacy-api"');
    });

    test('GET /api/users/:id with an unknown or malformed token: 401', async () => {
      expectJson(await client.get('/api/users/1', { headers: { authorization: 'Bearer tok_nobody' } }), 401, {
        error: { code: 'UNAUTHORIZED', message: 'Invalid or expired token' },
      });
      expectJson(await client.get('/api/users/1', { headers: { authorization: `Basic ${SEED_TOKENS.alice}` } }), 401, UNAUTHORIZED);
    });

    test('GET /api/users/:id with a bad id: 400; an unknown id: 404', async () => {
      const invalid = { error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'id', message: 'must be a positive integer' }] } };
      expectJson(await client.get('/api/users/abc', { headers: alice }), 400, invalid);
      expectJson(await client.get('/api/users/0', { headers: alice }), 400, invalid);
      expectJson(await client.get('/api/users/-1', { headers: alice }), 400, invalid);
      expectJson(await client.get('/api/users/999999', { headers: alice }), 404, { error: { code: 'NOT_FOUND', message: 'User 999999 not found' } });
    });

    test('GET /api/users/me', async () => {
      const res = await client.get('/api/users/me', { headers: bob });
      expectJson(res, 200);
      expect(res.json).toEqual({
        id: 2,
        username: 'bob',
        name: 'Bob Builder',
        role: 'USER',
        email: 'bob@example.com',
        preferences: { theme: expect.any(String), language: expect.any(String) },
      });
      expectJson(await client.get('/api/users/me'), 401, UNAUTHORIZED);
    });

    test('POST /api/users/me/preferences stores them and sets cookies and Content-Language', async () => {
      // One language per target, each different from the one before (the targets run in order, on one database).
      const language = ['fr', 'de', 'es', 'en'][TARGET_NAMES.indexOf(targetName)];
      const res = await client.post('/api/users/me/preferences', { theme: 'dark', language }, { headers: bob });
      expectJson(res, 200, { preferences: { theme: 'dark', language } });
      expect(res.headers['set-cookie']).toEqual(['theme=dark; Path=/; SameSite=Lax', `lang=${language}; Path=/; SameSite=Lax`]);
      expect(res.headers['content-language']).toBe(language);
      const me = await client.get('/api/users/me', { headers: bob });
      expect(me.json.preferences).toEqual({ theme: 'dark', language });
    });

    test('POST /api/users/me/preferences validates its body', async () => {
      const post = (body: string | object, headers: Record<string, string> = {}) =>
        client.post('/api/users/me/preferences', body, { headers: { ...bob, ...headers } });
      expectJson(await post({ theme: 'neon' }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'theme', message: 'must be one of light, dark, system' }] },
      });
      expectJson(await post({}), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'body', message: 'give at least one of theme, language' }] },
      });
      const notAnObject = { error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'body', message: 'must be a JSON object' }] } };
      expectJson(await post([]), 400, notAnObject);
      expectJson(await post('theme=dark', { 'content-type': 'text/plain' }), 400, notAnObject);
      expectJson(await post('', { 'content-type': 'application/json' }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'body', message: 'give at least one of theme, language' }] },
      });
    });

    test('POST /api/users/me/preferences with a malformed or non-object JSON body: 400 INVALID_JSON', async () => {
      for (const body of ['{"theme":', '"dark"', '42', 'null', 'dark']) {
        const res = await client.post('/api/users/me/preferences', body, { headers: { ...bob, 'content-type': 'application/json' } });
        expectJson(res, 400, INVALID_JSON);
      }
    });

    test('GET /api/users is admin-only, paginated and validated', async () => {
      expectJson(await client.get('/api/users', { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.get('/api/users'), 401, UNAUTHORIZED);
      const page = await client.get('/api/users?limit=2&offset=1', { headers: admin });
      expectJson(page, 200);
      expect(page.json.total).toBeGreaterThanOrEqual(3);
      expect([page.json.limit, page.json.offset, page.json.users.map((u: { id: number }) => u.id)]).toEqual([2, 1, [2, 3]]);
      expectError(await client.get('/api/users?limit=0', { headers: admin }), 400, 'VALIDATION_FAILED');
      expectJson(await client.get('/api/users?limit=ten', { headers: admin }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'limit', message: 'must be an integer' }] },
      });
    });

    test('POST /api/users (admin) creates a user: 201 with Location', async () => {
      const username = uniqueName();
      const res = await client.post('/api/users', { username, name: 'Parity Person', email: `${username}@example.com`, password: 'long-enough' }, { headers: admin });
      expectJson(res, 201);
      expect(res.json).toEqual({ id: expect.any(Number), username, name: 'Parity Person', role: 'USER', email: `${username}@example.com` });
      expect(res.headers.location).toBe(`/api/users/${res.json.id}`);
      expectJson(await client.get(res.headers.location!, { headers: admin }), 200, res.json);
      expectJson(
        await client.post('/api/users', { username, name: 'Again', email: `${username}@example.com`, password: 'long-enough' }, { headers: admin }),
        409,
        { error: { code: 'CONFLICT', message: 'A user with this username or email already exists' } },
      );
    });

    test('POST /api/users: 403 for users, 400 listing every invalid field', async () => {
      expectJson(await client.post('/api/users', { username: uniqueName(), name: 'X', email: 'x@example.com', password: 'long-enough' }, { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.post('/api/users', { username: 'A!', email: 'not-an-email', role: 'ROOT', password: 'short' }, { headers: admin }), 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [
            { field: 'username', message: 'has an invalid format' },
            { field: 'name', message: 'is required' },
            { field: 'email', message: 'has an invalid format' },
            { field: 'role', message: 'must be one of USER, ADMIN' },
            { field: 'password', message: 'must be at least 8 characters' },
          ],
        },
      });
    });

    test('PATCH /api/users/:id: admins edit anyone, users only themselves', async () => {
      const username = uniqueName();
      const created = await client.post('/api/users', { username, name: 'Before', email: `${username}@example.com`, password: 'long-enough' }, { headers: admin });
      const id = created.json.id as number;
      expectJson(await client.request('PATCH', `/api/users/${id}`, { headers: admin, body: { name: 'After' } }), 200, {
        id,
        username,
        name: 'After',
        role: 'USER',
        email: `${username}@example.com`,
      });
      expectJson(await client.request('PATCH', '/api/users/2', { headers: alice, body: { name: 'Mallory' } }), 403, {
        error: { code: 'FORBIDDEN', message: 'You can only edit your own profile' },
      });
      expectJson(await client.request('PATCH', '/api/users/1', { headers: alice, body: { name: 'Alice Liddell' } }), 200);
      expectError(await client.request('PATCH', `/api/users/${id}`, { headers: admin, body: { email: 'alice@example.com' } }), 409, 'CONFLICT');
      expectError(await client.request('PATCH', `/api/users/${id}`, { headers: admin, body: { email: 'nope' } }), 400, 'VALIDATION_FAILED');
    });

    test('DELETE /api/users/:id (admin): 204 with no body, then 404', async () => {
      const username = uniqueName();
      const created = await client.post('/api/users', { username, name: 'Doomed', email: `${username}@example.com`, password: 'long-enough' }, { headers: admin });
      const id = created.json.id as number;
      expectJson(await client.request('DELETE', `/api/users/${id}`, { headers: alice }), 403, ADMIN_ONLY);
      const res = await client.request('DELETE', `/api/users/${id}`, { headers: admin });
      expect([res.status, res.text, res.headers['content-type']]).toEqual([204, '', undefined]);
      expectJson(await client.get(`/api/users/${id}`, { headers: admin }), 404, { error: { code: 'NOT_FOUND', message: `User ${id} not found` } });
      expectJson(await client.request('DELETE', '/api/users/3', { headers: admin }), 403, { error: { code: 'FORBIDDEN', message: 'You cannot delete yourself' } });
    });

    test('GET /api/users/:id/avatar: 301 to the avatar CDN, cacheable for an hour', async () => {
      const res = await client.get('/api/users/1/avatar', { headers: bob });
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
      expect(res.status).toBe(301);
      expect(res.headers.location).toBe('https://avatars.example.com/u/alice.png');
      expect(res.text).toBe('Moved Permanently. Redirecting to https://avatars.example.com/u/alice.png');
    });
  });

  describe('/api/products', () => {
    test('GET /api/products: public, cacheable, filtered by category', async () => {
      const res = await client.get('/api/products?category=books');
      expectJson(res, 200);
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      expect(res.json.total).toBe(3);
      expect([res.json.limit, res.json.offset]).toEqual([20, 0]);
      expect(res.json.items.map((p: { sku: string }) => p.sku)).toEqual(['BK-001', 'BK-002', 'BK-003']);
      expect(res.json.items[1]).toEqual({
        sku: 'BK-002',
        name: 'Refactoring',
        description: 'Improving the design of existing code',
        priceCents: 4499,
        stock: expect.any(Number),
        category: 'books',
      });
    });

    test('GET /api/products: search, limit and offset', async () => {
      const mouse = await client.get('/api/products?q=Mouse');
      expect(mouse.json.items.map((p: { sku: string }) => p.sku)).toEqual(['MS-020']);
      const page = await client.get('/api/products?category=hardware&limit=2&offset=1');
      expectJson(page, 200);
      expect([page.json.total, page.json.limit, page.json.offset, page.json.items.map((p: { sku: string }) => p.sku)]).toEqual([3, 2, 1, ['MN-030', 'MS-020']]);
      const spaces = await client.get('/api/products?q=Coffee+Mug');
      expect(spaces.json.items.map((p: { sku: string }) => p.sku)).toEqual(['MG-100']);
    });

    test('GET /api/products: bad query parameters are 400s', async () => {
      expectJson(await client.get('/api/products?limit=51'), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'limit', message: 'must be between 1 and 50' }] },
      });
      expectJson(await client.get('/api/products?limit=1&limit=2'), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'limit', message: 'must be an integer' }] },
      });
      expectJson(await client.get('/api/products?offset=-1&category=Not%20Valid'), 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [
            { field: 'category', message: 'has an invalid format' },
            { field: 'offset', message: 'must be between 0 and ∞' },
          ],
        },
      });
    });

    test('GET /api/products/categories', async () => {
      const res = await client.get('/api/products/categories');
      expectJson(res, 200);
      expect(res.json.categories).toEqual(
        expect.arrayContaining([
          { category: 'books', count: 3 },
          { category: 'hardware', count: 3 },
          { category: 'merch', count: 2 },
        ]),
      );
    });

    test('GET /api/products/export.csv: an attachment', async () => {
      const res = await client.get('/api/products/export.csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename=products.csv');
      const lines = res.text.split('\n');
      expect(lines[0]).toBe('sku,name,category,price,stock');
      expect(lines).toContainEqual(expect.stringMatching(/^MN-030,"27"" Monitor",hardware,329\.00,\d+$/));
    });

    test('GET /api/products/:sku: 200, 400 for a malformed SKU, 404 for an unknown one', async () => {
      expectJson(await client.get('/api/products/MG-100'), 200, {
        sku: 'MG-100',
        name: 'Coffee Mug',
        description: 'It works on my machine',
        priceCents: 1299,
        stock: 100,
        category: 'merch',
      });
      expectJson(await client.get('/api/products/mug'), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'sku', message: 'must look like AB-123' }] },
      });
      expectJson(await client.get('/api/products/ZZ-NOTHERE'), 404, { error: { code: 'NOT_FOUND', message: 'Product ZZ-NOTHERE not found' } });
    });

    test('GET /api/products/:sku/image: a PNG Buffer, cacheable', async () => {
      const res = await client.get('/api/products/BK-001/image');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      expect(res.raw.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(Number(res.headers['content-length'])).toBe(res.raw.length);
      const other = await client.get('/api/products/BK-002/image');
      expect(other.raw.equals(res.raw)).toBe(false);
      expectError(await client.get('/api/products/ZZ-NOTHERE/image'), 404, 'NOT_FOUND');
    });

    test('POST /api/products (admin): 201 with Location; duplicate 409', async () => {
      const sku = uniqueSku();
      const product = { sku, name: 'Parity widget', description: 'made by a test', priceCents: 1250, stock: 5, category: 'parity-tests' };
      const res = await client.post('/api/products', product, { headers: admin });
      expectJson(res, 201, product);
      expect(res.headers.location).toBe(`/api/products/${sku}`);
      expectJson(await client.get(`/api/products/${sku}`), 200, product);
      expectJson(await client.post('/api/products', product, { headers: admin }), 409, { error: { code: 'CONFLICT', message: `Product ${sku} already exists` } });
    });

    test('POST /api/products accepts an urlencoded form too', async () => {
      const sku = uniqueSku();
      const res = await client.post('/api/products', `sku=${sku}&name=Form+made&priceCents=700&stock=2&category=parity-tests`, {
        headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectJson(res, 201, { sku, name: 'Form made', description: '', priceCents: 700, stock: 2, category: 'parity-tests' });
      expect(res.headers.location).toBe(`/api/products/${sku}`);
    });

    test('POST /api/products: 401 anonymous, 403 for a user, 400 on invalid fields', async () => {
      const product = { sku: uniqueSku(), name: 'Nope', priceCents: 1, category: 'parity-tests' };
      expectJson(await client.post('/api/products', product), 401, UNAUTHORIZED);
      expectJson(await client.post('/api/products', product, { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.post('/api/products', { sku: 'bad', name: '', priceCents: -5, stock: 1.5 }, { headers: admin }), 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [
            { field: 'sku', message: 'has an invalid format' },
            { field: 'name', message: 'is required' },
            { field: 'priceCents', message: 'must be between 0 and 10000000' },
            { field: 'stock', message: 'must be an integer' },
            { field: 'category', message: 'is required' },
          ],
        },
      });
      expectJson(await client.get(`/api/products/${product.sku}`), 404);
    });

    test('POST /api/products with a malformed JSON body: 400 before the auth check', async () => {
      const headers = { 'content-type': 'application/json' };
      expectJson(await client.post('/api/products', '{"sku": "ZZ-1', { headers: { ...admin, ...headers } }), 400, INVALID_JSON);
      expectJson(await client.post('/api/products', '{oops}', { headers }), 400, INVALID_JSON);
    });

    test('routers guarded with router.use(): a malformed JSON body is a 400 before their auth check too', async () => {
      // The app's body parsers run before any router middleware (requireAuth, sessionAuth, requireRole).
      const headers = { 'content-type': 'application/json' };
      for (const path of ['/api/users/me/preferences', '/api/orders', '/account/settings', '/admin/cache/purge']) {
        expectJson(await client.post(path, '{oops}', { headers }), 400, INVALID_JSON);
      }
    });

    test('PUT /api/products/:sku (admin) replaces a product', async () => {
      const product = await createProduct(client);
      const replacement = { name: 'Renamed', description: '', priceCents: 999, stock: 1, category: 'parity-tests' };
      expectJson(await client.request('PUT', `/api/products/${product.sku}`, { headers: admin, body: replacement }), 200, { sku: product.sku, ...replacement });
      expectJson(await client.request('PUT', '/api/products/ZZ-NOTHERE', { headers: admin, body: replacement }), 404);
      expectJson(await client.request('PUT', `/api/products/${product.sku}`, { headers: bob, body: replacement }), 403, ADMIN_ONLY);
    });

    test('PATCH /api/products/:sku/stock (admin) adjusts stock; below zero is a 409', async () => {
      const product = await createProduct(client, { stock: 3 });
      const path = `/api/products/${product.sku}/stock`;
      expectJson(await client.request('PATCH', path, { headers: admin, body: { delta: 4 } }), 200, { ...product, stock: 7 });
      expectJson(await client.request('PATCH', path, { headers: admin, body: { delta: -8 } }), 409, {
        error: { code: 'CONFLICT', message: `Not enough stock for ${product.sku}: 7 left` },
      });
      expectError(await client.request('PATCH', path, { headers: admin, body: { delta: 0 } }), 400, 'VALIDATION_FAILED');
      expectJson(await client.request('PATCH', path, { headers: admin, body: { delta: '2' } }), 200, { ...product, stock: 9 });
    });

    test('DELETE /api/products/:sku (admin): 204, then 404', async () => {
      const product = await createProduct(client);
      expectJson(await client.request('DELETE', `/api/products/${product.sku}`, { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.request('DELETE', `/api/products/${product.sku}`), 401, UNAUTHORIZED);
      const res = await client.request('DELETE', `/api/products/${product.sku}`, { headers: admin });
      expect([res.status, res.text, res.headers['content-type']]).toEqual([204, '', undefined]);
      expectJson(await client.get(`/api/products/${product.sku}`), 404);
      expectJson(await client.request('DELETE', `/api/products/${product.sku}`, { headers: admin }), 404, {
        error: { code: 'NOT_FOUND', message: `Product ${product.sku} not found` },
      });
      expectError(await client.request('DELETE', '/api/products/not-a-sku', { headers: admin }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('/api/orders', () => {
    test('GET /api/orders lists the caller\'s orders; admins can ask for all', async () => {
      const mine = await client.get('/api/orders', { headers: alice });
      expectJson(mine, 200);
      const ids = (res: HttpResponse) => res.json.orders.map((o: { id: number }) => o.id);
      expect(ids(mine)).toEqual(expect.arrayContaining([1, 2]));
      expect(ids(mine)).not.toContain(3);
      expect(mine.json.orders.every((o: { userId: number }) => o.userId === 1)).toBe(true);
      expect(mine.json.orders[0]).toEqual({
        id: 1,
        userId: 1,
        status: 'SHIPPED',
        note: 'Leave at the door',
        items: [
          { sku: 'BK-001', qty: 1, unitPriceCents: 3999 },
          { sku: 'MG-100', qty: 2, unitPriceCents: 1299 },
        ],
        totalCents: 6597,
      });
      expect(ids(await client.get('/api/orders?all=true', { headers: admin }))).toEqual(expect.arrayContaining([1, 2, 3]));
      expect(ids(await client.get('/api/orders?all=true', { headers: bob }))).not.toContain(1);
      expectJson(await client.get('/api/orders'), 401, UNAUTHORIZED);
    });

    test('POST /api/orders places an order: 201, Location, stock taken', async () => {
      const product = await createProduct(client, { stock: 4, priceCents: 250 });
      const res = await client.post('/api/orders', { items: [{ sku: product.sku, qty: 3 }], note: 'parity' }, { headers: bob });
      expectJson(res, 201);
      expect(res.json).toEqual({
        id: expect.any(Number),
        userId: 2,
        status: 'PENDING',
        note: 'parity',
        items: [{ sku: product.sku, qty: 3, unitPriceCents: 250 }],
        totalCents: 750,
      });
      expect(res.headers.location).toBe(`/api/orders/${res.json.id}`);
      expect((await client.get(`/api/products/${product.sku}`)).json.stock).toBe(1);
      expectJson(await client.get(res.headers.location!, { headers: bob }), 200, res.json);
    });

    test('POST /api/orders: 409 when stock runs out, 422 for an unknown product, nothing taken', async () => {
      const product = await createProduct(client, { stock: 1 });
      expectJson(await client.post('/api/orders', { items: [{ sku: product.sku, qty: 2 }] }, { headers: bob }), 409, {
        error: { code: 'CONFLICT', message: `Not enough stock for ${product.sku}: 1 left` },
      });
      expectJson(await client.post('/api/orders', { items: [{ sku: product.sku, qty: 1 }, { sku: 'ZZ-GHOST', qty: 1 }] }, { headers: bob }), 422, {
        error: { code: 'UNKNOWN_PRODUCT', message: 'Product ZZ-GHOST does not exist' },
      });
      expect((await client.get(`/api/products/${product.sku}`)).json.stock).toBe(1);
    });

    test('POST /api/orders validates items and note', async () => {
      expectJson(await client.post('/api/orders', { items: [] }, { headers: bob }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'items', message: 'must be a list of 1 to 20 items' }] },
      });
      expectJson(await client.post('/api/orders', { items: [{ sku: 'BK-001', qty: 0 }, 'x'], note: 7 }, { headers: bob }), 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [
            { field: 'items[0].qty', message: 'must be between 1 and 99' },
            { field: 'items[1]', message: 'must be an object' },
            { field: 'note', message: 'must be a string' },
          ],
        },
      });
      expectJson(await client.post('/api/orders', { items: [{ sku: 'BK-001', qty: 1 }, { sku: 'BK-001', qty: 2 }] }, { headers: bob }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'items', message: 'each sku at most once' }] },
      });
      expectJson(await client.post('/api/orders', 'items=1', { headers: { ...bob, 'content-type': 'application/x-www-form-urlencoded' } }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'items', message: 'must be a list of 1 to 20 items' }] },
      });
    });

    test('GET /api/orders/:id: owner and admin only (404 for others), 400 for a bad id', async () => {
      expectJson(await client.get('/api/orders/1', { headers: alice }), 200);
      expectJson(await client.get('/api/orders/1', { headers: admin }), 200);
      expectJson(await client.get('/api/orders/1', { headers: bob }), 404, { error: { code: 'NOT_FOUND', message: 'Order 1 not found' } });
      expectJson(await client.get('/api/orders/abc', { headers: bob }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'id', message: 'must be a positive integer' }] },
      });
    });

    test('GET /api/orders/:id/receipt negotiates JSON, text, HTML; 406 otherwise', async () => {
      const text = 'Receipt for order #1 (SHIPPED)\n1 x BK-001 @ 39.99\n2 x MG-100 @ 12.99\nTotal: 65.97\n';
      const ask = (accept: string) => client.get('/api/orders/1/receipt', { headers: { ...alice, accept } });
      const json = await ask('application/json');
      expectJson(json, 200, { orderId: 1, totalCents: 6597, text });
      expect(json.headers.vary).toBe('Accept');
      const plain = await ask('text/plain');
      expect([plain.status, plain.headers['content-type'], plain.text]).toEqual([200, 'text/plain; charset=utf-8', text]);
      const html = await ask('text/html;q=0.9, text/plain;q=0.1');
      expect([html.status, html.headers['content-type'], html.text]).toEqual([200, 'text/html; charset=utf-8', `<pre>${text}</pre>`]);
      expectJson(await ask('image/png'), 406, { error: { code: 'NOT_ACCEPTABLE', message: 'Ask for application/json, text/plain or text/html' } });
      expectJson(await client.get('/api/orders/3/receipt', { headers: alice }), 404);
      expectError(await client.get('/api/orders/x/receipt', { headers: alice }), 400, 'VALIDATION_FAILED');
    });

    test('POST /api/orders/:id/cancel: a pending order is cancelled and its stock returned; twice is a 409', async () => {
      const product = await createProduct(client, { stock: 2 });
      const order = (await client.post('/api/orders', { items: [{ sku: product.sku, qty: 2 }] }, { headers: bob })).json;
      expectJson(await client.post(`/api/orders/${order.id}/cancel`, undefined, { headers: alice }), 404);
      expectJson(await client.post(`/api/orders/${order.id}/cancel`, undefined, { headers: bob }), 200, { ...order, status: 'CANCELLED' });
      expect((await client.get(`/api/products/${product.sku}`)).json.stock).toBe(2);
      expectJson(await client.post(`/api/orders/${order.id}/cancel`, undefined, { headers: bob }), 409, {
        error: { code: 'CONFLICT', message: `Order ${order.id} is CANCELLED, not PENDING` },
      });
      expectError(await client.post('/api/orders/0/cancel', undefined, { headers: bob }), 400, 'VALIDATION_FAILED');
    });

    test('POST /api/orders/:id/ship (admin, async handler): errors thrown reach the error middleware', async () => {
      const product = await createProduct(client);
      const order = (await client.post('/api/orders', { items: [{ sku: product.sku, qty: 1 }] }, { headers: alice })).json;
      expectJson(await client.post(`/api/orders/${order.id}/ship`, undefined, { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.post(`/api/orders/${order.id}/ship`, undefined, { headers: admin }), 200, { ...order, status: 'SHIPPED' });
      expectJson(await client.post(`/api/orders/${order.id}/ship`, undefined, { headers: admin }), 409);
      expectJson(await client.post('/api/orders/999999/ship', undefined, { headers: admin }), 404, { error: { code: 'NOT_FOUND', message: 'Order 999999 not found' } });
      expectError(await client.post('/api/orders/nope/ship', undefined, { headers: admin }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('/auth and the session-cookie router /account', () => {
    const SID_COOKIE = /^sid=(sess_[0-9a-f]{24}); Path=\/; HttpOnly; SameSite=Lax$/;

    test('POST /auth/login with JSON sets an HttpOnly session cookie', async () => {
      const res = await client.post('/auth/login', { username: 'bob', password: SEED_PASSWORDS.bob });
      expectJson(res, 200, { user: { id: 2, username: 'bob', name: 'Bob Builder', role: 'USER' } });
      expect(res.headers['set-cookie']).toHaveLength(1);
      expect(res.headers['set-cookie']![0]).toMatch(SID_COOKIE);
    });

    test('POST /auth/login with an urlencoded form works the same', async () => {
      const res = await client.post('/auth/login', `username=alice&password=${SEED_PASSWORDS.alice}`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectJson(res, 200, { user: { id: 1, username: 'alice', name: 'Alice Liddell', role: 'USER' } });
      expect(res.headers['set-cookie']![0]).toMatch(SID_COOKIE);
    });

    test('POST /auth/login: wrong password 401, missing fields 400, no cookie', async () => {
      const wrong = await client.post('/auth/login', { username: 'alice', password: 'guess' });
      expectJson(wrong, 401, { error: { code: 'BAD_CREDENTIALS', message: 'Wrong username or password' } });
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expectJson(await client.post('/auth/login', { username: 'alice' }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'password', message: 'is required' }] },
      });
    });

    test('a login session opens /account; logout clears the cookie, redirects 303 and ends the session', async () => {
      const login = await client.post('/auth/login', { username: 'bob', password: SEED_PASSWORDS.bob });
      const cookie = `sid=${SID_COOKIE.exec(login.headers['set-cookie']![0])![1]}`;
      expectJson(await client.get('/account/profile', { headers: { cookie } }), 200);
      const out = await client.post('/auth/logout', undefined, { headers: { cookie } });
      expect(out.status).toBe(303);
      expect(out.headers.location).toBe('/');
      expect(out.headers['set-cookie']).toEqual(['sid=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
      expect(out.text).toBe('See Other. Redirecting to /');
      expectJson(await client.get('/account/profile', { headers: { cookie } }), 401, {
        error: { code: 'NO_SESSION', message: 'Log in first: no valid session cookie' },
      });
    });

    test('GET /auth/check: 204 with a valid token, 401 text otherwise', async () => {
      const ok = await client.get('/auth/check', { headers: bob });
      expect([ok.status, ok.text]).toEqual([204, '']);
      const no = await client.get('/auth/check');
      expect([no.status, no.headers['content-type'], no.text]).toEqual([401, 'text/plain; charset=utf-8', 'Unauthorized']);
    });

    test('POST /auth/tokens issues a bearer token that migrated and legacy routes both accept', async () => {
      const res = await client.post('/auth/tokens', { label: 'parity' }, { headers: bob });
      expectJson(res, 201, { token: expect.stringMatching(/^tok_[0-9a-f]{32}$/), label: 'parity' });
      const headers = { authorization: `Bearer ${res.json.token}` };
      expectJson(await client.get('/api/users/2', { headers }), 200, { id: 2, username: 'bob', name: 'Bob Builder', role: 'USER', email: 'bob@example.com' });
      expectJson(await client.get('/api/orders/3', { headers }), 200);
      expectError(await client.post('/auth/tokens', { label: '' }, { headers: bob }), 400, 'VALIDATION_FAILED');
      expectJson(await client.post('/auth/tokens', { label: 'x' }), 401, UNAUTHORIZED);
    });

    test('GET /account/profile needs the session cookie; a bearer token is not enough', async () => {
      const res = await client.get('/account/profile', { headers: { cookie: `${SEED_SESSION_COOKIE}; other=1` } });
      expectJson(res, 200);
      expect(res.json).toEqual({ id: 1, username: 'alice', name: 'Alice Liddell', email: 'alice@example.com', theme: expect.any(String), language: expect.any(String) });
      const noSession = { error: { code: 'NO_SESSION', message: 'Log in first: no valid session cookie' } };
      expectJson(await client.get('/account/profile'), 401, noSession);
      expectJson(await client.get('/account/profile', { headers: alice }), 401, noSession);
      expectJson(await client.get('/account/profile', { headers: { cookie: 'sid=sess_forged' } }), 401, noSession);
    });

    test('POST /account/settings (urlencoded form): 303 to the profile, 400 on bad values', async () => {
      const cookie = SEED_SESSION_COOKIE;
      const form = { 'content-type': 'application/x-www-form-urlencoded', cookie };
      const res = await client.post('/account/settings', 'theme=system&language=de', { headers: form });
      expect([res.status, res.headers.location]).toEqual([303, '/account/profile']);
      const profile = await client.get('/account/profile', { headers: { cookie } });
      expect([profile.json.theme, profile.json.language]).toEqual(['system', 'de']);
      expectJson(await client.post('/account/settings', 'theme=pink', { headers: form }), 400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is invalid',
          details: [
            { field: 'theme', message: 'must be one of light, dark, system' },
            { field: 'language', message: 'is required' },
          ],
        },
      });
    });

    test('GET /account/export downloads the account as a JSON attachment', async () => {
      const res = await client.get('/account/export', { headers: { cookie: SEED_SESSION_COOKIE } });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      expect(res.headers['content-disposition']).toBe('attachment; filename=account-alice.json');
      expect(res.text).toBe(JSON.stringify({ username: 'alice', name: 'Alice Liddell', email: 'alice@example.com' }, null, 2));
    });
  });

  describe('/admin', () => {
    test('GET /admin/stats: admins only', async () => {
      const res = await client.get('/admin/stats', { headers: admin });
      expectJson(res, 200);
      expect(Object.keys(res.json).sort()).toEqual(['orders', 'products', 'sessions', 'users']);
      expect(res.json.products).toBeGreaterThanOrEqual(8);
      expect(res.json.users).toBeGreaterThanOrEqual(3);
      expectJson(await client.get('/admin/stats', { headers: alice }), 403, ADMIN_ONLY);
      expectJson(await client.get('/admin/stats'), 401, UNAUTHORIZED);
    });

    test('PUT /admin/maintenance toggles the flag and audits it', async () => {
      expectJson(await client.request('PUT', '/admin/maintenance', { headers: admin, body: { enabled: true } }), 200, { maintenance: true });
      expectJson(await client.get('/admin/maintenance', { headers: admin }), 200, { maintenance: true });
      expectJson(await client.request('PUT', '/admin/maintenance', { headers: admin, body: { enabled: false } }), 200, { maintenance: false });
      expectJson(await client.get('/admin/maintenance', { headers: admin }), 200, { maintenance: false });
      const audit = await client.get('/admin/audit?limit=2', { headers: admin });
      expectJson(audit, 200);
      expect(audit.json.entries.map((e: { action: string; actorId: number }) => [e.action, e.actorId])).toEqual([
        ['maintenance.off', 3],
        ['maintenance.on', 3],
      ]);
      expectJson(await client.request('PUT', '/admin/maintenance', { headers: admin, body: { enabled: 'yes' } }), 400, {
        error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: [{ field: 'enabled', message: 'must be true or false' }] },
      });
      expectJson(await client.request('PUT', '/admin/maintenance', { headers: bob, body: { enabled: true } }), 403, ADMIN_ONLY);
    });

    test('GET /admin/audit validates limit', async () => {
      expectError(await client.get('/admin/audit?limit=abc', { headers: admin }), 400, 'VALIDATION_FAILED');
      expectError(await client.get('/admin/audit?limit=500', { headers: admin }), 400, 'VALIDATION_FAILED');
    });

    test('GET /admin/report.txt streams a file, not cached', async () => {
      const res = await client.get('/admin/report.txt', { headers: admin });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toBe(readFileSync(join(STATIC_DIR, 'admin-report.txt'), 'utf8'));
      expectJson(await client.get('/admin/report.txt', { headers: bob }), 403, ADMIN_ONLY);
    });

    test('POST /admin/cache/purge answers 202 Accepted', async () => {
      const res = await client.post('/admin/cache/purge?scope=products', undefined, { headers: admin });
      expect([res.status, res.headers['content-type'], res.text]).toEqual([202, 'text/plain; charset=utf-8', 'Accepted']);
      const audit = await client.get('/admin/audit?limit=1', { headers: admin });
      expect(audit.json.entries[0]).toEqual({ id: expect.any(Number), actorId: 3, action: 'cache.purge', target: 'products' });
    });
  });

  describe('/docs', () => {
    test('GET /docs is HTML', async () => {
      const res = await client.get('/docs');
      expect([res.status, res.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(res.text).toContain('<h1>Legacy Shop API</h1>');
    });

    test('GET /docs/terms sends the file', async () => {
      const res = await client.get('/docs/terms');
      expect([res.status, res.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
      expect(res.text).toBe(readFileSync(join(STATIC_DIR, 'terms.txt'), 'utf8'));
    });

    test('GET /docs/terms/download is an attachment with its own name', async () => {
      const res = await client.get('/docs/terms/download');
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename=terms-of-service.txt');
      expect(res.text).toBe(readFileSync(join(STATIC_DIR, 'terms.txt'), 'utf8'));
    });

    test('GET /docs/legacy: 301 to /docs', async () => {
      const res = await client.get('/docs/legacy');
      expect([res.status, res.headers.location]).toEqual([301, '/docs']);
    });
  });

  describe('/api/echo (request properties)', () => {
    test('GET /api/echo reports method, path, query, ip, user agent and request id', async () => {
      const res = await client.get('/api/echo?x=1&y=a&y=b&e=%C3%A9', { headers: { 'user-agent': 'parity/1.0', 'x-request-id': 'echo-1' } });
      expectJson(res, 200, {
        method: 'GET',
        path: '/',
        query: { x: '1', y: ['a', 'b'], e: 'é' },
        ip: '127.0.0.1',
        userAgent: 'parity/1.0',
        requestId: 'echo-1',
      });
    });

    test('POST /api/echo returns the parsed JSON, form or (for other types) no body', async () => {
      expectJson(await client.post('/api/echo', { nested: { a: [1, 2] } }), 200, { contentType: 'application/json', body: { nested: { a: [1, 2] } } });
      expectJson(await client.post('/api/echo', 'a=1&b=two+words', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 200, {
        contentType: 'application/x-www-form-urlencoded',
        body: { a: '1', b: 'two words' },
      });
      expectJson(await client.post('/api/echo', 'just text', { headers: { 'content-type': 'text/plain' } }), 200, { contentType: 'text/plain', body: null });
      expectJson(await client.post('/api/echo', Buffer.from([1, 2, 3]), { headers: { 'content-type': 'application/octet-stream' } }), 200, {
        contentType: 'application/octet-stream',
        body: null,
      });
    });

    test('GET /api/echo/headers/:name reads one header with req.get()', async () => {
      const res = await client.get('/api/echo/headers/X-Custom', { headers: { 'x-custom': 'hello' } });
      expect([res.status, res.headers['content-type'], res.text]).toEqual([200, 'text/plain; charset=utf-8', 'hello']);
      expectJson(await client.get('/api/echo/headers/x-missing'), 404, { error: { code: 'NOT_FOUND', message: 'No x-missing header' } });
    });
  });

  describe('body encodings and charsets (body-parser rules)', () => {
    const prefs = (body: Buffer | string, headers: Record<string, string>) =>
      client.post('/api/users/me/preferences', body, { headers: { ...bob, 'content-type': 'application/json', ...headers } });

    test('gzip, deflate and br JSON bodies are inflated, on Express and migrated routes', async () => {
      const json = JSON.stringify({ theme: 'light' });
      for (const [encoding, compress] of [['gzip', gzipSync], ['deflate', deflateSync], ['br', brotliCompressSync]] as const) {
        const body = compress(Buffer.from(json));
        expectJson(await prefs(body, { 'content-encoding': encoding }), 200, { preferences: { theme: 'light', language: expect.any(String) } });
        expectJson(await client.post('/api/echo', body, { headers: { 'content-type': 'application/json', 'content-encoding': encoding } }), 200, {
          contentType: 'application/json',
          body: { theme: 'light' },
        });
      }
    });

    test('an unknown content encoding is a 415, a corrupt gzip body a 400', async () => {
      const body = JSON.stringify({ theme: 'light' });
      expectJson(await prefs(body, { 'content-encoding': 'compress' }), 415, { error: { code: 'BAD_REQUEST', message: 'Unsupported Media Type' } });
      expectJson(await prefs(Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }), 400, { error: { code: 'BAD_REQUEST', message: 'Bad Request' } });
    });

    test('a JSON body in a non-UTF charset is a 415; utf-8 spelled any way is fine', async () => {
      const body = JSON.stringify({ theme: 'light' });
      expectJson(await prefs(body, { 'content-type': 'application/json; charset=latin1' }), 415, { error: { code: 'BAD_REQUEST', message: 'Unsupported Media Type' } });
      expectJson(await prefs(body, { 'content-type': 'application/json; charset="UTF-8"' }), 200);
      expectJson(await client.post('/api/echo', body, { headers: { 'content-type': 'application/json; charset=iso-8859-1' } }), 415);
    });
  });

  describe('HEAD and OPTIONS', () => {
    test('HEAD on a GET route: the GET headers, no body', async () => {
      for (const path of ['/api/users/1', '/version', '/api/products?category=books']) {
        const get = await client.get(path, { headers: alice });
        const head = await client.request('HEAD', path, { headers: alice });
        expect([path, head.status, head.text, head.headers['content-type'], head.headers['content-length']]).toEqual([
          path,
          200,
          '',
          get.headers['content-type'],
          get.headers['content-length'],
        ]);
      }
      const anonymous = await client.request('HEAD', '/api/users/1');
      expect([anonymous.status, anonymous.text, anonymous.headers['www-authenticate']]).toEqual([401, '', 'Bearer realm="legacy-api"']);
    });

    test('OPTIONS lists the methods of a path (Express answers it)', async () => {
      const res = await client.request('OPTIONS', '/api/products/BK-001');
      expect([res.status, res.headers.allow, res.text]).toEqual([200, 'DELETE, GET, HEAD, PUT', 'DELETE, GET, HEAD, PUT']);
      expectJson(await client.request('OPTIONS', '/api/users/1'), 401, UNAUTHORIZED);
    });
  });

  describe('body limits (express.json({ limit: "100kb" }))', () => {
    test('a JSON body of exactly 100kb is accepted, one byte more is a 413', async () => {
      const fits = jsonOfSize(LIMIT, { theme: 'light' });
      expect(Buffer.byteLength(fits)).toBe(LIMIT);
      expectJson(await client.post('/api/users/me/preferences', fits, { headers: { ...bob, 'content-type': 'application/json' } }), 200);
      expectJson(await client.post('/api/users/me/preferences', jsonOfSize(LIMIT + 1, { theme: 'light' }), { headers: { ...bob, 'content-type': 'application/json' } }), 413, TOO_LARGE);
    });

    test('oversize bodies are 413 on Express and migrated routes, before any auth check', async () => {
      const big = jsonOfSize(150 * 1024, { sku: 'ZZ-BIG' });
      const headers = { 'content-type': 'application/json' };
      expectJson(await client.post('/api/echo', big, { headers }), 413, TOO_LARGE);
      expectJson(await client.post('/api/products', big, { headers }), 413, TOO_LARGE);
      expectJson(await client.post('/api/products', big, { headers: { ...headers, ...admin } }), 413, TOO_LARGE);
      expectJson(await client.post('/api/orders', big, { headers: { ...headers, ...bob } }), 413, TOO_LARGE);
    });

    test('an oversize urlencoded form is a 413 too', async () => {
      const form = `a=${'x'.repeat(LIMIT)}`;
      expectJson(await client.post('/api/echo', form, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413, TOO_LARGE);
    });

    test('a large non-JSON body is not parsed at all', async () => {
      const res = await client.post('/api/echo', 'x'.repeat(200 * 1024), { headers: { 'content-type': 'text/plain' } });
      expectJson(res, 200, { contentType: 'text/plain', body: null });
    });
  });
});

describe('adapter debt on the gateway', () => {
  // The recipe leaves a route whose Express handler cannot become Fastify code (it hands `res` on)
  // behind the Express adapter (fromExpressHandler) in gateway/generated. The gateway finds such
  // routes by the adapter's mark on their handler as it registers them (routeTable.adapterRoutes);
  // the parity suite above runs them flipped on gateway-generated, and /healthz must count them as
  // debt while Fastify serves them, and not while they are handed to Express.
  test.each([
    ['gateway-none', 'express'],
    ['gateway-generated', 'fastify'],
  ] as const)('%s: the adapter routes are served by %s, and /healthz counts them as debt only when flipped', async (name, mode) => {
    const target = await startTarget(name);
    try {
      const table = target.gateway!.routeTable;
      const adapterRoutes = [...table.adapterRoutes].sort();
      // The foundation's adapter issue: at least one route of the legacy app is served through the adapter.
      expect(adapterRoutes.length).toBeGreaterThanOrEqual(1);
      for (const route of adapterRoutes) expect([route, table.modes.get(route)]).toEqual([route, mode]);
      const health = await target.client.get('/healthz');
      expect(health.status).toBe(200);
      const debt = mode === 'fastify' ? adapterRoutes : [];
      expect(JSON.parse(health.text).adapterDebt).toEqual({ count: debt.length, routes: debt });
    } finally {
      await target.close();
    }
  });
});

describe('the targets are what they claim', () => {
  // Not a parity test: checks that gateway-generated really answers migrated routes from Fastify
  // (and gateway-none from Express), so the suite above compares implementations. The gateway logs
  // `servedBy: 'express'` for every request it hands to Express (ETags no longer tell them apart:
  // the generated setup sends Express's). gateway/generated has every route of the app, the
  // app-level ones (GET /version) included.
  test.each([
    ['gateway-none', true, 49],
    ['gateway-generated', false, 49],
  ] as const)('%s: GET /api/users/:id and GET /version answered by Express: %s', async (name, byExpress, atLeast) => {
    const records: { servedBy?: string }[] = [];
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) records.push(JSON.parse(line));
        done();
      },
    });
    const target = await startTarget(name, { log });
    try {
      const modes = new Set(target.gateway!.routeTable.modes.values());
      expect([...modes]).toEqual([byExpress ? 'express' : 'fastify']);
      expect(target.gateway!.routeTable.modes.size).toBeGreaterThanOrEqual(atLeast);
      for (const path of ['/api/users/1', '/version']) {
        records.length = 0;
        const res = await target.client.get(path, { headers: alice });
        expect(res.status).toBe(200);
        await new Promise((resolve) => setImmediate(resolve));
        expect([path, records.some((r) => r.servedBy === 'express')]).toEqual([path, byExpress]);
      }
    } finally {
      await target.close();
    }
  });

  // A flipped route whose Fastify handler calls reply.callNotFound() (as @fastify/static's sendFile
  // does when the file is not where the generated code looks) falls through to the gateway's
  // not-found handler, and Express answers as if nothing were migrated: the parity tests above cannot
  // see that. The gateway logs who answered a hand-off (servedBy: 'express'); every flipped GET route
  // is requested once here, and Express must answer none of them, but for the known cases below.
  // (GET /admin/report.txt and /docs/terms* fell through until --out re-aimed `__dirname` in the
  // generated code at the legacy folder, where legacy-app/static is.)
  const FALLS_THROUGH_TO_EXPRESS: string[] = [];
  test('gateway-generated: every flipped GET route is answered by Fastify, none handed to Express (but the known ones)', async () => {
    const records: { servedBy?: string; reqId?: string }[] = [];
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) records.push(JSON.parse(line));
        done();
      },
    });
    const target = await startTarget('gateway-generated', { log });
    try {
      const routes = [...target.gateway!.routeTable.modes].filter(([key, mode]) => key.startsWith('GET ') && mode === 'fastify').map(([key]) => key);
      expect(routes.length).toBeGreaterThanOrEqual(25);
      const handedOff: string[] = [];
      for (const key of routes) {
        const { path, headers } = endpointRequest(key);
        records.length = 0;
        const res = await target.client.get(path, { headers });
        expect([key, res.status < 500]).toEqual([key, true]);
        // The log line of a hand-off is written when Express finishes the response: give it a tick.
        await new Promise((resolve) => setImmediate(resolve));
        if (records.some((r) => r.servedBy === 'express')) handedOff.push(key);
      }
      expect(handedOff).toEqual(FALLS_THROUGH_TO_EXPRESS);
    } finally {
      await target.close();
    }
  });
});
