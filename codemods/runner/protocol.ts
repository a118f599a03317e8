/** Messages between the CLI's pool and its worker processes (codemods/run-worker.ts). */
import type { Options } from 'jscodeshift';
import type { ExportRecord, MountRecord, TodoRecord } from '../lib/step';
import type { FileRoute } from '../recipe';
import type { MountFact } from './discover';

export interface WorkerInit {
  /** Absolute path of a module exporting `steps: Step[]` (codemods/steps.ts by default). */
  stepsModule: string;
  /** Steps to run, in this order; null: all of them. */
  stepNames: string[] | null;
  dry: boolean;
  print: boolean;
  stepOptions: Options;
  outLayout: { baseDir: string; outDir: string; migrated: string[] } | null;
  /** Absolute path of the Express adapter module; each file gets `adapterModule` relative to where it is written. */
  adapterPath: string | null;
}

/** What one file came to: everything the report needs, and the output only with --print. */
export interface FileOutcome {
  file: string;
  lines: number;
  parsed: boolean;
  changed: boolean;
  error: string | null;
  ranSteps: string[];
  changedBy: string[];
  routes: FileRoute[];
  todos: TodoRecord[];
  notes: string[];
  /** Exported handlers put behind the adapter or left for a person; routes in other files that use them inherit that. */
  exports: ExportRecord[];
  isApp: boolean;
  mounts: MountFact[];
  /** Mounts with middleware in front of the router, as the steps carried it over (by the `use` call's line). */
  guardedMounts?: MountRecord[];
  /** Markers left in the file as written (or as it stands, when it was skipped). */
  markers: number;
  writtenTo: string | null;
  output: string | null;
}

export type ToWorker =
  | { type: 'init'; init: WorkerInit }
  | { type: 'file'; id: number; file: string }
  | { type: 'exit' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'result'; id: number; outcome: FileOutcome }
  /** Sent before exiting: the worker's CPU time (user + system), in microseconds. */
  | { type: 'stats'; cpuMicros: number };
