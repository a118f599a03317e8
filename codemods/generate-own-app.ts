/**
 * npm run generate:own-app [-- --out <dir>]
 *
 * Runs the recipe over legacy-app/ and writes what the gateway serves: every Express-using file's
 * migrated twin under gateway/generated/ (same layout, relative imports re-aimed at the twins or back
 * at legacy-app/, the adapter imported from gateway/adapter), plus gateway/generated/index.ts, the
 * `MigratedRoutes` entry written by emit-gateway-entry.ts from legacy-app/app.ts. The output folder
 * is emptied first, so a file the recipe no longer writes disappears. Nothing here is edited by
 * hand: test/generated/regenerate.test.ts regenerates and fails when the committed files differ.
 *
 * The files are migrated in this process with `migrateSource` (the recipe the CLI's workers run),
 * because the adapter's import must be aimed per file (`adapterModule`), which the CLI cannot do yet.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { collectFiles } from './cli';
import { emitGatewayEntry } from './emit-gateway-entry';
import { migrateSource } from './recipe';
import { usesExpress } from './runner/discover';
import { outPathFor, specifierFrom, type OutLayout } from './runner/imports';
import { steps } from './steps';

const ROOT = path.resolve(__dirname, '..');
export const LEGACY_DIR = path.join(ROOT, 'legacy-app');
export const DEFAULT_OUT = path.join(ROOT, 'gateway', 'generated');
const ADAPTER = path.join(ROOT, 'gateway', 'adapter');
const TYPES = path.join(ROOT, 'gateway', 'types');
const COMPAT = path.join(ROOT, 'gateway', 'express-compat');

export interface GenerateResult {
  /** Written files, relative to the output folder, sorted. */
  files: string[];
  /** Failures per input file (the file is then not written). */
  errors: string[];
}

export function generateOwnApp(outDir: string = DEFAULT_OUT, legacyDir: string = LEGACY_DIR): GenerateResult {
  const inputs = collectFiles([legacyDir], null);
  const sources = new Map(inputs.map((f) => [f, readFileSync(f, 'utf8')]));
  const migrated = new Set(inputs.filter((f) => usesExpress(sources.get(f)!)));
  const layout: OutLayout = { baseDir: legacyDir, outDir, migrated };
  rmSync(outDir, { recursive: true, force: true });
  const files: string[] = [];
  const errors: string[] = [];
  let appFile: string | null = null;
  for (const file of [...migrated].sort()) {
    const outFile = outPathFor(layout, file);
    const result = migrateSource(sources.get(file)!, file, {
      steps,
      // migratedModules: this run turns their middleware into Fastify hooks, so they are used natively.
      stepOptions: { adapterModule: specifierFrom(outFile, ADAPTER), migratedModules: [...migrated] },
      outLayout: layout,
    });
    if (result.error) {
      errors.push(`${path.relative(ROOT, file)}: ${result.error.split('\n')[0]}`);
      continue;
    }
    if (result.facts?.isApp) appFile = file;
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, result.output);
    files.push(path.relative(outDir, outFile));
  }
  if (!appFile) throw new Error(`no file under ${legacyDir} calls express()`);
  const entry = emitGatewayEntry({ appFile, baseDir: legacyDir, outDir, migrated, typesModule: TYPES, compatModule: COMPAT });
  const entryFile = path.join(outDir, 'index.ts');
  if (migrated.has(path.join(legacyDir, 'index.ts'))) throw new Error('legacy-app/index.ts would be overwritten by the gateway entry');
  writeFileSync(entryFile, entry.source);
  files.push('index.ts');
  return { files: files.sort(), errors };
}

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? path.resolve(process.argv[i + 1]) : DEFAULT_OUT;
  const { files, errors } = generateOwnApp(outDir);
  process.stderr.write(`generate:own-app: ${files.length} files in ${path.relative(process.cwd(), outDir) || outDir}\n`);
  for (const e of errors) process.stderr.write(`generate:own-app: not written: ${e}\n`);
  process.exit(errors.length ? 1 : 0);
}
