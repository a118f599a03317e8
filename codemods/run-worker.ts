/**
 * One worker process of `npm run migrate`: receives file paths over IPC, runs the recipe on each
 * (`migrateSource`), writes the result (in place, or beside the legacy code with --out) and sends
 * back what the report needs. Forked by codemods/runner/pool.ts with tsx's loader.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Step } from './lib/step';
import { countMarkers, migrateSource } from './recipe';
import { outPathFor, specifierFrom, type OutLayout } from './runner/imports';
import type { FileOutcome, ToWorker, FromWorker, WorkerInit } from './runner/protocol';

let steps: readonly Step[] = [];
let init: WorkerInit | null = null;
let layout: OutLayout | undefined;

function loadSteps(message: WorkerInit): readonly Step[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(message.stepsModule) as { steps?: readonly Step[]; default?: readonly Step[] };
  const all = mod.steps ?? mod.default ?? [];
  if (!message.stepNames) return all;
  return message.stepNames.map((name) => {
    const step = all.find((s) => s.name === name);
    if (!step) throw new Error(`unknown step ${name}`);
    return step;
  });
}

export function processFile(file: string, message: WorkerInit, stepList: readonly Step[], outLayout?: OutLayout): FileOutcome {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    return emptyOutcome(file, 0, `cannot read: ${(err as Error).message}`);
  }
  const lines = source.length === 0 ? 0 : source.split('\n').length;
  const twin = outLayout && outLayout.migrated.has(file) ? outPathFor(outLayout, file) : file;
  const stepOptions = message.adapterPath ? { ...message.stepOptions, adapterModule: specifierFrom(twin, message.adapterPath) } : message.stepOptions;
  const result = migrateSource(source, file, {
    steps: stepList,
    stepOptions,
    outLayout: outLayout && outLayout.migrated.has(file) ? outLayout : undefined,
  });
  let writtenTo: string | null = null;
  if (!message.dry && !result.error) {
    if (outLayout) {
      if (outLayout.migrated.has(file)) {
        writtenTo = outPathFor(outLayout, file);
        mkdirSync(path.dirname(writtenTo), { recursive: true });
        writeFileSync(writtenTo, result.output);
      }
    } else if (result.changed) {
      writeFileSync(file, result.output);
      writtenTo = file;
    }
  }
  return {
    file,
    lines,
    parsed: result.parsed,
    changed: result.changed,
    error: result.error ?? null,
    ranSteps: result.ranSteps,
    changedBy: result.changedBy,
    routes: result.routes,
    todos: result.report.todos,
    notes: result.report.notes,
    exports: result.report.exports,
    isApp: result.facts?.isApp ?? false,
    mounts: result.facts?.mounts ?? [],
    guardedMounts: result.report.mounts,
    markers: result.error ? countMarkers(source) : countMarkers(result.output),
    writtenTo,
    output: message.print && result.changed ? result.output : null,
  };
}

export function emptyOutcome(file: string, lines: number, error: string): FileOutcome {
  return {
    file, lines, parsed: false, changed: false, error, ranSteps: [], changedBy: [], routes: [], todos: [],
    notes: [error], exports: [], isApp: false, mounts: [], markers: 0, writtenTo: null, output: null,
  };
}

function send(message: FromWorker): void {
  process.send!(message);
}

if (require.main === module && typeof process.send === 'function') {
  process.on('message', (message: ToWorker) => {
    if (message.type === 'init') {
      init = message.init;
      try {
        steps = loadSteps(init);
        layout = init.outLayout
          ? { baseDir: init.outLayout.baseDir, outDir: init.outLayout.outDir, migrated: new Set(init.outLayout.migrated) }
          : undefined;
        send({ type: 'ready' });
      } catch (err) {
        send({ type: 'fatal', message: (err as Error).stack ?? String(err) });
      }
      return;
    }
    if (message.type === 'file' && init) {
      let outcome: FileOutcome;
      try {
        outcome = processFile(message.file, init, steps, layout);
      } catch (err) {
        outcome = emptyOutcome(message.file, 0, `failed: ${(err as Error).message}`);
      }
      send({ type: 'result', id: message.id, outcome });
    }
    if (message.type === 'exit') {
      const cpu = process.cpuUsage();
      process.send!({ type: 'stats', cpuMicros: cpu.user + cpu.system } satisfies FromWorker, () => process.exit(0));
    }
  });
}
