/**
 * Shadow mode on the real app: every manifest route set to `shadow`, the legacy app answering, the
 * Fastify routes the recipe generated (gateway/generated) run on copies. Safe requests only, as the gateway shadows by default.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createGateway, type Manifest } from '../../gateway';
import { generatedRoutes } from '../../gateway/generated-routes';
import { createLegacyApp } from '../../legacy-app/app';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { send } from '../support/http';
import { manifestRoutes } from '../safety/targets';

test('the migrated twins of the legacy app answer safe requests as Express does', async () => {
  const manifest: Manifest = Object.fromEntries(manifestRoutes().map((route) => [route, 'shadow']));
  const gw = createGateway({
    legacyApp: createLegacyApp(),
    routes: generatedRoutes(),
    manifest,
    shadow: { diffFile: join(mkdtempSync(join(tmpdir(), 'e2f-shadow-')), 'diffs.jsonl') },
  });
  await gw.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}`;
  try {
    const paths = ['/api/users/1', '/api/users/2', '/api/users/999', '/api/users/abc', '/api/users/me', '/api/users/1/avatar', '/api/products', '/api/products?q=book&limit=2',
      '/api/products?limit=0', '/api/products/categories', '/api/products/export.csv', '/api/products/BK-001', '/api/products/bad', '/api/products/ZZ-999',
      '/api/products/BK-001/image', '/admin/stats', '/admin/audit', '/admin/maintenance', '/', '/health', '/version', '/api/ping',
      '/api/config', '/robots.txt', '/api/orders', '/api/orders/1', '/api/orders/1/receipt', '/api/echo?a=1', '/api/echo/headers/accept', '/api/echo/headers/user-agent', '/auth/check',
      '/account/profile', '/docs', '/docs/legacy'];
    const callers: Record<string, string>[] = [{}, { authorization: `Bearer ${SEED_TOKENS.alice}` }, { authorization: `Bearer ${SEED_TOKENS.admin}` }];
    let sent = 0;
    for (const path of paths) {
      for (const headers of callers) {
        const res = await send(base, { path, headers });
        expect(res.status).toBeLessThan(500);
        sent += 1;
      }
    }
    await gw.shadow!.idle();
    const summary = gw.shadow!.summary();
    expect(summary.totals.compared).toBe(sent);
    expect(summary.totals.errors + summary.totals.timeouts).toBe(0);
    const fields = Object.entries(summary.routes).flatMap(([route, r]) => Object.entries(r.fields).map(([field, f]) => `${route} ${field} x${f.count} ${JSON.stringify(f.example)}`));
    expect(fields).toEqual([]);
    // Noise is what two Express runs disagree on; it must stay small, or it would hide real differences.
    const noise = [...new Set(Object.values(summary.routes).flatMap((r) => r.noise))].sort();
    console.log(`shadowed ${sent} requests on ${Object.keys(summary.routes).length} routes; noise learnt: ${noise.join(', ') || 'none'}`);
    expect(noise.filter((f) => f.startsWith('body') || f === 'status')).toEqual([]);
  } finally {
    await gw.close();
  }
});
