/**
 * `npm run bench`: the autocannon benchmark of one endpoint across five targets
 * (legacy, fallback, migrated, adapter, fastify-bare; see targets.ts).
 *
 * Every target runs as its own server process pinned to core 0; every round's load generator is a
 * fresh process pinned to core 1 (taskset, where it exists). After a warm-up per target the rounds
 * interleave (legacy fallback migrated ... legacy fallback migrated ...), so a machine that gets
 * busier during the run slows every target alike. Results go to benchmarks/results/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, TARGETS, USAGE, UsageError, type BenchOptions, type TargetName } from './lib/args';
import { endpointRequest, type EndpointRequest } from './lib/endpoints';
import {
  buildEndpointResult,
  chartBars,
  fileStamp,
  latestJson,
  renderMarkdown,
  summaryTable,
  goalsTable,
  type BenchResult,
  type EndpointResult,
  type MachineInfo,
  type RunMeta,
  type SkippedTarget,
} from './lib/report';
import type { RoundResult } from './lib/stats';
import { renderChart } from './lib/svg';
import type { LoadRequest, LoadResult } from './load-generator';
import { PROJECT_ROOT } from './targets';

const SERVER_ENTRY = join(__dirname, 'server.ts');
const LOAD_ENTRY = join(__dirname, 'load-generator.ts');
const SERVER_CORE = '0';
const LOAD_CORE = '1';

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function canPin(): boolean {
  if (cpus().length < 2) return false;
  const probe = spawnSync('taskset', ['-c', LOAD_CORE, 'true'], { stdio: 'ignore' });
  return probe.status === 0;
}

/** `node --import tsx <file> ...`, pinned to `core` when pinning is possible. */
function nodeCommand(core: string, pinned: boolean, nodeArgs: string[], file: string, args: string[]): [string, string[]] {
  const node = [...nodeArgs, '--import', 'tsx', file, ...args];
  return pinned ? ['taskset', ['-c', core, process.execPath, ...node]] : [process.execPath, node];
}

let clockTicks = 0;
/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; null where unreadable. */
function processCpuSec(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (clockTicks === 0) {
      const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
      clockTicks = Number(out.stdout.trim()) || 100;
    }
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return null;
  }
}

/** Seconds a process's main thread has spent ready to run but waiting for a CPU, from /proc/<pid>/schedstat. */
function processWaitSec(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

interface ServerProcess {
  target: TargetName;
  child: ChildProcess;
  port: number;
  pid: number;
}

interface Started {
  servers: ServerProcess[];
  skipped: SkippedTarget[];
  warnings: string[];
}

const children = new Set<ChildProcess>();

function startServer(
  target: TargetName,
  options: BenchOptions,
  endpoint: string,
  dbDir: string,
  pinned: boolean,
  profileName: string,
  maxLifetimeSec: number,
): Promise<ServerProcess | { target: TargetName; reason: string; unavailable: boolean }> {
  // Node names each thread's profile CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile (tsx's loader
  // runs in a worker thread): one folder per server, and keepMainProfile() keeps the main thread's.
  const nodeArgs = options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profileDir(options, profileName, target)] : [];
  const [cmd, args] = nodeCommand(SERVER_CORE, pinned, nodeArgs, SERVER_ENTRY, [
    '--target', target,
    '--port', '0',
    '--endpoint', endpoint,
    '--routes', options.routes,
    '--max-lifetime', String(Math.ceil(maxLifetimeSec)),
  ]);
  const child = spawn(cmd, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_PATH: join(dbDir, `${target}.db`), NODE_ENV: 'production', LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((done) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ target, reason: 'did not start within 60 s', unavailable: false });
    }, 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      let message: { ready?: boolean; port?: number; pid?: number; error?: string; unavailable?: boolean };
      try {
        message = JSON.parse(line);
      } catch {
        message = { ready: false, error: `unexpected output: ${line}` };
      }
      if (message.ready && message.port && message.pid) {
        done({ target, child, port: message.port, pid: message.pid });
      } else {
        done({ target, reason: message.error ?? 'failed to start', unavailable: Boolean(message.unavailable) });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ target, reason: `exited with code ${code} before it was ready${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`, unavailable: false });
    });
  });
}

function profileDir(options: BenchOptions, profileName: string, target: TargetName): string {
  return resolve(PROJECT_ROOT, options.out, 'profiles', `${profileName}-${target}`);
}

/** Moves the main thread's profile (thread 0) to `<dir>.cpuprofile` and drops the loader thread's. */
function keepMainProfile(dir: string): string | null {
  let kept: string | null = null;
  try {
    for (const name of readdirSync(dir)) {
      if (/\.\d+\.0\.\d+\.cpuprofile$/.test(name)) {
        kept = `${dir}.cpuprofile`;
        renameSync(join(dir, name), kept);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  } catch {
    return kept;
  }
  return kept;
}

async function stopServer(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null) return;
  await new Promise<void>((done) => {
    const kill = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
    server.child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    server.child.kill('SIGTERM');
  });
}

interface Probe {
  status: number;
  body: string;
  contentType: string;
}

function probe(port: number, req: EndpointRequest): Promise<Probe> {
  return new Promise((done, fail) => {
    const r = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.path, headers: req.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type'] ?? '') }));
    });
    r.setTimeout(10_000, () => r.destroy(new Error('probe timed out after 10 s')));
    r.on('error', fail);
    r.end();
  });
}

function sameBody(a: Probe, b: Probe): boolean {
  if (a.body === b.body) return true;
  try {
    return JSON.stringify(JSON.parse(a.body)) === JSON.stringify(JSON.parse(b.body));
  } catch {
    return false;
  }
}

function runLoad(request: LoadRequest, pinned: boolean): Promise<LoadResult> {
  const [cmd, args] = nodeCommand(LOAD_CORE, pinned, [], LOAD_ENTRY, [JSON.stringify(request)]);
  const child = spawn(cmd, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((done, fail) => {
    child.once('exit', (code) => {
      children.delete(child);
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) return done(JSON.parse(last) as LoadResult);
      fail(new Error(`load generator exited with code ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}

function fmt(result: LoadResult, serverCpuSec: number | null, serverWaitSec: number | null): string {
  const pct = (sec: number | null) => (sec === null ? 'n/a' : `${Math.round((sec / result.durationSec) * 100)}%`);
  const server = pct(serverCpuSec);
  const waited = `  waited for CPU: server ${pct(serverWaitSec)} load gen ${pct(result.loadGenWaitSec)}`;
  const bad = result.errors + result.timeouts + result.non2xx;
  return (
    `${Math.round(result.requestsPerSec).toLocaleString('en-US').padStart(7)} req/s  p50 ${result.latencyP50Ms.toFixed(2)} ms  ` +
    `p99 ${result.latencyP99Ms.toFixed(2)} ms  CPU: load gen ${Math.round((result.loadGenCpuSec / result.durationSec) * 100)}% server ${server}` +
    waited +
    (bad > 0 ? `  !! ${result.errors} errors ${result.timeouts} timeouts ${result.non2xx} non-2xx` : '')
  );
}

async function measure(
  server: ServerProcess,
  req: EndpointRequest,
  options: BenchOptions,
  duration: number,
  roundNo: number,
  pinned: boolean,
): Promise<RoundResult> {
  const cpuBefore = processCpuSec(server.pid);
  const waitBefore = processWaitSec(server.pid);
  const result = await runLoad(
    {
      url: `http://127.0.0.1:${server.port}${req.path}`,
      method: req.method,
      headers: req.headers,
      connections: options.connections,
      duration,
      pipelining: options.pipelining,
    },
    pinned,
  );
  const cpuAfter = processCpuSec(server.pid);
  const waitAfter = processWaitSec(server.pid);
  const serverWaitSec = waitBefore === null || waitAfter === null ? null : waitAfter - waitBefore;
  // The load generator's start-up (~0.3 s) is outside its measured window; the server is idle then.
  const serverCpuSec = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  log(`  ${roundNo === 0 ? 'warm-up' : `round ${roundNo}`.padEnd(8)} ${server.target.padEnd(12)} ${fmt(result, serverCpuSec, serverWaitSec)}`);
  return { target: server.target, round: roundNo, ...result, serverCpuSec, serverWaitSec };
}

async function benchEndpoint(endpoint: string, options: BenchOptions, dbRoot: string, pinned: boolean, stamp: string): Promise<EndpointResult> {
  const req = endpointRequest(endpoint, { path: options.path, token: options.token });
  log(`\n${endpoint}: requesting ${req.method} ${req.path}`);
  const dbDir = mkdtempSync(join(dbRoot, 'run-'));
  const perTarget = options.warmup + options.rounds * (options.duration + 1.5);
  const maxLifetime = 120 + perTarget * options.targets.length;
  const started: Started = { servers: [], skipped: [], warnings: [] };
  const profileName = `${stamp}-${endpoint.replace(/[^\w]+/g, '_')}`;
  const outcomes = await Promise.all(
    options.targets.map((t) => startServer(t, options, endpoint, dbDir, pinned, profileName, maxLifetime)),
  );
  for (const outcome of outcomes) {
    if ('child' in outcome) started.servers.push(outcome);
    else {
      started.skipped.push({ target: outcome.target, reason: outcome.reason });
      log(`  ${outcome.target}: skipped: ${outcome.reason}`);
      if (!outcome.unavailable) started.warnings.push(`${outcome.target} failed to start: ${outcome.reason}`);
    }
  }
  const rounds: RoundResult[] = [];
  const warmups: RoundResult[] = [];
  try {
    // One request each before any load: the status and body every target answers, compared with legacy's.
    const probes = new Map<TargetName, Probe>();
    for (const server of started.servers) {
      try {
        probes.set(server.target, await probe(server.port, req));
      } catch (err) {
        started.warnings.push(`${server.target}: probe request failed: ${(err as Error).message}`);
      }
    }
    const legacyProbe = probes.get('legacy');
    for (const [target, p] of probes) {
      if (p.status < 200 || p.status > 299) {
        started.warnings.push(`${target}: answers ${p.status} to ${req.method} ${req.path} (${p.body.slice(0, 120)})`);
      }
      if (legacyProbe && target !== 'legacy' && (p.status !== legacyProbe.status || !sameBody(p, legacyProbe))) {
        started.warnings.push(
          `${target}: answers differently from legacy (${p.status} ${p.body.slice(0, 80)} vs ${legacyProbe.status} ${legacyProbe.body.slice(0, 80)}): not a like-for-like comparison`,
        );
      }
    }
    if (options.warmup > 0) {
      for (const server of started.servers) warmups.push(await measure(server, req, options, options.warmup, 0, pinned));
    }
    for (let r = 1; r <= options.rounds; r++) {
      for (const server of started.servers) rounds.push(await measure(server, req, options, options.duration, r, pinned));
    }
  } finally {
    await Promise.all(started.servers.map(stopServer));
    if (options.cpuProf) {
      for (const server of started.servers) {
        const kept = keepMainProfile(profileDir(options, profileName, server.target));
        if (kept) log(`  CPU profile of ${server.target}: ${relative(process.cwd(), kept)}`);
      }
    }
    rmSync(dbDir, { recursive: true, force: true });
  }
  return buildEndpointResult({ endpoint, path: req.path, rounds, warmups, skipped: started.skipped, extraWarnings: started.warnings });
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function machine(pinned: boolean, loadAvgStart: number[]): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: cpus().length,
    totalMemGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: platform(),
    release: release(),
    node: process.version,
    loadAvgStart,
    loadAvgEnd: loadavg(),
    pinned,
  };
}

async function allGetRoutes(): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLegacyApp } = require(resolve(PROJECT_ROOT, 'legacy-app/app')) as { createLegacyApp: () => unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { listExpressRoutes } = require(resolve(PROJECT_ROOT, 'gateway/express-routes')) as typeof import('../gateway/express-routes');
  const keys = listExpressRoutes(createLegacyApp()).filter((r) => r.method === 'GET').map((r) => `GET ${r.path}`);
  return [...new Set(keys)];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const startedAt = new Date().toISOString();
  const stamp = fileStamp(startedAt);
  const loadAvgStart = loadavg();
  const pinned = canPin();
  if (!pinned) log('warning: taskset unavailable or fewer than 2 cores: server and load generator are not pinned');
  const outDir = resolve(PROJECT_ROOT, options.out);
  mkdirSync(outDir, { recursive: true });
  if (options.cpuProf) mkdirSync(join(outDir, 'profiles'), { recursive: true });
  const dbRoot = mkdtempSync(join(tmpdir(), 'e2f-bench-'));

  const endpoints = options.all ? await allGetRoutes() : [options.endpoint];
  log(
    `bench: ${endpoints.length} endpoint(s), targets ${options.targets.join(', ')}, migrated routes from ${options.routes}; ${options.connections} connections, ` +
      `${options.warmup} s warm-up, ${options.rounds} x ${options.duration} s rounds${pinned ? ', server on core 0, load on core 1' : ''}`,
  );
  const results: EndpointResult[] = [];
  try {
    for (const endpoint of endpoints) results.push(await benchEndpoint(endpoint, options, dbRoot, pinned, stamp));
  } finally {
    rmSync(dbRoot, { recursive: true, force: true });
  }

  const meta: RunMeta = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    connections: options.connections,
    rounds: options.rounds,
    durationSec: options.duration,
    warmupSec: options.warmup,
    pipelining: options.pipelining,
    routesModule: options.routes,
    machine: machine(pinned, loadAvgStart),
    versions: { express: version('express'), fastify: version('fastify'), autocannon: version('autocannon') },
  };
  const bench: BenchResult = { meta, endpoints: results };
  const base = options.all ? `${stamp}-all` : stamp;
  const chartFiles = results.map((r, i) => (results.length === 1 ? `${base}.svg` : `${base}-${i + 1}.svg`));
  results.forEach((r, i) => {
    const svg = renderChart(chartBars(r), {
      title: `${r.endpoint}: requests per second and p99 latency by target`,
      subtitle: `${meta.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${meta.machine.cpus} x ${meta.machine.cpuModel}, ${meta.connections} connections, ${meta.rounds} x ${meta.durationSec} s${meta.mode === 'quick' ? ' (quick)' : ''}`,
    });
    writeFileSync(join(outDir, chartFiles[i]), svg);
  });
  const files = { json: `${base}.json`, md: `${base}.md`, svg: chartFiles[0] };
  writeFileSync(join(outDir, files.json), `${JSON.stringify(bench, null, 2)}\n`);
  writeFileSync(join(outDir, files.md), renderMarkdown(bench, chartFiles));
  if (!options.all) {
    writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(latestJson(meta, results[0], files), null, 2)}\n`);
    writeFileSync(join(outDir, 'latest.svg'), readFileSync(join(outDir, files.svg)));
  }

  for (const r of results) {
    process.stdout.write(`\n${r.endpoint} (${r.path})\n\n${summaryTable(r)}\n\n${goalsTable(r.goals)}\n`);
    if (r.warnings.length > 0) process.stdout.write(`\nWarnings:\n${r.warnings.map((w) => `- ${w}`).join('\n')}\n`);
  }
  const rel = (f: string) => relative(process.cwd(), join(outDir, f));
  process.stdout.write(`\nWrote ${rel(files.json)}, ${rel(files.md)}, ${chartFiles.map(rel).join(', ')}${options.all ? '' : `, ${rel('latest.json')}`}\n`);
  if (results.some((r) => TARGETS.some((t) => r.summaries[t]?.flagged))) process.exitCode = 1;
}

function killChildren(): void {
  for (const child of children) child.kill('SIGTERM');
}

process.on('SIGINT', () => {
  killChildren();
  process.exit(130);
});
process.on('SIGTERM', () => {
  killChildren();
  process.exit(143);
});

main().catch((err) => {
  killChildren();
  log(err instanceof UsageError ? err.message : (err as Error).stack ?? String(err));
  process.exit(err instanceof UsageError ? 2 : 1);
});
