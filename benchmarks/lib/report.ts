/**
 * Turns measured rounds into the results files: `<timestamp>.json` (everything), `latest.json`
 * (one key per target, plus ratios to legacy and the goals), and the Markdown report.
 * Pure functions: bench.ts does the writing.
 */
import { TARGETS, type TargetName } from './args';
import {
  bottleneck,
  median,
  evaluateGoals,
  ratiosTo,
  round,
  summarize,
  type Bottleneck,
  type Goal,
  type Ratios,
  type RoundResult,
  type TargetSummary,
} from './stats';
import type { ChartBar } from './svg';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  totalMemGiB: number;
  platform: string;
  release: string;
  node: string;
  loadAvgStart: number[];
  loadAvgEnd: number[];
  /** Whether server and load generator were pinned to separate cores. */
  pinned: boolean;
}

export interface RunMeta {
  startedAt: string;
  finishedAt: string;
  mode: 'quick' | 'full';
  connections: number;
  rounds: number;
  durationSec: number;
  warmupSec: number;
  pipelining: number;
  routesModule: string;
  machine: MachineInfo;
  versions: Record<string, string>;
}

export interface SkippedTarget {
  target: TargetName;
  reason: string;
}

export interface TargetReport extends TargetSummary {
  ratioToLegacy: Ratios;
  bottleneck: Bottleneck;
}

export interface EndpointResult {
  endpoint: string;
  path: string;
  summaries: Partial<Record<TargetName, TargetReport>>;
  goals: Goal[];
  skipped: SkippedTarget[];
  warnings: string[];
  rounds: RoundResult[];
  warmups: RoundResult[];
}

export interface BenchResult {
  meta: RunMeta;
  endpoints: EndpointResult[];
}

/** `2026-11-25T05:41:07.123Z` -> `2026-11-25T05-41-07Z`: sortable and safe in a file name. */
export function fileStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

export function buildEndpointResult(input: {
  endpoint: string;
  path: string;
  rounds: RoundResult[];
  warmups?: RoundResult[];
  skipped?: SkippedTarget[];
  extraWarnings?: string[];
}): EndpointResult {
  const measured = TARGETS.filter((t) => input.rounds.some((r) => r.target === t && r.round > 0));
  const plain: Partial<Record<TargetName, TargetSummary>> = {};
  for (const target of measured) plain[target] = summarize(target, input.rounds);
  const summaries: Partial<Record<TargetName, TargetReport>> = {};
  for (const target of measured) {
    const s = plain[target]!;
    summaries[target] = { ...s, ratioToLegacy: ratiosTo(plain.legacy, s), bottleneck: bottleneck(s.loadGenCpuShare, s.serverCpuShare) };
  }
  const result: EndpointResult = {
    endpoint: input.endpoint,
    path: input.path,
    summaries,
    goals: evaluateGoals(plain),
    skipped: input.skipped ?? [],
    warnings: [],
    rounds: input.rounds,
    warmups: input.warmups ?? [],
  };
  result.warnings = [...(input.extraWarnings ?? []), ...collectWarnings(result)];
  return result;
}

function statusText(codes: Record<string, number>): string {
  return Object.entries(codes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n} x ${code}`)
    .join(', ');
}

export function collectWarnings(result: EndpointResult): string[] {
  const warnings: string[] = [];
  for (const target of TARGETS) {
    const s = result.summaries[target];
    if (!s) continue;
    if (s.flagged) {
      const codes: Record<string, number> = {};
      for (const r of result.rounds.filter((x) => x.target === target)) {
        for (const [code, n] of Object.entries(r.statusCodes)) codes[code] = (codes[code] ?? 0) + n;
      }
      const detail = statusText(codes);
      warnings.push(
        `${target}: ${s.errors} errors, ${s.timeouts} timeouts, ${s.non2xx} non-2xx answers${detail ? ` (${detail})` : ''}: ` +
          'its numbers are not a valid measurement of the route',
      );
    }
    const serverShare = s.serverCpuShare === null ? 'unknown' : `${Math.round(s.serverCpuShare * 100)}%`;
    const loadShare = `${Math.round(s.loadGenCpuShare * 100)}%`;
    if (s.bottleneck === 'load-generator') {
      warnings.push(
        `${target}: the load generator was the bottleneck (it used ${loadShare} of its core, the server ${serverShare}): ` +
          'the server could do more than this number says',
      );
    } else if (s.bottleneck === 'both') {
      warnings.push(`${target}: both the load generator (${loadShare}) and the server (${serverShare}) saturated their cores`);
    } else if (s.bottleneck === 'neither') {
      const mine = result.rounds.filter((r) => r.target === target && r.round > 0);
      const waits = (pick: (r: RoundResult) => number | null | undefined): string => {
        const shares = mine.map((r) => pick(r)).filter((w): w is number => typeof w === 'number').map((w, i) => w / mine[i].durationSec);
        return shares.length === mine.length && shares.length > 0 ? `${Math.round(median(shares) * 100)}%` : 'n/a';
      };
      warnings.push(
        `${target}: neither process saturated its core (load generator ${loadShare}, server ${serverShare}; ` +
          `time spent waiting for a CPU: load generator ${waits((r) => r.loadGenWaitSec)}, server ${waits((r) => r.serverWaitSec)}): ` +
          'other processes were probably taking CPU time',
      );
    }
    const rps = result.rounds.filter((r) => r.target === target && r.round > 0).map((r) => r.requestsPerSec);
    if (rps.length > 1 && Math.min(...rps) > 0 && Math.max(...rps) / Math.min(...rps) > 1.25) {
      warnings.push(
        `${target}: rounds spread from ${Math.round(Math.min(...rps))} to ${Math.round(Math.max(...rps))} req/s: a noisy machine`,
      );
    }
  }
  return warnings;
}

function flatTarget(s: TargetReport): Record<string, unknown> {
  return {
    requestsPerSec: round(s.requestsPerSec, 1),
    latencyP50Ms: round(s.latencyP50Ms, 3),
    latencyP97_5Ms: round(s.latencyP97_5Ms, 3),
    latencyP99Ms: round(s.latencyP99Ms, 3),
    errors: s.errors,
    timeouts: s.timeouts,
    non2xx: s.non2xx,
    flagged: s.flagged,
    rounds: s.rounds,
    ratioToLegacy: roundRatios(s.ratioToLegacy),
    loadGenCpuShare: round(s.loadGenCpuShare, 3),
    serverCpuShare: s.serverCpuShare === null ? null : round(s.serverCpuShare, 3),
    serverCpuPerRequestUs: s.serverCpuPerRequestUs === null ? null : round(s.serverCpuPerRequestUs, 1),
    bottleneck: s.bottleneck,
  };
}

function roundRatios(r: Ratios): Record<string, number | null> {
  return {
    requestsPerSec: r.requestsPerSec === null ? null : round(r.requestsPerSec, 3),
    latencyP50Ms: r.latencyP50Ms === null ? null : round(r.latencyP50Ms, 3),
    latencyP99Ms: r.latencyP99Ms === null ? null : round(r.latencyP99Ms, 3),
  };
}

/**
 * `latest.json`: one key per measured target (`legacy`, `fallback`, ...) with at least
 * requestsPerSec, latencyP50Ms, latencyP99Ms and errors; `ratios` (each target over legacy);
 * `goals`; `skipped`; `warnings`; `meta`.
 */
export function latestJson(meta: RunMeta, result: EndpointResult, files: { json: string; md: string; svg: string }): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const ratios: Record<string, unknown> = {};
  for (const target of TARGETS) {
    const s = result.summaries[target];
    if (!s) continue;
    out[target] = flatTarget(s);
    ratios[target] = roundRatios(s.ratioToLegacy);
  }
  out.ratios = ratios;
  out.goals = result.goals.map((g) => ({
    ...g,
    actual: g.actual === null ? null : round(g.actual, 3),
    ...(typeof g.byServerCpu === 'number' ? { byServerCpu: round(g.byServerCpu, 3) } : {}),
  }));
  out.skipped = result.skipped;
  out.warnings = result.warnings;
  out.meta = { ...meta, endpoint: result.endpoint, path: result.path, files };
  return out;
}

export function chartBars(result: EndpointResult): ChartBar[] {
  return TARGETS.filter((t) => result.summaries[t]).map((t) => {
    const s = result.summaries[t]!;
    return { label: t, requestsPerSec: s.requestsPerSec, latencyP99Ms: s.latencyP99Ms, flagged: s.flagged };
  });
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function fmtMs(n: number): string {
  return n.toFixed(2);
}

function fmtRatio(r: number | null): string {
  return r === null ? 'n/a' : `${r.toFixed(2)}x`;
}

function fmtShare(s: number | null): string {
  return s === null ? 'n/a' : `${Math.round(s * 100)}%`;
}

export function machineLine(meta: RunMeta): string {
  const m = meta.machine;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return (
    `${m.cpus} x ${m.cpuModel}, ${m.totalMemGiB} GiB, ${m.platform} ${m.release}, Node ${m.node}; ` +
    `load average (1/5/15 min) ${load(m.loadAvgStart)} at start, ${load(m.loadAvgEnd)} at the end`
  );
}

export function methodLine(meta: RunMeta): string {
  const pin = meta.machine.pinned
    ? 'server pinned to core 0, load generator to core 1 (taskset)'
    : 'no taskset: server and load generator NOT pinned';
  const rounds = meta.rounds === 1 ? 'one round' : `${meta.rounds} interleaved rounds (A B C ... A B C ...)`;
  return (
    `autocannon ${meta.versions.autocannon ?? ''}, ${meta.connections} connections, pipelining ${meta.pipelining}, ` +
    `${meta.warmupSec} s warm-up per target, then ${rounds} of ${meta.durationSec} s; ${pin}. ` +
    'Rates and latencies are medians over the rounds; errors, timeouts and non-2xx are sums.'
  );
}

export function summaryTable(result: EndpointResult): string {
  const rows = [
    '| target | req/s | p50 ms | p97.5 ms | p99 ms | errors | timeouts | non-2xx | req/s vs legacy | p99 vs legacy | server CPU / req | load gen CPU | bottleneck |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const target of TARGETS) {
    const s = result.summaries[target];
    if (!s) continue;
    const name = s.flagged ? `**${target}** (flagged)` : target;
    rows.push(
      `| ${name} | ${fmtInt(s.requestsPerSec)} | ${fmtMs(s.latencyP50Ms)} | ${fmtMs(s.latencyP97_5Ms)} | ${fmtMs(s.latencyP99Ms)} | ` +
        `${s.errors} | ${s.timeouts} | ${s.non2xx} | ${fmtRatio(s.ratioToLegacy.requestsPerSec)} | ${fmtRatio(s.ratioToLegacy.latencyP99Ms)} | ` +
        `${s.serverCpuPerRequestUs === null ? 'n/a' : `${s.serverCpuPerRequestUs.toFixed(1)} µs`} | ${fmtShare(s.loadGenCpuShare)} | ${s.bottleneck} |`,
    );
  }
  for (const skip of result.skipped) rows.push(`| ${skip.target} | skipped: ${skip.reason.replace(/\|/g, '\\|')} ${'| '.repeat(11)}|`);
  return rows.join('\n');
}

export function goalsTable(goals: readonly Goal[]): string {
  const rows = ['| goal (issue 5) | measured | met | same ratio from server CPU per request |', '|---|---:|---|---:|'];
  for (const g of goals) {
    const measured = g.actual === null ? 'n/a' : g.actual.toFixed(2);
    const met = g.met === null ? 'not judged' : g.met ? 'yes' : '**no**';
    const cpu = g.byServerCpu === undefined ? '' : g.byServerCpu === null ? 'n/a' : g.byServerCpu.toFixed(2);
    rows.push(`| ${g.wants} | ${measured} | ${met}${g.note ? ` (${g.note})` : ''} | ${cpu} |`);
  }
  return rows.join('\n');
}

export function roundsTable(result: EndpointResult): string {
  const rows = [
    '| round | target | req/s | p50 ms | p99 ms | errors | non-2xx | load gen CPU | server CPU |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of [...result.warmups, ...result.rounds]) {
    rows.push(
      `| ${r.round === 0 ? 'warm-up' : r.round} | ${r.target} | ${fmtInt(r.requestsPerSec)} | ${fmtMs(r.latencyP50Ms)} | ${fmtMs(r.latencyP99Ms)} | ` +
        `${r.errors + r.timeouts} | ${r.non2xx} | ${fmtShare(r.loadGenCpuSec / r.durationSec)} | ` +
        `${fmtShare(r.serverCpuSec === null ? null : r.serverCpuSec / r.durationSec)} |`,
    );
  }
  return rows.join('\n');
}

export function renderMarkdown(result: BenchResult, chartFiles: string[]): string {
  const { meta } = result;
  const out: string[] = [];
  out.push(`# Benchmark run ${meta.startedAt}${meta.mode === 'quick' ? ' (quick smoke check: not a measurement)' : ''}`);
  out.push('');
  out.push(`- Machine: ${machineLine(meta)}.`);
  out.push(`- Method: ${methodLine(meta)}`);
  out.push(`- Migrated routes module: \`${meta.routesModule}\`. Versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
  result.endpoints.forEach((endpoint, i) => {
    out.push('');
    out.push(`## \`${endpoint.endpoint}\` (requesting \`${endpoint.path}\`)`);
    out.push('');
    if (chartFiles[i]) out.push(`![requests per second and p99 latency per target](${chartFiles[i]})`, '');
    out.push(summaryTable(endpoint), '');
    out.push('### Targets', '', goalsTable(endpoint.goals), '');
    if (endpoint.warnings.length > 0) {
      out.push('### Warnings', '');
      for (const w of endpoint.warnings) out.push(`- ${w}`);
      out.push('');
    }
    out.push('### Rounds', '', roundsTable(endpoint), '');
  });
  return `${out.join('\n').trimEnd()}\n`;
}
