/**
 * Adapter vs native: the same route written natively for Fastify and run through the adapter, on one
 * Fastify server, measured in interleaved autocannon rounds.
 *
 *   npm run bench:adapter -- [--duration 5] [--rounds 3] [--connections 50]
 *
 * The route: GET /users/:id, a bearer-token check, a small JSON body. The native route answers with
 * `reply.send(object)`; the adapter route is the Express handler `res.json(object)` (which also
 * computes Express's ETag, as it would under Express).
 * The server runs in a child process pinned to core 0 (`taskset`, when available); this process runs
 * autocannon pinned to core 1. Rounds alternate which route goes first. Only 127.0.0.1 is loaded.
 * Prints req/s per round, the medians, and the adapter/native ratio (the target is >= 0.80).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { fromExpressHandler } from '../gateway/adapter';

const TOKEN = 'Bearer bench-token';
const USER_PATH = '/users/42';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

async function serve(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/native/users/:id', (request, reply) => {
    if (request.headers.authorization !== TOKEN) return reply.code(401).send({ error: 'unauthorized' });
    return reply.send({ id: request.params.id, name: 'Ada Lovelace', role: 'admin' });
  });
  app.get(
    '/adapter/users/:id',
    fromExpressHandler((req, res) => {
      if (req.get('authorization') !== TOKEN) return res.status(401).json({ error: 'unauthorized' });
      return res.json({ id: req.params.id, name: 'Ada Lovelace', role: 'admin' });
    }),
  );
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`LISTENING ${address}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

function pin(pid: number, core: number): boolean {
  try {
    execFileSync('taskset', ['-pc', String(core), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startServer(): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const address = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /LISTENING (\S+)/.exec(buffered);
      if (match) resolve(match[1]);
    });
  });
  return { child, address };
}

/** CPU seconds (user + system) the process has used so far, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

interface Round {
  rps: number;
  /** Server CPU time per request in microseconds: steadier than req/s on a shared machine. */
  cpuPerRequest?: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, duration: number, connections: number, serverPid: number): Promise<Round> {
  const cpuBefore = cpuSeconds(serverPid);
  const result = await autocannon({ url, connections, duration, headers: { authorization: TOKEN } });
  const cpuAfter = cpuSeconds(serverPid);
  const cpuPerRequest =
    cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
      ? undefined
      : ((cpuAfter - cpuBefore) / result.requests.total) * 1e6;
  return { rps: result.requests.average, cpuPerRequest, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const duration = arg('duration', 5);
  const rounds = arg('rounds', 3);
  const connections = arg('connections', 50);
  const { child, address } = await startServer();
  const pinned = pin(child.pid!, 0) && pin(process.pid, 1);
  console.log(`server pid ${child.pid} at ${address}; pinned server core 0, load core 1: ${pinned ? 'yes' : 'no (taskset unavailable)'}`);
  console.log(`${rounds} interleaved rounds of ${duration} s, ${connections} connections each\n`);
  const urls = { native: `${address}/native${USER_PATH}`, adapter: `${address}/adapter${USER_PATH}` };
  // Warm both routes (JIT) before measuring.
  await load(urls.native, 1, connections, child.pid!);
  await load(urls.adapter, 1, connections, child.pid!);
  const measured: Record<'native' | 'adapter', number[]> = { native: [], adapter: [] };
  const cpu: Record<'native' | 'adapter', number[]> = { native: [], adapter: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const order: Array<'native' | 'adapter'> = round % 2 === 0 ? ['native', 'adapter'] : ['adapter', 'native'];
      for (const name of order) {
        const { rps, cpuPerRequest, errors, non2xx } = await load(urls[name], duration, connections, child.pid!);
        if (errors || non2xx) throw new Error(`${name}: ${errors} errors, ${non2xx} non-2xx answers`);
        measured[name].push(rps);
        if (cpuPerRequest !== undefined) cpu[name].push(cpuPerRequest);
        const cpuText = cpuPerRequest === undefined ? '' : `  ${cpuPerRequest.toFixed(1).padStart(6)} µs server CPU/request`;
        console.log(`round ${round + 1}  ${name.padEnd(7)} ${Math.round(rps).toString().padStart(7)} req/s${cpuText}`);
      }
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  const native = median(measured.native);
  const adapter = median(measured.adapter);
  const ratio = adapter / native;
  console.log(`\nmedian native  ${Math.round(native)} req/s`);
  console.log(`median adapter ${Math.round(adapter)} req/s`);
  console.log(`ratio adapter/native ${ratio.toFixed(3)} (target >= 0.80: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
  if (cpu.native.length && cpu.adapter.length) {
    const cpuNative = median(cpu.native);
    const cpuAdapter = median(cpu.adapter);
    console.log(
      `server CPU/request: native ${cpuNative.toFixed(1)} µs, adapter ${cpuAdapter.toFixed(1)} µs ` +
        `(CPU-bound ratio ${(cpuNative / cpuAdapter).toFixed(3)})`,
    );
  }
}

if (process.argv.includes('--serve')) {
  void serve();
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
