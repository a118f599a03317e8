/**
 * Where the recipe's time goes, per step, on one core: parses N route files of the generated
 * corpus, runs every step on the same tree (as the recipe does), prints, and sums the time of each.
 *
 *   npx tsx benchmarks/codemods/profile-steps.ts [corpus-dir] [N=10]
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx benchmarks/codemods/profile-steps.ts   (V8 profile)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jscodeshift from 'jscodeshift';
import { FileReport, parserFor } from '../../codemods/lib/step';
import { installFastFind } from '../../codemods/runner/fast-find';
import { steps } from '../../codemods/steps';

// As the recipe does (MIGRATE_FAST_FIND=0 to compare with jscodeshift's own find).
installFastFind();

const dir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', 'generated-corpus'), 'src', 'routes');
const count = Number(process.argv[3] ?? 10);
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.routes.ts'))
  .sort()
  .slice(0, count)
  .map((f) => path.join(dir, f));

const cpuStart = process.cpuUsage();
const totals = new Map<string, number>();
const add = (k: string, ms: number) => totals.set(k, (totals.get(k) ?? 0) + ms);
let lines = 0;
for (const file of files) {
  const source = readFileSync(file, 'utf8');
  lines += source.split('\n').length;
  let t = performance.now();
  const j = jscodeshift.withParser(parserFor(file));
  const root = j(source);
  add('(parse)', performance.now() - t);
  for (const step of steps) {
    t = performance.now();
    step.run({ j, root, file: { path: file, source }, report: new FileReport(file), options: { stepName: step.name } });
    add(step.name, performance.now() - t);
  }
  t = performance.now();
  root.toSource({ quote: 'single' });
  add('(print)', performance.now() - t);
}
const all = [...totals.values()].reduce((a, b) => a + b, 0);
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${files.length} files, ${lines} lines, ${(all / 1000).toFixed(2)} s wall on one core (${Math.round(lines / (all / 1000))} lines/s), ` +
    `${cpuSeconds.toFixed(2)} CPU s (${Math.round(lines / cpuSeconds)} lines per CPU-second)\n`,
);
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`${String(Math.round(ms)).padStart(7)} ms ${((ms / all) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
}
