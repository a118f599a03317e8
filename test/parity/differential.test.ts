/**
 * Differential check: the same requests, sent to the three targets side by side, must get the
 * same status, body and headers (all of them but Date: see IGNORED). Complements
 * parity.test.ts, whose assertions can only check what they name.
 * Read-only and error requests only, so the answers cannot depend on what other tests wrote.
 */
import { closeDb } from '../../legacy-app/db';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { TARGET_NAMES, startTarget, type HttpResponse, type RequestOptions, type Target } from './targets';

/**
 * Headers that legitimately differ: Date is the clock. ETag is compared (the generated setup adds
 * Express's weak ETag). (The client sends `Connection: close`, so Connection answers are comparable.)
 */
const IGNORED = new Set(['date']);

const alice = { authorization: `Bearer ${SEED_TOKENS.alice}` };
const admin = { authorization: `Bearer ${SEED_TOKENS.admin}` };
const json = { 'content-type': 'application/json' };
const form = 'application/x-www-form-urlencoded';

const CASES: [string, string, RequestOptions?][] = [
  ['GET', '/api/users/1', { headers: alice }],
  // Conditional GETs: Express answers 304 to a matching If-None-Match (`*` matches any ETag).
  ['GET', '/api/users/1', { headers: { ...alice, 'if-none-match': '*' } }],
  ['HEAD', '/api/users/1', { headers: { ...alice, 'if-none-match': '*' } }],
  ['GET', '/api/users/1', { headers: { ...alice, 'if-none-match': 'W/"0-nope"' } }],
  ['GET', '/api/users/424242', { headers: { ...alice, 'if-none-match': '*' } }],
  ['GET', '/', { headers: { 'if-none-match': '*' } }],
  ['GET', '/api/users/2', { headers: alice }],
  ['GET', '/api/users/3', { headers: { ...admin, 'x-request-id': 'diff-1' } }],
  ['GET', '/api/users/1'],
  ['GET', '/api/users/1', { headers: { authorization: 'Bearer nope' } }],
  ['GET', '/api/users/abc', { headers: alice }],
  ['GET', '/api/users/424242', { headers: alice }],
  ['GET', '/API/USERS/1/', { headers: alice }],
  ['HEAD', '/api/users/1', { headers: alice }],
  ['GET', '/api/users/me/', { headers: admin }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json }, body: '{"theme":' }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json }, body: '"light"' }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json }, body: { theme: 'purple' } }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, 'content-type': 'text/plain' }, body: 'theme=dark' }],
  ['POST', '/api/users/me/preferences', { headers: json, body: { theme: 'dark' } }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json }, body: `{"pad":"${'x'.repeat(110_000)}"}` }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json, 'x-request-id': 'diff-413' }, body: `{"pad":"${'x'.repeat(110_000)}"}` }],
  ['POST', '/api/products', { headers: { ...json, 'x-request-id': 'diff-400' }, body: '{' }],
  ['DELETE', '/api/products/BK-001', { headers: { ...alice, 'x-request-id': 'diff-403' } }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, ...json, 'content-encoding': 'gzip' }, body: 'not gzip' }],
  ['POST', '/api/users/me/preferences', { headers: { ...alice, 'content-type': 'application/json; charset=utf-16' }, body: '{}' }],
  ['POST', '/api/products', { headers: { ...admin, 'content-type': form }, body: 'sku=bad&name=x&name=y&__proto__=z&priceCents=1' }],
  ['POST', '/api/products', { headers: { ...admin, 'content-type': form }, body: 'a=1&'.repeat(1001) }],
  ['POST', '/api/products', { headers: { ...admin, 'content-type': form }, body: '' }],
  ['GET', '/api/products'],
  ['GET', '/api/products?category=books&limit=2&offset=1'],
  ['GET', '/api/products?limit=0'],
  ['GET', '/api/products?q=%E2%9C%93'],
  ['GET', '/api/products/categories'],
  ['GET', '/api/products/export.csv'],
  ['GET', '/api/products/BK-003'],
  ['GET', '/api/products/bk-003'],
  ['GET', '/api/products/ZZ-NOPE'],
  ['GET', '/api/products/BK-003/image'],
  ['POST', '/api/products', { headers: json, body: { sku: 'ZZ-DIFF' } }],
  ['POST', '/api/products', { headers: { ...alice, ...json }, body: { sku: 'ZZ-DIFF' } }],
  ['POST', '/api/products', { headers: { ...admin, ...json }, body: { sku: 'BK-001', name: 'dup', priceCents: 1, category: 'books' } }],
  ['POST', '/api/products', { headers: { ...admin, ...json }, body: { sku: 'nope' } }],
  ['POST', '/api/products', { headers: { ...admin, ...json }, body: '[1,2' }],
  ['DELETE', '/api/products/ZZ-NEVER-THERE', { headers: admin }],
  ['DELETE', '/api/products/BK-001', { headers: alice }],
  ['DELETE', '/api/products/BK-001'],
  ['GET', '/admin/stats', { headers: alice }],
  ['GET', '/admin/stats'],
  ['GET', '/version'],
  ['GET', '/'],
  ['GET', '/nope'],
  ['POST', '/nope', { headers: json, body: { a: 1 } }],
  ['OPTIONS', '/api/products/BK-001'],
  ['GET', '/api/orders/1/receipt', { headers: { ...alice, accept: 'text/html' } }],
];

function comparable(res: HttpResponse) {
  const headers = Object.fromEntries(Object.entries(res.headers).filter(([name]) => !IGNORED.has(name)));
  return { status: res.status, headers, body: res.raw.toString('base64') };
}

describe('the three targets answer the same requests identically', () => {
  const targets: Target[] = [];

  beforeAll(async () => {
    for (const name of TARGET_NAMES) targets.push(await startTarget(name));
  });
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.close()));
    closeDb();
  });

  // Every row gets its options (Jest would take a missing third argument for a `done` callback).
  test.each(CASES.map(([method, path, options]) => [method, path, options ?? {}] as const))('%s %s', async (method, path, options) => {
    const [legacy, ...gateways] = await Promise.all(targets.map((t) => t.client.request(method, path, options)));
    for (const [i, res] of gateways.entries()) {
      expect({ target: TARGET_NAMES[i + 1], ...comparable(res) }).toEqual({ target: TARGET_NAMES[i + 1], ...comparable(legacy) });
    }
  });
});
