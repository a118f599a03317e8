/**
 * Command-line options of `npm run bench`.
 *
 *   npm run bench                                   default endpoint, 50 connections, 5 rounds of 10 s
 *   npm run bench -- --quick                        one 3 s round per target (smoke check, under 60 s)
 *   npm run bench -- --endpoint 'GET /api/products/:sku' --rounds 3 --duration 5
 *   npm run bench -- --all                          every GET route of the legacy app
 *   npm run bench -- --targets legacy,migrated --cpu-prof
 */
export const TARGETS = ['legacy', 'fallback', 'migrated', 'adapter', 'fastify-bare'] as const;
export type TargetName = (typeof TARGETS)[number];

export const DEFAULT_ENDPOINT = 'GET /api/users/:id';
/** Where the recipe writes the Fastify routes it generates from legacy-app/ (npm run generate:own-app). */
export const DEFAULT_ROUTES_MODULE = 'gateway/generated';

export interface BenchOptions {
  /** `METHOD /route/:pattern`, as in the gateway manifest. */
  endpoint: string;
  /** The concrete URL path to request; derived from the endpoint's pattern when absent. */
  path?: string;
  /** Walk every GET route of the legacy app instead of one endpoint. */
  all: boolean;
  connections: number;
  rounds: number;
  /** Seconds per measured round. */
  duration: number;
  /** Seconds of unmeasured load per target before the first round. */
  warmup: number;
  pipelining: number;
  quick: boolean;
  targets: TargetName[];
  /** Module that exports `migratedRoutes`, relative to the project root (default gateway/generated). */
  routes: string;
  /** Bearer token sent in `Authorization`; `none` sends no header. */
  token?: string;
  /** Write a V8 CPU profile of every server process (node --cpu-prof) into the results folder. */
  cpuProf: boolean;
  /** Folder for the results files, relative to the project root. */
  out: string;
  help: boolean;
}

export class UsageError extends Error {
  readonly code = 'BENCH_ERR_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run bench -- [options]

  --endpoint 'GET /api/users/:id'  route to measure (default ${DEFAULT_ENDPOINT})
  --path /api/users/1              concrete URL to request (default: the endpoint with example parameters)
  --all                            measure every GET route of the legacy app, one after the other
  --connections N                  autocannon connections (default 50)
  --rounds N                       interleaved rounds per target (default 5)
  --duration S                     seconds per round (default 10)
  --warmup S                       seconds of warm-up per target, not measured (default 5)
  --pipelining N                   requests in flight per connection (default 1)
  --quick                          one 3 s round per target, 1 s warm-up: a smoke check
  --targets a,b                    subset of ${TARGETS.join(', ')}
  --routes MODULE                  module exporting migratedRoutes (default ${DEFAULT_ROUTES_MODULE})
  --token TOKEN|none               bearer token (default: a seeded admin token)
  --cpu-prof                       write a .cpuprofile per server into <out>/profiles/
  --out benchmarks/results         where results go
`;

function positiveInt(flag: string, raw: string | undefined, min = 1): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value`);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

function positiveNumber(flag: string, raw: string | undefined, min: number): number {
  if (raw === undefined) throw new UsageError(`${flag} needs a value`);
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  return n;
}

/** `GET  /a/:b` -> `GET /a/:b`; throws a UsageError on anything else. */
export function parseEndpoint(raw: string): { method: string; route: string; key: string } {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(raw);
  if (!match) throw new UsageError(`--endpoint ${JSON.stringify(raw)}: write it as 'METHOD /path', e.g. '${DEFAULT_ENDPOINT}'`);
  const method = match[1].toUpperCase();
  return { method, route: match[2], key: `${method} ${match[2]}` };
}

export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    endpoint: DEFAULT_ENDPOINT,
    all: false,
    connections: 50,
    rounds: 5,
    duration: 10,
    warmup: 5,
    pipelining: 1,
    quick: false,
    targets: [...TARGETS],
    routes: DEFAULT_ROUTES_MODULE,
    cpuProf: false,
    out: 'benchmarks/results',
    help: false,
  };
  const explicit = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = (): string | undefined => value ?? argv[++i];
    explicit.add(arg);
    switch (arg) {
      case '--endpoint':
        options.endpoint = parseEndpoint(next() ?? '').key;
        break;
      case '--path': {
        const path = next();
        if (!path || !path.startsWith('/')) throw new UsageError('--path must start with /');
        options.path = path;
        break;
      }
      case '--all':
        options.all = true;
        break;
      case '--connections':
        options.connections = positiveInt(arg, next());
        break;
      case '--rounds':
        options.rounds = positiveInt(arg, next());
        break;
      case '--duration':
        options.duration = positiveNumber(arg, next(), 1);
        break;
      case '--warmup':
        options.warmup = positiveNumber(arg, next(), 0);
        break;
      case '--pipelining':
        options.pipelining = positiveInt(arg, next());
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--targets': {
        const list = (next() ?? '').split(',').map((t) => t.trim()).filter(Boolean);
        const unknown = list.filter((t) => !(TARGETS as readonly string[]).includes(t));
        if (list.length === 0 || unknown.length > 0) {
          throw new UsageError(`--targets: unknown ${unknown.join(', ') || '(empty list)'}; choose from ${TARGETS.join(', ')}`);
        }
        // Keep the canonical order, so rounds always interleave the same way.
        options.targets = TARGETS.filter((t) => list.includes(t));
        break;
      }
      case '--routes': {
        const routes = next();
        if (!routes) throw new UsageError('--routes needs a module path, e.g. gateway/generated');
        options.routes = routes;
        break;
      }
      case '--token': {
        const token = next();
        if (!token) throw new UsageError('--token needs a value (or "none")');
        options.token = token;
        break;
      }
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      case '--out': {
        const out = next();
        if (!out) throw new UsageError('--out needs a folder');
        options.out = out;
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option ${JSON.stringify(argv[i])}\n\n${USAGE}`);
    }
  }
  if (options.quick) {
    // One short round per target; explicit flags still win.
    if (!explicit.has('--rounds')) options.rounds = 1;
    if (!explicit.has('--duration')) options.duration = 3;
    if (!explicit.has('--warmup')) options.warmup = 1;
  }
  if (options.all && (explicit.has('--endpoint') || explicit.has('--path'))) {
    throw new UsageError('--all measures every GET route: drop --endpoint / --path');
  }
  return options;
}
