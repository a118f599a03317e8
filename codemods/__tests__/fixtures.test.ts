/**
 * One spec for every step's fixtures: `__testfixtures__/<step>/<case>.input.<ext>` and
 * `<case>.output.<ext>` (ext: js, ts, mjs, cjs, tsx), run through `codemods/<step>.ts`'s default
 * export exactly as `jscodeshift -t codemods/<step>.ts` would run it. Adding a case is adding two
 * files. For every case:
 *   - the input transforms to the expected output;
 *   - the expected output, run through the step again, comes back unchanged (idempotency);
 *   - the expected output parses (with the parser its extension selects).
 * A step folder needs at least 4 cases.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import jscodeshift from 'jscodeshift';
import type { API, Transform } from 'jscodeshift';
import { parserFor } from '../lib/step';

const FIXTURES = resolve(__dirname, '../../__testfixtures__');
const CODEMODS = resolve(__dirname, '..');
const INPUT = /^(.+)\.input\.(js|ts|mjs|cjs|tsx)$/;

function run(transform: Transform, path: string, source: string): string {
  const reports: string[] = [];
  const api: API = {
    j: jscodeshift,
    jscodeshift,
    stats: () => undefined,
    report: (msg: string) => void reports.push(msg),
  };
  const out = transform({ path, source }, api, {});
  if (out && typeof (out as Promise<unknown>).then === 'function') throw new Error('async transforms are not supported by the step contract');
  return typeof out === 'string' ? out : source;
}

const steps = existsSync(FIXTURES)
  ? readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

describe.each(steps)('%s', (step) => {
  const dir = join(FIXTURES, step);
  const cases = readdirSync(dir)
    .map((f) => INPUT.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], ext: m[2] }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const stepFile = join(CODEMODS, `${step}.ts`);

  it('has a step file and at least 4 cases', () => {
    expect(existsSync(stepFile)).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  if (!existsSync(stepFile)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(stepFile);
  const transform: Transform = mod.default ?? mod;

  describe.each(cases)('$name.$ext', ({ name, ext }) => {
    const inputPath = join(dir, `${name}.input.${ext}`);
    const outputPath = join(dir, `${name}.output.${ext}`);
    const input = readFileSync(inputPath, 'utf8');
    const expected = existsSync(outputPath) ? readFileSync(outputPath, 'utf8') : undefined;

    it('transforms the input into the expected output', () => {
      expect(expected).toBeDefined();
      expect(run(transform, inputPath, input).trim()).toBe(expected!.trim());
    });

    it('leaves the expected output unchanged (idempotent)', () => {
      expect(run(transform, outputPath, expected!).trim()).toBe(expected!.trim());
    });

    it('expected output parses', () => {
      expect(() => jscodeshift.withParser(parserFor(outputPath))(expected!)).not.toThrow();
    });
  });
});
