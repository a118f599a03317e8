/**
 * npm run migrate -- <paths...> [--dry] [--print] [--out <dir>] [--steps a,b] [--force]
 *                               [--fail-on-todo] [--cpus N] [--report-dir <dir>] [--by-owner]
 *
 * Runs the recipe (codemods/steps.ts, in order, one parse per file) over every .ts/.tsx/.js file
 * under <paths> on all cores, then writes migration-report.json and migration-report.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Step } from './lib/step';
import { buildReport, writeReport, type MigrationReport } from './report';
import { usesExpress } from './runner/discover';
import { runPool } from './runner/pool';
import { createProgress } from './runner/progress';
import type { FileOutcome, WorkerInit } from './runner/protocol';

export const USAGE = `Usage: npm run migrate -- <paths...> [options]

Runs the Express → Fastify recipe over every .ts/.tsx/.js/.mjs/.cjs file under <paths>.

Options:
  --dry               Change nothing on disk (the report is still written).
  --print             Print every changed file to stdout.
  --out <dir>         Write the migrated files under <dir> instead of in place, keeping the
                      folder layout; relative imports are re-aimed so they still resolve.
  --steps a,b         Run only these steps, in this order (default: all, see below).
  --force             Run even when the files to rewrite have uncommitted changes.
  --fail-on-todo      Exit with status 1 when any @fastify-migrate-todo marker remains.
  --cpus N            Worker processes (default: number of cores).
  --report-dir <dir>  Where migration-report.json/.md go (default: current directory).
  --adapter-module <path>  The Express adapter the generated code imports
                      (default: gateway/adapter; each file gets a relative import to it).
  --by-owner          Leave the working tree alone and write one git branch per owning team
                      instead (inventory/delivery.ts; with --dry, only the plan).
  --quiet             No progress output.
  --help              This text.

Exit status: 0 done, 1 markers remain with --fail-on-todo, 2 bad arguments, 3 dirty git tree.`;

export interface CliArgs {
  paths: string[];
  dry: boolean;
  print: boolean;
  out: string | null;
  steps: string[] | null;
  force: boolean;
  failOnTodo: boolean;
  cpus: number;
  reportDir: string;
  byOwner: boolean;
  quiet: boolean;
  help: boolean;
  stepsModule: string;
  adapterPath: string;
}

export class UsageError extends Error {}

const DEFAULT_STEPS_MODULE = path.join(__dirname, 'steps.ts');
/** The Express-compatible adapter the generated code imports (fromExpressHandler, fromExpressMiddleware). */
const DEFAULT_ADAPTER = path.join(__dirname, '..', 'gateway', 'adapter');

export function parseArgs(argv: readonly string[], cwd: string): CliArgs {
  const args: CliArgs = {
    paths: [], dry: false, print: false, out: null, steps: null, force: false, failOnTodo: false,
    cpus: os.cpus().length, reportDir: cwd, byOwner: false, quiet: false, help: false, stepsModule: DEFAULT_STEPS_MODULE, adapterPath: DEFAULT_ADAPTER,
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--dry': case '-d': args.dry = true; break;
      case '--print': case '-p': args.print = true; break;
      case '--force': args.force = true; break;
      case '--fail-on-todo': args.failOnTodo = true; break;
      case '--by-owner': args.byOwner = true; break;
      case '--quiet': args.quiet = true; break;
      case '--help': case '-h': args.help = true; break;
      case '--out': args.out = path.resolve(cwd, value()); break;
      case '--report-dir': args.reportDir = path.resolve(cwd, value()); break;
      case '--steps-module': args.stepsModule = path.resolve(cwd, value()); break;
      case '--adapter-module': args.adapterPath = path.resolve(cwd, value()); break;
      case '--steps': {
        const names = value().split(',').map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new UsageError('--steps needs at least one step name');
        args.steps = names;
        break;
      }
      case '--cpus': {
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--cpus must be a whole number of 1 or more, got "${raw}"`);
        args.cpus = n;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        args.paths.push(path.resolve(cwd, argv[i]));
    }
  }
  if (!args.help && args.paths.length === 0) throw new UsageError('give at least one file or folder to migrate');
  for (const p of args.paths) if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  if (args.out && args.paths.some((p) => path.resolve(p) === args.out)) throw new UsageError('--out must differ from the input folder');
  return args;
}

const SOURCE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;

/** Every source file under the given paths, skipping node_modules, dot folders, .d.ts and `skip`. */
export function collectFiles(paths: readonly string[], skip: string | null): string[] {
  const found = new Set<string>();
  const visit = (p: string) => {
    if (skip && (p === skip || p.startsWith(skip + path.sep))) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) {
        if (entry === 'node_modules' || entry.startsWith('.')) continue;
        visit(path.join(p, entry));
      }
    } else if (SOURCE.test(p) && !p.endsWith('.d.ts')) {
      found.add(p);
    }
  };
  for (const p of paths) visit(p);
  return [...found].sort();
}

function commonDir(paths: readonly string[]): string {
  const dirs = paths.map((p) => (statSync(p).isDirectory() ? p : path.dirname(p)));
  let common = dirs[0].split(path.sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}

/** Uncommitted changes under `paths` (null: not a git work tree). */
export function dirtyFiles(paths: readonly string[]): string[] | null {
  const existing = paths.filter((p) => existsSync(p));
  if (existing.length === 0) return [];
  const dir = statSync(existing[0]).isDirectory() ? existing[0] : path.dirname(existing[0]);
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, stdio: 'pipe' });
  } catch {
    return null;
  }
  const out = execFileSync('git', ['status', '--porcelain', '--', ...existing], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return out.split('\n').filter(Boolean);
}

function loadStepNames(stepsModule: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(stepsModule) as { steps?: readonly Step[] };
  return (mod.steps ?? []).map((s) => s.name);
}

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
}

export interface RunResult {
  code: number;
  report: MigrationReport | null;
  outcomes: FileOutcome[];
}

export async function run(argv: readonly string[], io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<RunResult> {
  let args: CliArgs;
  try {
    args = parseArgs(argv, io.cwd);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`migrate: ${err.message}\n\n${USAGE}\n`);
    return { code: 2, report: null, outcomes: [] };
  }
  const available = loadStepNames(args.stepsModule);
  if (args.help) {
    io.stdout.write(`${USAGE}\n\nSteps, in order: ${available.join(', ') || '(none yet)'}\n`);
    return { code: 0, report: null, outcomes: [] };
  }
  if (args.steps) {
    const unknown = args.steps.filter((s) => !available.includes(s));
    if (unknown.length > 0) {
      io.stderr.write(`migrate: unknown step${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; available: ${available.join(', ') || '(none)'}\n`);
      return { code: 2, report: null, outcomes: [] };
    }
  }

  if (args.byOwner && !args.dry) {
    io.stderr.write('migrate: --by-owner: the working tree is left as it is; the changes go to one branch per team\n');
  }
  const writes = !args.dry && !args.byOwner;
  if (writes && !args.force) {
    const dirty = dirtyFiles(args.out ? [...args.paths, args.out] : args.paths);
    if (dirty === null) {
      io.stderr.write('migrate: not a git work tree; going on without the clean-tree check\n');
    } else if (dirty.length > 0) {
      io.stderr.write(
        `migrate: refusing to rewrite files with uncommitted changes (commit or stash them, or pass --force; --dry is always allowed):\n` +
          dirty.slice(0, 10).map((l) => `  ${l}\n`).join('') +
          (dirty.length > 10 ? `  ... and ${dirty.length - 10} more\n` : ''),
      );
      return { code: 3, report: null, outcomes: [] };
    }
  }

  const started = Date.now();
  const files = collectFiles(args.paths, args.out);
  const sizes = new Map<string, number>();
  for (const f of files) sizes.set(f, statSync(f).size);

  // The files this run migrates. Their middleware is a Fastify hook afterwards, so the steps use it
  // natively rather than through the adapter (step option migratedModules).
  const migrated = files.filter((f) => usesExpress(readFileSync(f, 'utf8')));
  let outLayout: WorkerInit['outLayout'] = null;
  if (args.out) {
    const baseDir = commonDir(args.paths);
    outLayout = { baseDir, outDir: args.out, migrated };
  }
  const stepNames = args.steps ?? available;
  const init: WorkerInit = {
    stepsModule: args.stepsModule,
    stepNames: args.steps,
    dry: !writes,
    print: args.print,
    stepOptions: { migratedModules: migrated },
    outLayout,
    adapterPath: args.adapterPath,
  };

  const cpus = Math.max(1, Math.min(args.cpus, files.length));
  if (!args.quiet) io.stderr.write(`migrate: ${files.length} files, ${cpus} worker${cpus > 1 ? 's' : ''}, steps: ${stepNames.join(', ') || '(none)'}${args.dry ? ' (dry run)' : ''}\n`);
  const progress = createProgress(files.length, io.stderr, args.quiet);
  const { outcomes, workerCpuMs } = await runPool(files, sizes, {
    cpus,
    init,
    onOutcome(outcome) {
      progress.tick(outcome.lines);
      if (outcome.error) io.stderr.write(`${!args.quiet && io.stderr.isTTY ? '\n' : ''}migrate: skipped ${path.relative(io.cwd, outcome.file)}: ${outcome.error.split('\n')[0]}\n`);
      if (outcome.output !== null) io.stdout.write(`// ==== ${path.relative(io.cwd, outcome.file)} ====\n${outcome.output}\n`);
    },
  });
  progress.done();
  const wallMs = Date.now() - started;

  const report = buildReport(outcomes, { cwd: io.cwd, dry: !writes, out: args.out, steps: stepNames, wallMs, workerCpuMs, workers: cpus });
  const written = writeReport(report, args.reportDir);
  const t = report.totals;
  io.stderr.write(
    `migrate: ${t.files} files, ${t.lines.toLocaleString('en-US')} lines in ${(wallMs / 1000).toFixed(1)} s ` +
      `(${Math.round(t.lines / Math.max(wallMs / 1000, 0.001)).toLocaleString('en-US')} lines/s; workers used ${(workerCpuMs / 1000).toFixed(1)} CPU s): ` +
      `${t.changed} ${writes ? 'changed' : 'would change'}, ${t.skipped} skipped, ${t.failed} failed\n` +
      `migrate: routes: ${t.native} native (${t.nativePct}%), ${t.adapter} adapter (${t.adapterPct}%), ${t.todo} for a person (${t.todoPct}%); ${t.markers} markers\n` +
      `migrate: report: ${path.relative(io.cwd, written.md) || written.md}, ${path.relative(io.cwd, written.json) || written.json}\n`,
  );

  if (args.byOwner) {
    const code = await byOwner(args, io);
    if (code !== 0) return { code, report, outcomes };
  }

  const code = args.failOnTodo && t.markers > 0 ? 1 : 0;
  if (code === 1) io.stderr.write(`migrate: --fail-on-todo: ${t.markers} @fastify-migrate-todo marker${t.markers > 1 ? 's' : ''} remain\n`);
  return { code, report, outcomes };
}

/**
 * --by-owner: inventory/delivery.ts migrates each file from its committed version and writes one git
 * branch per owning team (plus a pull-request description each), without touching the working tree.
 * Absent until that module lands.
 */
async function byOwner(args: CliArgs, io: Io): Promise<number> {
  const modulePath = path.join(__dirname, '..', 'inventory', 'delivery.ts');
  if (!existsSync(modulePath)) {
    io.stderr.write('migrate: --by-owner is not available yet (inventory/delivery.ts does not exist)\n');
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, unknown>;
  const fn = [mod.deliverByOwner, mod.byOwner, mod.default].find((f) => typeof f === 'function') as ((input: unknown) => unknown) | undefined;
  if (!fn) {
    io.stderr.write(`migrate: --by-owner: inventory/delivery.ts exports no deliverByOwner function (exports: ${Object.keys(mod).join(', ')})\n`);
    return 2;
  }
  await fn({ files: args.paths, cwd: io.cwd, dry: args.dry, force: args.force, log: (line: string) => io.stderr.write(`${line}\n`) });
  return 0;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (r) => process.exit(r.code),
    (err) => {
      process.stderr.write(`migrate: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
