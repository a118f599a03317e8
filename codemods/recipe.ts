/**
 * The recipe: every step of `codemods/steps.ts`, in order, over ONE parse of the file.
 *
 *   source ──usesExpress?──no──▶ unchanged, never parsed
 *      │yes
 *      ├─ @babel/parser: routes, mounts, imports (for the report and --out)
 *      ├─ steps whose mightApply(source) accepts ── none ──▶ unchanged, not parsed by recast
 *      └─ recast parse once ▶ step.run × N on the same tree ▶ print once
 *
 * Re-parsing per step cannot migrate a 350k-line app in a minute on two cores (recast's parse
 * alone is ~8 s per core there), hence one tree for all steps.
 */
import jscodeshift from 'jscodeshift';
import type { FileInfo, Options } from 'jscodeshift';
import { FileReport, parserFor, TODO_MARKER, worstOutcome, type RouteOutcome, type Step } from './lib/step';
import { babelParse, discover, usesExpress, type FileFacts, type HandlerRef } from './runner/discover';
import { installFastFind } from './runner/fast-find';
import { originalImports, rewriteDirnames, rewriteImports, type OutLayout } from './runner/imports';

// Same results as jscodeshift's find, several times faster (see runner/fast-find.ts).
installFastFind();

export interface MigrateOptions {
  steps: readonly Step[];
  /** Passed to every step as ctx.options (plus stepName). */
  stepOptions?: Options;
  /** With --out: re-aim relative imports for the generated twin. */
  outLayout?: OutLayout;
}

/** A route of the file after every step ran: its local path and what became of it. */
export interface FileRoute {
  method: string;
  path: string;
  line: number;
  outcome: RouteOutcome;
  reasons: string[];
  /** Handlers imported from other files (the report joins them to those files' `exports`). */
  handlers?: HandlerRef[];
}

export interface MigrateResult {
  output: string;
  changed: boolean;
  /** Whether recast parsed the file (false: skipped by the text tests). */
  parsed: boolean;
  /** Steps that ran (their mightApply accepted the file). */
  ranSteps: string[];
  /** Steps that changed the tree. */
  changedBy: string[];
  report: FileReport;
  routes: FileRoute[];
  facts: FileFacts | null;
  /** Set when the file does not parse or a step threw: the file is left as it was. */
  error?: string;
}


/**
 * Routes as found in the original source, each with the worst outcome any step reported for it.
 * A marker inside a route makes it `todo`, except a marker left by the step that put the route
 * behind the adapter (that code still runs, as Express code: the marker is about a later native
 * rewrite). A route no step claimed stays `todo` ("not migrated"). `claimedBy[i]` names the step
 * that reported `report.routes[i]`.
 */
export function mergeRoutes(facts: FileFacts | null, report: FileReport, claimedBy: readonly string[] = []): FileRoute[] {
  interface Acc { fact: NonNullable<FileFacts>['routes'][number]; outcome: RouteOutcome | null; reasons: string[]; adapterSteps: Set<string> }
  const accs: Acc[] = (facts?.routes ?? []).map((fact) => ({ fact, outcome: null, reasons: [], adapterSteps: new Set<string>() }));
  const claim = (acc: Acc, i: number) => {
    const record = report.routes[i];
    acc.outcome = acc.outcome ? worstOutcome(acc.outcome, record.outcome) : record.outcome;
    if (record.outcome === 'adapter' && claimedBy[i]) acc.adapterSteps.add(claimedBy[i]);
    acc.reasons.push(...record.reasons);
  };
  const unclaimed: number[] = [];
  report.routes.forEach((record, i) => {
    const method = record.method.toUpperCase();
    const inRange = accs.filter((a) => a.fact.method === method && record.line >= a.fact.line && record.line <= a.fact.endLine);
    // Nested ranges (a route() chain): the innermost, i.e. the one that ends first.
    const acc = inRange.sort((a, b) => a.fact.endLine - b.fact.endLine)[0];
    if (acc) claim(acc, i);
    else unclaimed.push(i);
  });
  const extra: FileRoute[] = [];
  for (const i of unclaimed) {
    // A statement a step built (no position, e.g. one split off a route() chain): match by method and path.
    const record = report.routes[i];
    const acc = accs.find((a) => a.fact.method === record.method.toUpperCase() && a.fact.path === record.path);
    if (acc) claim(acc, i);
    else extra.push({ method: record.method.toUpperCase(), path: record.path, line: record.line, outcome: record.outcome, reasons: [...record.reasons] });
  }
  const routes: FileRoute[] = accs.map((acc) => {
    let outcome = acc.outcome;
    const reasons = acc.reasons;
    for (const todo of report.todos) {
      if (todo.line < acc.fact.line || todo.line > acc.fact.endLine) continue;
      if (!acc.adapterSteps.has(todo.step)) outcome = 'todo';
      reasons.push(`${todo.step}: ${todo.message}`);
    }
    if (outcome === null) {
      outcome = 'todo';
      reasons.push('no step migrated this route');
    }
    const route: FileRoute = { method: acc.fact.method, path: acc.fact.path, line: acc.fact.line, outcome, reasons: [...new Set(reasons)] };
    if (acc.fact.handlers) route.handlers = acc.fact.handlers;
    return route;
  });
  return [...routes, ...extra].sort((a, b) => a.line - b.line);
}

function unchanged(source: string, report: FileReport, facts: FileFacts | null, extra: Partial<MigrateResult> = {}): MigrateResult {
  return { output: source, changed: false, parsed: false, ranSteps: [], changedBy: [], report, routes: mergeRoutes(facts, report), facts, ...extra };
}

/** Runs the recipe over one file's text. Never throws: a failure comes back in `error`. */
export function migrateSource(source: string, filePath: string, options: MigrateOptions): MigrateResult {
  const report = new FileReport(filePath);
  if (!usesExpress(source)) return unchanged(source, report, null);

  const notParsed = (err: unknown, facts: FileFacts | null): MigrateResult => {
    const message = `does not parse: ${(err as Error).message}`;
    report.note(message);
    return unchanged(source, report, facts, { error: message });
  };

  const steps = options.steps.filter((s) => !s.mightApply || s.mightApply(source));
  if (steps.length === 0 && !options.outLayout) {
    try {
      return unchanged(source, report, discover(babelParse(source, filePath), filePath));
    } catch (err) {
      return notParsed(err, null);
    }
  }

  const j = jscodeshift.withParser(parserFor(filePath));
  let root;
  let facts: FileFacts;
  try {
    root = j(source);
    // Recast keeps the parser's own tree as `.original` of its copy, untouched by the steps: the
    // facts come from it rather than from a second parse of the same text.
    const parsed = (root.get().node as { original?: unknown }).original;
    facts = discover(parsed ?? babelParse(source, filePath), filePath);
  } catch (err) {
    return notParsed(err, null);
  }

  const importSites = options.outLayout ? originalImports(j, root) : [];
  const file: FileInfo = { path: filePath, source };
  const ranSteps: string[] = [];
  const changedBy: string[] = [];
  const claimedBy: string[] = [];
  for (const step of steps) {
    ranSteps.push(step.name);
    try {
      if (step.run({ j, root, file, report, options: { ...options.stepOptions, stepName: step.name } })) changedBy.push(step.name);
      while (claimedBy.length < report.routes.length) claimedBy.push(step.name);
    } catch (err) {
      // A half-run step may have left the tree half-rewritten: keep the file as it was.
      const message = `step ${step.name} threw: ${(err as Error).stack ?? String(err)}`;
      report.note(message);
      const failed = new FileReport(filePath);
      failed.note(message);
      return unchanged(source, failed, facts, { parsed: true, ranSteps, error: message });
    }
  }

  let importsChanged = false;
  if (options.outLayout) {
    importsChanged = rewriteImports(j, root, options.outLayout, filePath, importSites);
    if (rewriteDirnames(j, root, options.outLayout, filePath)) importsChanged = true;
  }

  if (changedBy.length === 0 && !importsChanged) {
    return { ...unchanged(source, report, facts), routes: mergeRoutes(facts, report, claimedBy), parsed: true, ranSteps };
  }
  const lineTerminator = source.includes('\r\n') ? '\r\n' : '\n';
  const output = root.toSource({ quote: 'single', lineTerminator });
  return {
    output,
    changed: output !== source,
    parsed: true,
    ranSteps,
    changedBy,
    report,
    routes: mergeRoutes(facts, report, claimedBy),
    facts,
  };
}

/** Counts the markers left in a text (what `--fail-on-todo` looks for). */
export function countMarkers(text: string): number {
  return text.split(TODO_MARKER + ':').length - 1;
}
