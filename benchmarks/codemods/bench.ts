/**
 * npm run bench:codemods [-- --files 400 --cpus 2 --reuse]
 *
 * Generates a corpus the size of a large real app (400 route files, ~350,000 lines; see
 * generate-corpus.ts) under generated-corpus/ (gitignored), runs the whole recipe over it with
 * `npm run migrate -- --dry` in a separate process (as a user would), and prints files, lines,
 * wall time and lines per second. Results go to benchmarks/results/codemods.json and .md as
 * `{ name, date, machine, results }`. The goal on a 2-core machine: under 60 s.
 *
 * Where the time goes, per step: `npx tsx benchmarks/codemods/profile-steps.ts` (add
 * `node --cpu-prof --import tsx` for a V8 profile).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MigrationReport } from '../../codemods/report';
import { generateCorpus, type CorpusStats } from './generate-corpus';

const ROOT = path.resolve(__dirname, '..', '..');
const TARGET_SECONDS = 60;

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

function countCorpus(dir: string): CorpusStats | null {
  const statsFile = path.join(dir, 'corpus-stats.json');
  return existsSync(statsFile) ? (JSON.parse(readFileSync(statsFile, 'utf8')) as CorpusStats) : null;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const files = Number(flag(argv, '--files') ?? 400);
  const cpus = flag(argv, '--cpus');
  const dir = path.resolve(flag(argv, '--dir') ?? path.join(ROOT, 'generated-corpus'));

  let corpus = argv.includes('--reuse') ? countCorpus(dir) : null;
  if (!corpus || corpus.routeFiles !== files) {
    const started = performance.now();
    corpus = generateCorpus({ dir, files });
    writeFileSync(path.join(dir, 'corpus-stats.json'), JSON.stringify(corpus, null, 2) + '\n');
    process.stderr.write(
      `bench: generated ${corpus.routeFiles} route files + ${corpus.otherFiles} others, ${corpus.lines.toLocaleString('en-US')} lines ` +
        `(${corpus.routeLines.toLocaleString('en-US')} in route files, ${corpus.routes} routes) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }

  const reportDir = mkdtempSync(path.join(os.tmpdir(), 'bench-codemods-'));
  const args = [
    '--import', pathToFileURL(require.resolve('tsx')).href,
    path.join(ROOT, 'codemods', 'cli.ts'),
    path.join(dir, 'src'),
    '--dry',
    '--report-dir', reportDir,
    ...(cpus ? ['--cpus', cpus] : []),
  ];
  const load = os.loadavg()[0];
  const started = performance.now();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`migrate exited with ${code}`);
  const report = JSON.parse(readFileSync(path.join(reportDir, 'migration-report.json'), 'utf8')) as MigrationReport;
  rmSync(reportDir, { recursive: true, force: true });

  const t = report.totals;
  const results = {
    corpus: { routeFiles: corpus.routeFiles, otherFiles: corpus.otherFiles, lines: corpus.lines, routeLines: corpus.routeLines, routes: corpus.routes },
    workers: Number(cpus ?? os.cpus().length),
    steps: report.steps.length,
    files: t.files,
    lines: t.lines,
    parsedFiles: t.parsed,
    changedFiles: t.changed,
    skippedFiles: t.skipped,
    failedFiles: t.failed,
    routes: { total: t.routes, native: t.native, adapter: t.adapter, todo: t.todo },
    markers: t.markers,
    /** Whole process: start of `migrate` to its exit (tsx start-up, workers, report). */
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    /** The CLI's own measure: file listing to report. */
    recipeSeconds: Math.round(report.wallMs / 10) / 100,
    linesPerSecond: Math.round(t.lines / wallSeconds),
    /** CPU time of the workers together: on a shared machine, wall time says more about the neighbours. */
    workerCpuSeconds: Math.round(report.workerCpuMs / 10) / 100,
    linesPerCpuSecond: Math.round(t.lines / Math.max(report.workerCpuMs / 1000, 0.001)),
    /** What the wall time would be with every worker on a core of its own: worker CPU / workers, plus the run's start-up and report. */
    idleMachineEstimateSeconds: Math.round((report.workerCpuMs / 1000 / report.workers + Math.max(0, wallSeconds - report.wallMs / 1000)) * 10) / 10,
    filesPerSecond: Math.round((t.files / wallSeconds) * 10) / 10,
    targetSeconds: TARGET_SECONDS,
    underTarget: wallSeconds < TARGET_SECONDS,
    loadAverageAtStart: Math.round(load * 100) / 100,
  };
  const cpuList = os.cpus();
  const out = {
    name: 'codemods: whole recipe over a generated 400-route-file app (--dry)',
    date: new Date().toISOString(),
    machine: { cpus: cpuList.length, model: cpuList[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    results,
  };

  const resultsDir = path.join(ROOT, 'benchmarks', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'codemods.json'), JSON.stringify(out, null, 2) + '\n');
  const md = [
    `# ${out.name}`,
    '',
    `${out.date}, ${out.machine.cpus} × ${out.machine.model}, Node ${out.machine.node}, load average ${results.loadAverageAtStart} at start.`,
    '',
    '| | |',
    '|---|---:|',
    `| files (route files) | ${results.files} (${corpus.routeFiles}) |`,
    `| lines | ${results.lines.toLocaleString('en-US')} |`,
    `| steps | ${results.steps} |`,
    `| workers | ${results.workers} |`,
    `| wall time | **${results.wallSeconds} s** (target < ${TARGET_SECONDS} s: ${results.underTarget ? 'met' : 'NOT met'}) |`,
    `| lines/s | **${results.linesPerSecond.toLocaleString('en-US')}** |`,
    `| workers' CPU time | ${results.workerCpuSeconds} s (${results.linesPerCpuSecond.toLocaleString('en-US')} lines per CPU-second) |`,
    `| estimate with a core per worker (CPU / workers + start-up) | ${results.idleMachineEstimateSeconds} s |`,
    `| files/s | ${results.filesPerSecond} |`,
    `| files parsed / would change / skipped / failed | ${t.parsed} / ${t.changed} / ${t.skipped} / ${t.failed} |`,
    `| routes native / adapter / todo | ${t.native} / ${t.adapter} / ${t.todo} |`,
    `| markers | ${t.markers} |`,
    '',
  ].join('\n');
  writeFileSync(path.join(resultsDir, 'codemods.md'), md);

  process.stdout.write(
    `\nbench:codemods: ${results.files} files, ${results.lines.toLocaleString('en-US')} lines, ${results.steps} steps, ${results.workers} workers\n` +
      `bench:codemods: wall ${results.wallSeconds} s, ${results.linesPerSecond.toLocaleString('en-US')} lines/s, ${results.filesPerSecond} files/s ` +
      `(target < ${TARGET_SECONDS} s: ${results.underTarget ? 'met' : 'NOT met'})\n` +
      `bench:codemods: workers used ${results.workerCpuSeconds} CPU s (${results.linesPerCpuSecond.toLocaleString('en-US')} lines per CPU-second); ` +
      `load average ${results.loadAverageAtStart} at start\n` +
      `bench:codemods: results in benchmarks/results/codemods.json and codemods.md\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`bench:codemods: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
