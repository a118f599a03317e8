/**
 * For behaviour tests that run an app's modules as written on Express and, after the whole recipe,
 * on Fastify: write the files, migrate them as `npm run migrate -- --out` would (one run, the
 * adapter imported from gateway/adapter). Servers: test/support/http.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { migrateSource, type MigrateResult } from '../recipe';
import { outPathFor, specifierFrom, type OutLayout } from '../runner/imports';
import { steps } from '../steps';

const ADAPTER = path.join(__dirname, '..', '..', 'gateway', 'adapter');

export interface MigratedApp {
  /** The files as written, under `legacyDir`, and their twins under `outDir`. */
  legacyDir: string;
  outDir: string;
  /** Output and recipe result per file (relative path). */
  outputs: Map<string, string>;
  results: Map<string, MigrateResult>;
  /** Removes both folders. */
  remove(): void;
}

/**
 * Writes `files` (relative path → text) into a temporary folder inside the project (so that they
 * resolve 'express', 'fastify' and the adapter) and migrates `migrate` of them (default: all), with
 * `migratedModules` set to those files unless `migratedModules: false`.
 */
export function migrateApp(
  name: string,
  files: Record<string, string>,
  options: { migrate?: string[]; migratedModules?: boolean } = {},
): MigratedApp {
  const dir = mkdtempSync(path.join(__dirname, `.${name}-`));
  const legacyDir = path.join(dir, 'legacy');
  const outDir = path.join(dir, 'out');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(legacyDir, file)), { recursive: true });
    writeFileSync(path.join(legacyDir, file), text.trimStart());
  }
  const migrated = new Set((options.migrate ?? Object.keys(files)).map((f) => path.join(legacyDir, f)));
  const layout: OutLayout = { baseDir: legacyDir, outDir, migrated };
  const outputs = new Map<string, string>();
  const results = new Map<string, MigrateResult>();
  for (const file of migrated) {
    const outFile = outPathFor(layout, file);
    const relFile = path.relative(legacyDir, file);
    const result = migrateSource(files[relFile].trimStart(), file, {
      steps,
      stepOptions: { adapterModule: specifierFrom(outFile, ADAPTER), ...(options.migratedModules === false ? {} : { migratedModules: [...migrated] }) },
      outLayout: layout,
    });
    if (result.error) throw new Error(`${relFile}: ${result.error}`);
    mkdirSync(path.dirname(outFile), { recursive: true });
    writeFileSync(outFile, result.output);
    outputs.set(relFile, result.output);
    results.set(relFile, result);
  }
  return { legacyDir, outDir, outputs, results, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
