/**
 * The load generator, as its own process (pinned to the other core by bench.ts):
 *
 *   node --import tsx benchmarks/load-generator.ts '{"url":"http://127.0.0.1:PORT/api/users/1","connections":50,"duration":10,...}'
 *
 * Runs autocannon once and prints one JSON line: the numbers a RoundResult needs, plus the CPU
 * time (user + system) this process spent while autocannon ran, measured with process.cpuUsage().
 * Latency percentiles come from every 2xx response time at full resolution (autocannon's own
 * histogram rounds to whole milliseconds).
 * Exits by itself: autocannon stops after `duration`, and a watchdog ends the process 30 s later.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { LatencyRecorder, type LoadResult } from './lib/stats';

export interface LoadRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
  pipelining: number;
}

export type { LoadResult } from './lib/stats';

function runQueueWaitSec(): number | null {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e9;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as LoadRequest;
  const watchdog = setTimeout(() => {
    process.stderr.write('load generator: watchdog fired, autocannon did not finish\n');
    process.exit(4);
  }, (request.duration + 30) * 1000);
  watchdog.unref();

  const latencies = new LatencyRecorder();
  const waitBefore = runQueueWaitSec();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      {
        url: request.url,
        method: request.method as autocannon.Request['method'],
        headers: request.headers,
        connections: request.connections,
        duration: request.duration,
        pipelining: request.pipelining,
        // Fail fast instead of waiting forever on a server that stopped answering.
        timeout: 10,
      },
      (err, res) => (err ? fail(err) : done(res)),
    );
    // Like autocannon's own histogram, only 2xx answers count towards latency.
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.record(responseTime);
    });
  });
  const wallSec = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const waitAfter = runQueueWaitSec();

  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
  const out: LoadResult = {
    requestsPerSec: result.requests.average,
    latencyP50Ms: latencies.percentile(50),
    latencyP97_5Ms: latencies.percentile(97.5),
    latencyP99Ms: latencies.percentile(99),
    latencyMaxMs: latencies.max(),
    totalRequests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    // autocannon's own duration (seconds), which the per-second samples cover; wall time as a fallback.
    durationSec: result.duration > 0 ? result.duration : wallSec,
    loadGenCpuSec: (cpu.user + cpu.system) / 1e6,
    loadGenWaitSec: waitBefore === null || waitAfter === null ? null : waitAfter - waitBefore,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`load generator: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
