/**
 * `npm run soak -- [--duration 60] [--connections 50] [--mode fastify|shadow|express]`
 *
 * Puts the gateway (every route generated in gateway/generated in one mode, `fastify` by default)
 * under 50 connections for 60 s, cycling through a mix of routes, reads and writes, and reports errors,
 * timeouts, non-2xx answers and the gateway's memory at the start (after a warm-up and a full GC)
 * and at the end (after a full GC). Target: zero errors, memory growth under 50 MB.
 *
 * The gateway runs in a child process (its own heap, its own temporary database), so the load
 * generator's memory is not counted. Not a test: a script to run before a release.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createGateway } from '../gateway';
import { generatedRoutes } from '../gateway/generated-routes';
import { createLegacyApp } from '../legacy-app/app';
import { getDb } from '../legacy-app/db';
import { SEED_TOKENS } from '../legacy-app/seed';

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
}

type ToParent = { type: 'ready'; port: number; migrated: number } | { type: 'memory'; memory: Memory; shadow?: unknown };

// ---- the gateway side (child process) --------------------------------------------------------

async function serve(mode: string): Promise<void> {
  getDb();
  const gateway = createGateway({
    legacyApp: createLegacyApp(),
    routes: generatedRoutes(),
    migratedRoutes: 'none',
    shadow: { diffFile: null },
    fastify: { logger: false },
  });
  await gateway.listen({ port: 0, host: '127.0.0.1' });
  for (const route of gateway.routeTable.modes.keys()) gateway.setRouteMode(route, mode as 'fastify');
  const send = (message: ToParent) => process.send?.(message);
  process.on('message', (message: { type: string }) => {
    if (message.type === 'memory') {
      // Two full collections: what is left is what the gateway holds on to.
      (globalThis as { gc?: () => void }).gc?.();
      (globalThis as { gc?: () => void }).gc?.();
      const { rss, heapUsed, external } = process.memoryUsage();
      send({ type: 'memory', memory: { rss, heapUsed, external }, shadow: gateway.shadow?.summary().totals });
    }
    if (message.type === 'stop') void gateway.close().then(() => process.exit(0));
  });
  send({ type: 'ready', port: (gateway.server.address() as AddressInfo).port, migrated: gateway.routeTable.modes.size });
}

// ---- the load side (parent) ------------------------------------------------------------------

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

function nextMessage<T extends ToParent['type']>(child: ChildProcess, type: T): Promise<Extract<ToParent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ToParent) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ToParent, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the gateway process exited (code ${code}) before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function mix(): autocannon.Request[] {
  const alice = { authorization: `Bearer ${SEED_TOKENS.alice}` };
  const admin = { authorization: `Bearer ${SEED_TOKENS.admin}` };
  const json = { 'content-type': 'application/json' };
  return [
    { method: 'GET', path: '/api/users/1', headers: alice },
    { method: 'GET', path: '/api/products?limit=5' },
    { method: 'GET', path: '/api/products/BK-001' },
    { method: 'GET', path: '/api/users/me', headers: alice },
    { method: 'GET', path: '/api/products/categories' },
    { method: 'POST', path: '/api/users/me/preferences', headers: { ...alice, ...json }, body: JSON.stringify({ theme: 'dark', language: 'fr' }) },
    { method: 'GET', path: '/admin/stats', headers: admin },
    { method: 'GET', path: '/api/products/export.csv' },
    { method: 'GET', path: '/api/users/2', headers: admin },
    { method: 'GET', path: '/api/products/ZZ-404' }, // 404 from the migrated route: an expected non-2xx
    // Other routers and a route of the app itself (generated too: every route of the app is migrated).
    { method: 'GET', path: '/api/orders', headers: alice },
    { method: 'POST', path: '/api/echo', headers: json, body: JSON.stringify({ hello: 'world', n: [1, 2, 3] }) },
    { method: 'GET', path: '/health' },
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--serve') return serve(args[1] ?? 'fastify');
  const duration = Number(option(args, 'duration', process.env.SOAK_DURATION ?? '60'));
  const connections = Number(option(args, 'connections', process.env.SOAK_CONNECTIONS ?? '50'));
  const mode = option(args, 'mode', process.env.SOAK_MODE ?? 'fastify');
  if (!['fastify', 'shadow', 'express'].includes(mode)) throw new Error(`--mode must be fastify, shadow or express, not ${mode}`);

  const child = fork(__filename, ['--serve', mode], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'e2f-soak-')), 'soak.db'), MIGRATION_ADMIN_TOKEN: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const { port, migrated } = await nextMessage(child, 'ready');
    const requests = mix();
    const url = `http://127.0.0.1:${port}`;
    console.log(`soak: gateway on ${url}, ${migrated} migrated routes in ${mode} mode, ${requests.length} requests in the mix`);

    // Warm-up: JIT, caches, the database's pages; then the baseline.
    await autocannon({ url, connections, duration: Math.min(5, duration), requests });
    const start = (await (child.send({ type: 'memory' }), nextMessage(child, 'memory'))).memory;
    console.log(`soak: memory after warm-up: rss ${mb(start.rss)}, heap ${mb(start.heapUsed)}; running ${duration} s with ${connections} connections`);

    const samples: Memory[] = [];
    const sampler = setInterval(() => {
      child.send({ type: 'memory' });
      void nextMessage(child, 'memory').then(({ memory }) => samples.push(memory), () => undefined);
    }, 10_000);
    const result = await autocannon({ url, connections, duration, requests, timeout: 10 });
    clearInterval(sampler);
    const last = await (child.send({ type: 'memory' }), nextMessage(child, 'memory'));
    const end = last.memory;

    const growth = end.rss - start.rss;
    const expectedNon2xx = Math.round(result.requests.total / requests.length); // the ZZ-404 request
    const report = {
      mode,
      durationSec: duration,
      connections,
      requests: result.requests.total,
      requestsPerSec: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes: { '2xx': result['2xx'], '4xx': result['4xx'], '5xx': result['5xx'] },
      memory: {
        start: { rss: mb(start.rss), heapUsed: mb(start.heapUsed) },
        end: { rss: mb(end.rss), heapUsed: mb(end.heapUsed) },
        rssGrowth: mb(growth),
        heapGrowth: mb(end.heapUsed - start.heapUsed),
        rssEvery10s: samples.map((m) => mb(m.rss)),
      },
      ...(mode === 'shadow' ? { shadow: last.shadow } : {}),
    };
    console.log(JSON.stringify(report, null, 2));
    const ok = result.errors === 0 && result.timeouts === 0 && result['5xx'] === 0 && growth < 50 * MB;
    console.log(
      `soak: ${ok ? 'PASS' : 'FAIL'}: ${result.requests.total} requests, ${result.errors} errors, ${result.timeouts} timeouts, ${result['5xx']} 5xx, ` +
        `${result['4xx']} 4xx (about ${expectedNon2xx} expected from the 404 in the mix), rss ${mb(start.rss)} -> ${mb(end.rss)} (${mb(growth)}; target < 50 MB)`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    child.send({ type: 'stop' });
    await new Promise((resolve) => {
      child.once('exit', resolve);
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
