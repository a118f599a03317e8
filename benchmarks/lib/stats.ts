/**
 * Pure arithmetic over benchmark rounds: medians per target, ratios to `legacy`, who was the
 * bottleneck, and whether the targets are met. No I/O here, so it is all unit-tested.
 */
import type { TargetName } from './args';

/** What one load-generator run measured (the child process prints it as JSON). */
export interface LoadResult {
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP97_5Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  totalRequests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Status code -> count, as autocannon counted them. */
  statusCodes: Record<string, number>;
  durationSec: number;
  /** CPU seconds (user + system) the load generator used while it ran autocannon. */
  loadGenCpuSec: number;
  /** Seconds the load generator's main thread waited for a CPU while autocannon ran (null without /proc). */
  loadGenWaitSec: number | null;
}

/** One measured round of one target, as the load generator and /proc saw it. */
export interface RoundResult extends Omit<LoadResult, 'loadGenWaitSec'> {
  target: TargetName;
  /** 1-based; 0 is the warm-up. */
  round: number;
  /** CPU seconds the server process used during the round; null where /proc is not readable. */
  serverCpuSec: number | null;
  /**
   * Seconds the server's and the load generator's main threads were ready to run but waited for a
   * CPU (/proc/<pid>/schedstat): other processes taking the core. Absent where unreadable.
   */
  serverWaitSec?: number | null;
  loadGenWaitSec?: number | null;
}

export interface TargetSummary {
  target: TargetName;
  rounds: number;
  /** Medians over the rounds. */
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP97_5Ms: number;
  latencyP99Ms: number;
  /** Sums over the rounds: never medians, so a single failing round shows. */
  errors: number;
  timeouts: number;
  non2xx: number;
  totalRequests: number;
  /** Median share of one core (1 = a full core) used by the load generator and by the server. */
  loadGenCpuShare: number;
  serverCpuShare: number | null;
  /** Median server CPU time per request, in microseconds. */
  serverCpuPerRequestUs: number | null;
  /** True when any round saw an error, a timeout or a non-2xx answer. */
  flagged: boolean;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `value / base`, or null when the base is 0 or missing (no ratio is better than Infinity in JSON). */
export function ratio(value: number | undefined, base: number | undefined): number | null {
  if (value === undefined || base === undefined || !Number.isFinite(value) || !Number.isFinite(base) || base === 0) return null;
  return value / base;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === values.length && known.length > 0 ? median(known) : null;
}

export function summarize(target: TargetName, rounds: readonly RoundResult[]): TargetSummary {
  const mine = rounds.filter((r) => r.target === target && r.round > 0);
  if (mine.length === 0) throw new RangeError(`no measured rounds for ${target}`);
  const sum = (pick: (r: RoundResult) => number): number => mine.reduce((acc, r) => acc + pick(r), 0);
  const errors = sum((r) => r.errors);
  const timeouts = sum((r) => r.timeouts);
  const non2xx = sum((r) => r.non2xx);
  return {
    target,
    rounds: mine.length,
    requestsPerSec: median(mine.map((r) => r.requestsPerSec)),
    latencyP50Ms: median(mine.map((r) => r.latencyP50Ms)),
    latencyP97_5Ms: median(mine.map((r) => r.latencyP97_5Ms)),
    latencyP99Ms: median(mine.map((r) => r.latencyP99Ms)),
    errors,
    timeouts,
    non2xx,
    totalRequests: sum((r) => r.totalRequests),
    loadGenCpuShare: median(mine.map((r) => r.loadGenCpuSec / r.durationSec)),
    serverCpuShare: medianOrNull(mine.map((r) => (r.serverCpuSec === null ? null : r.serverCpuSec / r.durationSec))),
    serverCpuPerRequestUs: medianOrNull(
      mine.map((r) => (r.serverCpuSec === null || r.totalRequests === 0 ? null : (r.serverCpuSec / r.totalRequests) * 1e6)),
    ),
    flagged: errors + timeouts + non2xx > 0,
  };
}

/** Share of a core above which a process counts as saturated. */
export const SATURATED = 0.9;

export type Bottleneck = 'server' | 'load-generator' | 'both' | 'neither' | 'unknown';

/**
 * Who limited a round. The server and the load generator each have one core: the one that used
 * (nearly) all of its core was the limit. `neither` means both waited: on this shared machine that
 * usually means other processes took the cores.
 */
export function bottleneck(loadGenCpuShare: number, serverCpuShare: number | null): Bottleneck {
  const loadSaturated = loadGenCpuShare >= SATURATED;
  if (serverCpuShare === null) return loadSaturated ? 'load-generator' : 'unknown';
  const serverSaturated = serverCpuShare >= SATURATED;
  if (loadSaturated && serverSaturated) return 'both';
  if (loadSaturated) return 'load-generator';
  if (serverSaturated) return 'server';
  return 'neither';
}

export interface Ratios {
  requestsPerSec: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export function ratiosTo(base: TargetSummary | undefined, summary: TargetSummary): Ratios {
  return {
    requestsPerSec: ratio(summary.requestsPerSec, base?.requestsPerSec),
    latencyP50Ms: ratio(summary.latencyP50Ms, base?.latencyP50Ms),
    latencyP99Ms: ratio(summary.latencyP99Ms, base?.latencyP99Ms),
  };
}

export interface Goal {
  name: string;
  /** What the goal asks, e.g. `migrated >= 3 x legacy req/s`. */
  wants: string;
  /** The measured value the goal compares (a ratio, or p99 ms for the latency goal). */
  actual: number | null;
  threshold: number;
  /** null when a target it needs was not measured. */
  met: boolean | null;
  /**
   * The same comparison made from server CPU time per request (base / target), which other
   * processes on a shared machine disturb far less than requests per second. A cross-check only:
   * `met` is judged on requests per second, as the issue asks.
   */
  byServerCpu?: number | null;
  /** Why it could not be judged, or why it should not be trusted (errors in a round). */
  note?: string;
}

type Summaries = Partial<Record<TargetName, TargetSummary>>;

function judge(
  name: string,
  wants: string,
  need: TargetName[],
  summaries: Summaries,
  actual: (s: Record<TargetName, TargetSummary>) => number | null,
  threshold: number,
  cmp: 'ge' | 'lt',
  cpuPair?: [TargetName, TargetName],
): Goal {
  const missing = need.filter((t) => !summaries[t]);
  if (missing.length > 0) return { name, wants, actual: null, threshold, met: null, note: `not measured: ${missing.join(', ')}` };
  const value = actual(summaries as Record<TargetName, TargetSummary>);
  const flagged = need.filter((t) => summaries[t]!.flagged);
  const met = value === null ? null : cmp === 'ge' ? value >= threshold : value < threshold;
  const goal: Goal = { name, wants, actual: value, threshold, met };
  if (cpuPair) {
    const [target, base] = cpuPair;
    goal.byServerCpu = ratio(summaries[base]!.serverCpuPerRequestUs ?? undefined, summaries[target]!.serverCpuPerRequestUs ?? undefined);
  }
  if (flagged.length > 0) goal.note = `errors or non-2xx answers in ${flagged.join(', ')}: not a valid comparison`;
  if (flagged.length > 0 && met) goal.met = false;
  return goal;
}

/** The targets for the default endpoint on the 2-core machine. */
export function evaluateGoals(summaries: Summaries): Goal[] {
  return [
    judge('migrated-3x-legacy', 'migrated req/s >= 3 x legacy', ['migrated', 'legacy'], summaries,
      (s) => ratio(s.migrated.requestsPerSec, s.legacy.requestsPerSec), 3, 'ge', ['migrated', 'legacy']),
    judge('fallback-95pct-legacy', 'fallback req/s >= 0.95 x legacy', ['fallback', 'legacy'], summaries,
      (s) => ratio(s.fallback.requestsPerSec, s.legacy.requestsPerSec), 0.95, 'ge', ['fallback', 'legacy']),
    judge('migrated-90pct-bare', 'migrated req/s >= 0.9 x fastify-bare', ['migrated', 'fastify-bare'], summaries,
      (s) => ratio(s.migrated.requestsPerSec, s['fastify-bare'].requestsPerSec), 0.9, 'ge', ['migrated', 'fastify-bare']),
    judge('migrated-p99-below-legacy', 'migrated p99 < legacy p99 (ratio < 1)', ['migrated', 'legacy'], summaries,
      (s) => ratio(s.migrated.latencyP99Ms, s.legacy.latencyP99Ms), 1, 'lt'),
  ];
}

/**
 * Every response time of a round, kept at full (sub-millisecond) resolution: autocannon's own
 * histogram records whole milliseconds, too coarse for a server that answers in 0.5 ms.
 */
export class LatencyRecorder {
  private values = new Float64Array(1 << 16);
  private n = 0;
  private sorted = true;

  get count(): number {
    return this.n;
  }

  record(ms: number): void {
    if (this.n === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.n++] = ms;
    this.sorted = false;
  }

  /** Nearest-rank percentile (0 < p <= 100); 0 when nothing was recorded. */
  percentile(p: number): number {
    if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
    if (this.n === 0) return 0;
    if (!this.sorted) {
      this.values = this.values.subarray(0, this.n).sort();
      this.sorted = true;
    }
    return this.values[Math.min(this.n, Math.ceil((p / 100) * this.n)) - 1];
  }

  max(): number {
    return this.n === 0 ? 0 : this.percentile(100);
  }
}
