/** `npm start` as a user runs it: a real process, real HTTP, SIGTERM with a request in flight. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SEED_TOKENS } from '../../legacy-app/seed';
import { send } from '../support/http';

const ROOT = join(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForHealth(base: string, child: ChildProcess, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
    try {
      const res = await send(base, { path: '/healthz' });
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no 200 from /healthz within ${ms} ms`);
}

describe('npm start', () => {
  let child: ChildProcess;
  let base: string;
  let output = '';
  let startedInMs: number;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'gateway/server.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), MIGRATED_ROUTES: 'GET /api/users/:id', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const spawnedAt = Date.now();
    await waitForHealth(base, child, 20_000);
    startedInMs = Date.now() - spawnedAt;
  }, 30_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  test('answers GET /healthz with 200 within 5 s, naming which side serves each route', async () => {
    expect(startedInMs).toBeLessThan(5_000);
    const health = (await send(base, { path: '/healthz' })).json();
    expect(health.routes['GET /api/users/:id']).toBe('fastify');
    expect(health.routes['GET /api/products']).toBe('express');
  });

  test('a flipped and an unflipped route both answer', async () => {
    const auth = { authorization: `Bearer ${SEED_TOKENS.alice}` };
    const flipped = await send(base, { path: '/api/users/1', headers: auth });
    expect(flipped.status).toBe(200);
    expect(flipped.json()).toMatchObject({ id: 1 });
    const unflipped = await send(base, { path: '/api/orders', headers: auth });
    expect(unflipped.status).toBe(200);
    expect(Array.isArray(unflipped.json().orders)).toBe(true);
  });

  test('JSON and urlencoded bodies arrive intact in Express', async () => {
    const json = await send(base, { method: 'POST', path: '/api/echo', body: { a: 'ü', n: [1, 2] } });
    expect(json.json()).toEqual({ contentType: 'application/json', body: { a: 'ü', n: [1, 2] } });
    const form = await send(base, {
      method: 'POST',
      path: '/api/echo',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada+L&x=%26',
    });
    expect(form.json()).toEqual({ contentType: 'application/x-www-form-urlencoded', body: { name: 'Ada L', x: '&' } });
  });

  test('SIGTERM lets a request in flight finish, then the process exits 0', async () => {
    const body = JSON.stringify({ inflight: 'x'.repeat(2_000) });
    let sigtermAt = Infinity;
    const url = new URL(base);
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/api/echo', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 100));
      // The server is told to stop while the body is still arriving.
      setTimeout(() => {
        sigtermAt = Date.now();
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(100)), 300);
      }, 200);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).body).toEqual(JSON.parse(body));
    expect(await exited).toBe(0);
    // Keep-alive sockets that went idle after their last answer must not hold the exit back.
    expect(Date.now() - sigtermAt).toBeLessThan(3_000);
  });
});
