/**
 * The contract every codemod step follows.
 *
 * A step works on an already-parsed tree so that the recipe can parse a file once, run every step
 * on the same tree and print once (re-parsing per step is too slow for a 350k-line app). The same
 * step is also a standalone jscodeshift transform through `toTransform(step)`, which is what each
 * `codemods/<step>.ts` exports by default.
 */
import type { API, Collection, FileInfo, JSCodeshift, Options, Transform } from 'jscodeshift';

/** The one greppable marker form left where a person must look. */
export const TODO_MARKER = '@fastify-migrate-todo';

export type RouteOutcome = 'native' | 'adapter' | 'todo';

/** How far a route is from native: a route takes the worst outcome of the parts it is made of. */
export const OUTCOME_SEVERITY: Record<RouteOutcome, number> = { native: 0, adapter: 1, todo: 2 };

export function worstOutcome(a: RouteOutcome, b: RouteOutcome): RouteOutcome {
  return OUTCOME_SEVERITY[a] >= OUTCOME_SEVERITY[b] ? a : b;
}

export interface RouteRecord {
  method: string;
  /** Path as written in the file (the mount prefix is added by the recipe, which knows it). */
  path: string;
  file: string;
  line: number;
  outcome: RouteOutcome;
  reasons: string[];
}

/** An exported handler the file's own routes do not register (a controller's): what became of it. */
export interface ExportRecord {
  /** Exported name; 'default' for the default export / `module.exports = fn`. */
  name: string;
  line: number;
  outcome: Exclude<RouteOutcome, 'native'>;
  reasons: string[];
}

/**
 * A router mounted with middleware in front (`use('/admin', requireAuth, adminRouter)`), by the line
 * of the `use` call: what became of that middleware. The report gives the routes under the mount
 * the worse of their own outcome and this one.
 */
export interface MountRecord {
  line: number;
  prefix: string;
  /** native: the middleware runs as Fastify hooks; adapter: some of it through the adapter; todo: not carried over (a marker says how). */
  outcome: RouteOutcome;
  reasons: string[];
}

export interface TodoRecord {
  step: string;
  file: string;
  line: number;
  message: string;
}

/** Collects what the steps did to one file; the recipe merges these into migration-report.*. */
export class FileReport {
  readonly routes: RouteRecord[] = [];
  readonly todos: TodoRecord[] = [];
  readonly notes: string[] = [];
  /** Exported handlers put behind the adapter (or left with a marker): routes elsewhere that use them inherit the outcome. */
  readonly exports: ExportRecord[] = [];
  /** Mounts with middleware in front of the router, and what became of it. */
  readonly mounts: MountRecord[] = [];
  constructor(readonly file: string) {}

  mount(record: MountRecord): void {
    this.mounts.push(record);
  }

  exportedHandler(record: ExportRecord): void {
    this.exports.push(record);
  }

  route(record: Omit<RouteRecord, 'file'>): void {
    this.routes.push({ ...record, file: this.file });
  }

  todo(step: string, line: number, message: string): void {
    this.todos.push({ step, file: this.file, line, message });
  }

  note(message: string): void {
    this.notes.push(message);
  }
}

export interface StepContext {
  j: JSCodeshift;
  root: Collection;
  file: FileInfo;
  report: FileReport;
  options: Options;
}

export interface Step {
  /** Same as the file name in codemods/, e.g. 'next-error-to-throw'. */
  name: string;
  /** Cheap text test run before parsing; a file it rejects is not parsed at all. */
  mightApply?(source: string): boolean;
  /** Mutates ctx.root in place; returns true when it changed anything. */
  run(ctx: StepContext): boolean;
}

/**
 * Leaves `/* @fastify-migrate-todo: <message> *\/` before the statement that holds `path`, once:
 * a second run (or a second step) never adds the same marker twice. Also records it in the report.
 * Returns true when it added the comment (the tree changed), false when the marker was already there.
 */
export function addTodo(ctx: StepContext, path: { node: any; parent?: any }, message: string): boolean {
  // Walk up to the enclosing statement so the comment lands on its own line.
  let target: any = path;
  while (target.parent && !/Statement|Declaration$/.test(target.node.type)) target = target.parent;
  // `export const x = ...`: on the export, not between `export` and `const`.
  if (target.parent && /^Export(Named|Default)Declaration$/.test(target.parent.node.type)) target = target.parent;
  const node = target.node;
  const text = ` ${TODO_MARKER}: ${message} `;
  const comments: any[] = (node.comments ??= []);
  const line = node.loc?.start.line ?? path.node.loc?.start.line ?? 0;
  ctx.report.todo(ctxStepName(ctx), line, message);
  if (comments.some((c) => typeof c.value === 'string' && c.value.includes(`${TODO_MARKER}: ${message}`))) return false;
  comments.push({ type: 'CommentBlock', value: text, leading: true, trailing: false });
  return true;
}

/** The name of the step currently running, set by the runner in ctx.options.stepName. */
function ctxStepName(ctx: StepContext): string {
  return typeof ctx.options.stepName === 'string' ? ctx.options.stepName : 'unknown-step';
}

/** Parser from the file's extension: `.ts` gets `ts`, `.tsx` gets `tsx`, JS files get `tsx` too (JSX and Flow-free TS syntax both parse). */
export function parserFor(filePath: string): 'ts' | 'tsx' {
  return /\.ts$|\.mts$|\.cts$/.test(filePath) && !filePath.endsWith('.d.ts') ? 'ts' : 'tsx';
}

/** Wraps a step as a standalone jscodeshift transform (default export of codemods/<step>.ts). */
export function toTransform(step: Step): Transform {
  const transform: Transform = (file: FileInfo, api: API, options: Options) => {
    if (step.mightApply && !step.mightApply(file.source)) return undefined;
    const j = api.jscodeshift.withParser(parserFor(file.path));
    const root = j(file.source);
    const report = new FileReport(file.path);
    const changed = step.run({ j, root, file, report, options: { ...options, stepName: step.name } });
    // api.report is missing in jscodeshift's test helpers.
    if (typeof api.report === 'function') {
      for (const todo of report.todos) api.report(`${file.path}:${todo.line} ${TODO_MARKER}: ${todo.message}`);
    }
    return changed ? root.toSource({ quote: 'single' }) : undefined;
  };
  return transform;
}
