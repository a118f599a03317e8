/** The pure parts of the benchmark: arithmetic, arguments, result files, chart. No timing here. */
import { DEFAULT_ENDPOINT, parseArgs, TARGETS, UsageError } from '../lib/args';
import { concretePath, endpointRequest } from '../lib/endpoints';
import { buildEndpointResult, fileStamp, latestJson, renderMarkdown, type RunMeta } from '../lib/report';
import { bottleneck, evaluateGoals, LatencyRecorder, median, ratio, summarize, type RoundResult, type TargetSummary } from '../lib/stats';
import { escapeXml, niceMax, renderChart } from '../lib/svg';
import { SEED_SESSION_COOKIE, SEED_TOKENS } from '../../legacy-app/seed';
import type { TargetName } from '../lib/args';

function round(target: TargetName, n: number, over: Partial<RoundResult> = {}): RoundResult {
  return {
    target,
    round: n,
    requestsPerSec: 1000,
    latencyP50Ms: 1,
    latencyP97_5Ms: 2,
    latencyP99Ms: 3,
    latencyMaxMs: 9,
    totalRequests: 10_000,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    statusCodes: { '200': 10_000 },
    durationSec: 10,
    loadGenCpuSec: 3,
    serverCpuSec: 9.5,
    ...over,
  };
}

const META: RunMeta = {
  startedAt: '2026-11-25T05:41:07.123Z',
  finishedAt: '2026-11-25T05:46:07.123Z',
  mode: 'full',
  connections: 50,
  rounds: 3,
  durationSec: 10,
  warmupSec: 3,
  pipelining: 1,
  routesModule: 'gateway/generated',
  machine: {
    cpuModel: 'Test CPU',
    cpus: 2,
    totalMemGiB: 4,
    platform: 'linux',
    release: '6.0',
    node: 'v20.0.0',
    loadAvgStart: [1, 1, 1],
    loadAvgEnd: [2, 2, 2],
    pinned: true,
  },
  versions: { express: '5.3.0', fastify: '5.12.8', autocannon: '9.0.0' },
};

describe('median and ratio', () => {
  it('takes the middle value of an odd list and the mean of the two middle ones of an even list, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(RangeError);
  });

  it('divides, and gives null rather than Infinity or NaN for a zero or missing base', () => {
    expect(ratio(30_000, 10_000)).toBe(3);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(1, undefined)).toBeNull();
    expect(ratio(Number.NaN, 2)).toBeNull();
  });
});

describe('summarize', () => {
  const rounds = [
    round('legacy', 0, { requestsPerSec: 1 }), // warm-up: never counted
    round('legacy', 1, { requestsPerSec: 900, latencyP99Ms: 30 }),
    round('legacy', 2, { requestsPerSec: 1100, latencyP99Ms: 10, non2xx: 4, statusCodes: { '200': 9996, '401': 4 } }),
    round('legacy', 3, { requestsPerSec: 1000, latencyP99Ms: 20, errors: 1 }),
    round('migrated', 1, { requestsPerSec: 5000 }),
  ];

  it('takes medians of rates and latencies over measured rounds only, and sums errors and non-2xx', () => {
    const s = summarize('legacy', rounds);
    expect(s.rounds).toBe(3);
    expect(s.requestsPerSec).toBe(1000);
    expect(s.latencyP99Ms).toBe(20);
    expect(s.errors).toBe(1);
    expect(s.non2xx).toBe(4);
    expect(s.flagged).toBe(true);
    expect(s.loadGenCpuShare).toBeCloseTo(0.3);
    expect(s.serverCpuShare).toBeCloseTo(0.95);
    expect(s.serverCpuPerRequestUs).toBeCloseTo(950);
  });

  it('is not flagged when every answer was a 2xx, and has no server CPU when /proc could not be read', () => {
    const s = summarize('migrated', [...rounds, round('migrated', 2, { serverCpuSec: null })]);
    expect(s.flagged).toBe(false);
    expect(s.serverCpuShare).toBeNull();
  });

  it('refuses a target with no measured round', () => {
    expect(() => summarize('adapter', rounds)).toThrow(/no measured rounds for adapter/);
  });
});

describe('bottleneck', () => {
  it('names the process that used (nearly) all of its core', () => {
    expect(bottleneck(0.3, 0.99)).toBe('server');
    expect(bottleneck(0.97, 0.6)).toBe('load-generator');
    expect(bottleneck(0.95, 0.95)).toBe('both');
    expect(bottleneck(0.4, 0.5)).toBe('neither');
    expect(bottleneck(0.95, null)).toBe('load-generator');
    expect(bottleneck(0.5, null)).toBe('unknown');
  });
});

describe('evaluateGoals', () => {
  const s = (target: TargetName, rps: number, p99: number, flagged = false): TargetSummary => ({
    ...summarize(target, [round(target, 1, { requestsPerSec: rps, latencyP99Ms: p99 })]),
    flagged,
  });

  it('judges the four targets of the issue from the medians', () => {
    const goals = evaluateGoals({
      legacy: s('legacy', 10_000, 12),
      fallback: s('fallback', 9_400, 13),
      migrated: s('migrated', 45_000, 3),
      'fastify-bare': s('fastify-bare', 48_000, 2.5),
    });
    expect(goals.map((g) => [g.name, g.met])).toEqual([
      ['migrated-3x-legacy', true],
      ['fallback-95pct-legacy', false], // 0.94
      ['migrated-90pct-bare', true],
      ['migrated-p99-below-legacy', true],
    ]);
    expect(goals[0].actual).toBeCloseTo(4.5);
    // every fixture round used 9.5 s of server CPU for 10,000 requests: equal CPU per request
    expect(goals[0].byServerCpu).toBeCloseTo(1);
    expect(goals[3].byServerCpu).toBeUndefined();
  });

  it('leaves a goal unjudged when a target is missing, and never passes a goal over a flagged target', () => {
    const goals = evaluateGoals({ legacy: s('legacy', 10_000, 12), migrated: s('migrated', 50_000, 2, true) });
    expect(goals[0].met).toBe(false);
    expect(goals[0].note).toMatch(/errors or non-2xx answers in migrated/);
    expect(goals[1]).toMatchObject({ met: null, note: 'not measured: fallback' });
  });
});

describe('LatencyRecorder', () => {
  it('gives nearest-rank percentiles at sub-millisecond resolution, growing past its first buffer', () => {
    const rec = new LatencyRecorder();
    // 100,000 values 0.001 .. 100 ms, shuffled
    const values = Array.from({ length: 100_000 }, (_, i) => (i + 1) / 1000);
    for (let i = values.length - 1; i > 0; i--) {
      const j = (i * 7919) % (i + 1);
      [values[i], values[j]] = [values[j], values[i]];
    }
    for (const v of values) rec.record(v);
    expect(rec.count).toBe(100_000);
    expect(rec.percentile(50)).toBeCloseTo(50, 6);
    expect(rec.percentile(99)).toBeCloseTo(99, 6);
    expect(rec.percentile(97.5)).toBeCloseTo(97.5, 6);
    expect(rec.max()).toBeCloseTo(100, 6);
    rec.record(0.0005);
    expect(rec.percentile(100)).toBeCloseTo(100, 6);
    expect(new LatencyRecorder().percentile(99)).toBe(0);
    expect(() => rec.percentile(0)).toThrow(RangeError);
  });
});

describe('parseArgs', () => {
  it('has the issue defaults: default endpoint, 50 connections, all targets, the generated routes', () => {
    const o = parseArgs([]);
    expect(o).toMatchObject({ endpoint: DEFAULT_ENDPOINT, connections: 50, routes: 'gateway/generated', all: false, quick: false });
    expect(o.targets).toEqual([...TARGETS]);
    expect(o.rounds).toBeGreaterThan(1);
  });

  it('reads every option, in both --flag value and --flag=value forms', () => {
    const o = parseArgs([
      '--endpoint', 'get  /api/products/:sku', '--connections=10', '--rounds', '2', '--duration', '4', '--warmup=0',
      '--routes', 'other-app/generated', '--targets', 'migrated,legacy', '--cpu-prof', '--token', 'none', '--pipelining', '2',
    ]);
    expect(o).toMatchObject({
      endpoint: 'GET /api/products/:sku', connections: 10, rounds: 2, duration: 4, warmup: 0,
      routes: 'other-app/generated', cpuProf: true, token: 'none', pipelining: 2,
    });
    expect(o.targets).toEqual(['legacy', 'migrated']); // canonical order
  });

  it('--quick is one short round per target, unless rounds or duration are given', () => {
    expect(parseArgs(['--quick'])).toMatchObject({ quick: true, rounds: 1, duration: 3, warmup: 1 });
    expect(parseArgs(['--quick', '--rounds', '2'])).toMatchObject({ rounds: 2, duration: 3 });
  });

  it('refuses what it does not understand, saying why', () => {
    expect(() => parseArgs(['--connections', '0'])).toThrow(UsageError);
    expect(() => parseArgs(['--connections', 'many'])).toThrow(/--connections must be an integer/);
    expect(() => parseArgs(['--targets', 'legacy,express'])).toThrow(/unknown express/);
    expect(() => parseArgs(['--endpoint', '/api/users'])).toThrow(/METHOD \/path/);
    expect(() => parseArgs(['--all', '--endpoint', 'GET /x'])).toThrow(/--all/);
    expect(() => parseArgs(['--frobnicate'])).toThrow(/unknown option "--frobnicate"/);
  });
});

describe('endpoints', () => {
  it('fills route parameters with seeded examples', () => {
    expect(concretePath('/api/users/:id')).toBe('/api/users/1');
    expect(concretePath('/api/products/:sku/image')).toBe('/api/products/BK-001/image');
    expect(concretePath('/a/:unknown')).toBe('/a/1');
  });

  it('sends the admin bearer token by default, the session cookie to /account, nothing with --token none', () => {
    expect(endpointRequest('GET /api/users/:id')).toEqual({
      key: 'GET /api/users/:id',
      method: 'GET',
      path: '/api/users/1',
      headers: { authorization: `Bearer ${SEED_TOKENS.admin}` },
    });
    expect(endpointRequest('GET /account/profile').headers.cookie).toBe(SEED_SESSION_COOKIE);
    expect(endpointRequest('GET /api/users/:id', { token: 'none', path: '/api/users/2' })).toMatchObject({ path: '/api/users/2', headers: {} });
  });
});

describe('result files', () => {
  const rounds: RoundResult[] = [];
  for (let r = 1; r <= 3; r++) {
    rounds.push(round('legacy', r, { requestsPerSec: 10_000 + r, latencyP99Ms: 12 }));
    rounds.push(round('fallback', r, { requestsPerSec: 9_800, latencyP99Ms: 12.5 }));
    rounds.push(round('migrated', r, { requestsPerSec: 40_000, latencyP99Ms: 3, loadGenCpuSec: 9.8, serverCpuSec: 6 }));  // 600 µs/req vs 950
    rounds.push(round('fastify-bare', r, { requestsPerSec: 42_000, latencyP99Ms: 2.8, ...(r === 2 ? { non2xx: 7, statusCodes: { '200': 1, '503': 7 } } : {}) }));
  }
  const result = buildEndpointResult({
    endpoint: 'GET /api/users/:id',
    path: '/api/users/1',
    rounds,
    skipped: [{ target: 'adapter', reason: 'gateway/adapter/index.ts does not exist yet' }],
  });

  it('latest.json has one key per measured target with the required numbers, plus ratios to legacy', () => {
    const latest = JSON.parse(JSON.stringify(latestJson(META, result, { json: 'a.json', md: 'a.md', svg: 'a.svg' })));
    for (const target of ['legacy', 'fallback', 'migrated', 'fastify-bare']) {
      expect(latest[target]).toEqual(
        expect.objectContaining({
          requestsPerSec: expect.any(Number),
          latencyP50Ms: expect.any(Number),
          latencyP99Ms: expect.any(Number),
          errors: expect.any(Number),
        }),
      );
    }
    expect(latest.adapter).toBeUndefined();
    expect(latest.legacy.requestsPerSec).toBe(10_002);
    expect(latest.ratios.migrated.requestsPerSec).toBeCloseTo(40_000 / 10_002, 3);
    expect(latest.ratios.legacy.requestsPerSec).toBe(1);
    expect(latest['fastify-bare']).toMatchObject({ non2xx: 7, flagged: true });
    expect(latest.skipped).toEqual([{ target: 'adapter', reason: expect.stringContaining('adapter') }]);
    expect(latest.meta).toMatchObject({ endpoint: 'GET /api/users/:id', path: '/api/users/1', files: { svg: 'a.svg' } });
  });

  it('warns about flagged targets (with their status codes) and about a saturated load generator', () => {
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fastify-bare: 0 errors, 0 timeouts, 7 non-2xx answers \(7 x 503\)/),
        expect.stringMatching(/^migrated: the load generator was the bottleneck \(it used 98% of its core, the server 60%\)/),
      ]),
    );
    // migrated >= 90% of fastify-bare numerically, but fastify-bare answered 503s: not met.
    expect(result.goals.find((g) => g.name === 'migrated-90pct-bare')).toMatchObject({ met: false });
  });

  it('the Markdown links the chart, marks flagged targets and lists skipped ones', () => {
    const md = renderMarkdown({ meta: META, endpoints: [result] }, ['2026-11-25T05-41-07Z.svg']);
    expect(md).toContain('![requests per second and p99 latency per target](2026-11-25T05-41-07Z.svg)');
    expect(md).toContain('| **fastify-bare** (flagged) |');
    expect(md).toMatch(/\| adapter \| skipped: gateway\/adapter\/index.ts does not exist yet/);
    expect(md).toContain('2 x Test CPU');
    expect(md).toMatch(/\| migrated req\/s >= 3 x legacy \| 4\.00 \| yes \| 1\.58 \|/);
    // every table row has the same number of cells as its header
    const table = md.split('\n').filter((l) => l.startsWith('| target | req/s') || /^\| (\*\*)?(legacy|fallback|migrated|adapter|fastify-bare)(\*\*)?( \(flagged\))? \|/.test(l));
    const cells = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    expect(table).toHaveLength(6);
    for (const line of table) expect(cells(line)).toBe(cells(table[0]));
  });

  it('file stamps sort by time and hold no colon', () => {
    expect(fileStamp('2026-11-25T05:41:07.123Z')).toBe('2026-11-25T05-41-07Z');
  });
});

describe('renderChart', () => {
  const bars = [
    { label: 'legacy', requestsPerSec: 10_000, latencyP99Ms: 20, flagged: false },
    { label: 'migrated', requestsPerSec: 40_000, latencyP99Ms: 5, flagged: false },
    { label: 'fastify-bare', requestsPerSec: 20_000, latencyP99Ms: 4, flagged: true },
  ];
  const svg = renderChart(bars, { title: 'GET /a?b=<1>&c', subtitle: 'x' });

  it('draws one bar per target in each of the two panels, long in proportion to the value', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    const widths = [...svg.matchAll(/<rect x="\d+" y="\d+" width="([\d.]+)" height="26"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(6);
    const [legacyRps, migratedRps, bareRps, legacyP99, migratedP99] = widths;
    expect(migratedRps / legacyRps).toBeCloseTo(4, 1);
    expect(bareRps / legacyRps).toBeCloseTo(2, 1);
    expect(legacyP99 / migratedP99).toBeCloseTo(4, 1);
    expect(svg).toContain('40,000 req/s');
  });

  it('escapes text and hatches flagged bars', () => {
    expect(svg).toContain('GET /a?b=&lt;1&gt;&amp;c');
    expect(svg).not.toContain('<1>');
    expect(svg.match(/fill="url\(#flagged\)"/g)).toHaveLength(2);
    expect(svg).toContain('(errors!)');
    expect(escapeXml(`"'`)).toBe('&quot;&apos;');
  });

  it('rounds axes up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceMax(43_000)).toBe(50_000);
    expect(niceMax(2.1)).toBe(2.5);
    expect(niceMax(100)).toBe(100);
    expect(niceMax(0)).toBe(1);
  });
});
