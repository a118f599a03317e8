/**
 * migration-report.json and migration-report.md: per route (method, full path with its mount
 * prefix, file:line) whether it was migrated natively, through the adapter, or left for a person,
 * with every marker and its reason; files that failed; adapter debt; totals.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { worstOutcome, type ExportRecord, type RouteOutcome } from './lib/step';
import { joinPaths } from './runner/discover';
import type { FileOutcome } from './runner/protocol';

export interface ReportRoute {
  method: string;
  /** Mount prefix + local path; the local path alone when the prefix is unknown. */
  fullPath: string;
  localPath: string;
  prefixKnown: boolean;
  file: string;
  line: number;
  outcome: RouteOutcome;
  reasons: string[];
}

export interface ReportMarker {
  file: string;
  line: number;
  step: string;
  message: string;
}

export interface MigrationReport {
  generatedAt: string;
  dry: boolean;
  out: string | null;
  steps: string[];
  totals: {
    files: number;
    lines: number;
    parsed: number;
    changed: number;
    skipped: number;
    failed: number;
    routes: number;
    native: number;
    adapter: number;
    todo: number;
    nativePct: number;
    adapterPct: number;
    todoPct: number;
    /** Markers present in the files as written. */
    markers: number;
  };
  routes: ReportRoute[];
  adapterDebt: ReportRoute[];
  markers: ReportMarker[];
  failures: { file: string; error: string }[];
  /** Notes the steps left on application files (app-level middleware and what it maps to). */
  appLevel: { file: string; notes: string[] }[];
  /** Other notes, per file. */
  notes: { file: string; notes: string[] }[];
  wallMs: number;
  /** CPU time of the worker processes together (user + system): the wall time on an idle machine is about this divided by `workers`. */
  workerCpuMs: number;
  workers: number;
}

/** One way a file is reached from an application: its full prefix, and the worst of the middleware mounted in front of it on the way. */
export interface MountChain {
  prefix: string;
  outcome: RouteOutcome | null;
  reasons: string[];
}

/**
 * Every file's mount chains, from the mounts found in the batch (applications sit at ''; a router
 * mounted at '/users' by a router mounted at '/api' sits at '/api/users'). A mount with middleware in
 * front of the router (`use('/admin', requireAuth, adminRouter)`) passes on what the steps made of
 * that middleware (the mounting file's `guardedMounts` at that line); middleware no step reported on
 * was not carried over, so what is under it is left for a person. A file nobody mounts gets no entry.
 */
export function resolveMountChains(
  outcomes: readonly (Pick<FileOutcome, 'file' | 'isApp' | 'mounts'> & Partial<Pick<FileOutcome, 'guardedMounts'>>)[],
  rel: (file: string) => string = (f) => f,
): Map<string, MountChain[]> {
  interface Edge { parent: string; prefix: string; outcome: RouteOutcome | null; reasons: string[] }
  const mountedBy = new Map<string, Edge[]>();
  for (const o of outcomes) {
    for (const mount of o.mounts) {
      let outcome: RouteOutcome | null = null;
      let reasons: string[] = [];
      // The record of the `use` call applies to the router behind the middleware (not to a middleware
      // module the same call names); on a line with no middleware in front (a plain mount under the
      // prefix of an earlier guarded one), to what it mounts.
      const guardedLine = o.mounts.some((m) => m.line === mount.line && m.behind?.length);
      const record = mount.behind?.length || !guardedLine ? o.guardedMounts?.find((r) => r.line === mount.line) : undefined;
      if (record) {
        outcome = record.outcome;
        reasons = record.reasons;
      } else if (mount.behind?.length) {
        outcome = 'todo';
        reasons = [`mounted behind ${mount.behind.join(', ')} (${rel(o.file)}:${mount.line}), which no step carried over: keep that protection by hand`];
      }
      const list = mountedBy.get(mount.target) ?? [];
      list.push({ parent: o.file, prefix: mount.prefix, outcome, reasons });
      mountedBy.set(mount.target, list);
    }
  }
  const isApp = new Set(outcomes.filter((o) => o.isApp).map((o) => o.file));
  const memo = new Map<string, MountChain[]>();
  const chainsOf = (file: string, stack: Set<string>): MountChain[] => {
    const cached = memo.get(file);
    if (cached) return cached;
    const result: MountChain[] = [];
    if (isApp.has(file)) result.push({ prefix: '', outcome: null, reasons: [] });
    if (!stack.has(file)) {
      stack.add(file);
      for (const edge of mountedBy.get(file) ?? []) {
        for (const up of chainsOf(edge.parent, stack)) {
          const outcome = up.outcome && edge.outcome ? worstOutcome(up.outcome, edge.outcome) : (up.outcome ?? edge.outcome);
          result.push({ prefix: joinPaths(up.prefix, edge.prefix), outcome, reasons: [...up.reasons, ...edge.reasons] });
        }
      }
      stack.delete(file);
    }
    // One chain per prefix: the worst protection outcome among the ways to it.
    const byPrefix = new Map<string, MountChain>();
    for (const c of result) {
      const seen = byPrefix.get(c.prefix);
      if (!seen) byPrefix.set(c.prefix, c);
      else if (c.outcome && (!seen.outcome || worstOutcome(seen.outcome, c.outcome) !== seen.outcome)) byPrefix.set(c.prefix, c);
    }
    const unique = [...byPrefix.values()];
    memo.set(file, unique);
    return unique;
  };
  const out = new Map<string, MountChain[]>();
  for (const o of outcomes) {
    const chains = chainsOf(o.file, new Set());
    if (chains.length > 0) out.set(o.file, chains);
  }
  return out;
}

const pct = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

export function buildReport(
  outcomes: readonly FileOutcome[],
  options: { cwd: string; dry: boolean; out: string | null; steps: string[]; wallMs: number; workerCpuMs?: number; workers?: number },
): MigrationReport {
  const rel = (file: string) => path.relative(options.cwd, file).split(path.sep).join('/') || file;
  const sorted = [...outcomes].sort((a, b) => a.file.localeCompare(b.file));
  const chains = resolveMountChains(sorted, rel);

  // Exported handlers by file and name: a route that registers one inherits what became of it.
  const exportsOf = new Map<string, Map<string, ExportRecord>>();
  for (const o of sorted) if (o.exports?.length) exportsOf.set(o.file, new Map(o.exports.map((e) => [e.name, e])));

  const routes: ReportRoute[] = [];
  for (const o of sorted) {
    const known = chains.get(o.file);
    for (const r of o.routes) {
      const reasons = [...r.reasons];
      let outcome = r.outcome;
      for (const ref of r.handlers ?? []) {
        const e = exportsOf.get(ref.module)?.get(ref.name);
        if (!e) continue;
        outcome = worstOutcome(outcome, e.outcome);
        const what = e.outcome === 'adapter' ? 'runs through the adapter' : 'is left for a person';
        reasons.push(`handler ${ref.name} (${rel(ref.module)}:${e.line}) ${what}: ${e.reasons.join('; ')}`);
      }
      if (!known) reasons.push(`mount prefix unknown: nothing in the batch mounts ${rel(o.file)}; path is local to the router`);
      for (const chain of known ?? [{ prefix: '', outcome: null, reasons: [] }]) {
        routes.push({
          method: r.method,
          fullPath: joinPaths(chain.prefix, r.path),
          localPath: r.path,
          prefixKnown: Boolean(known),
          file: rel(o.file),
          line: r.line,
          // Middleware at a mount protects (or shapes) every route under it: a route is no more native than that.
          outcome: chain.outcome ? worstOutcome(outcome, chain.outcome) : outcome,
          reasons: chain.reasons.length ? [...reasons, ...chain.reasons] : reasons,
        });
      }
    }
  }
  const count = (outcome: RouteOutcome) => routes.filter((r) => r.outcome === outcome).length;
  const native = count('native');
  const adapter = count('adapter');
  const todo = count('todo');
  return {
    generatedAt: new Date().toISOString(),
    dry: options.dry,
    out: options.out ? rel(options.out) : null,
    steps: options.steps,
    totals: {
      files: sorted.length,
      lines: sorted.reduce((n, o) => n + o.lines, 0),
      parsed: sorted.filter((o) => o.parsed).length,
      changed: sorted.filter((o) => o.changed).length,
      skipped: sorted.filter((o) => !o.parsed && !o.error).length,
      failed: sorted.filter((o) => o.error).length,
      routes: routes.length,
      native,
      adapter,
      todo,
      nativePct: pct(native, routes.length),
      adapterPct: pct(adapter, routes.length),
      todoPct: pct(todo, routes.length),
      markers: sorted.reduce((n, o) => n + o.markers, 0),
    },
    routes,
    adapterDebt: routes.filter((r) => r.outcome === 'adapter'),
    markers: sorted.flatMap((o) => o.todos.map((t) => ({ file: rel(o.file), line: t.line, step: t.step, message: t.message }))),
    failures: sorted.filter((o) => o.error).map((o) => ({ file: rel(o.file), error: o.error!.split('\n')[0] })),
    appLevel: sorted.filter((o) => o.isApp && o.notes.length > 0 && !o.error).map((o) => ({ file: rel(o.file), notes: o.notes })),
    notes: sorted.filter((o) => !o.isApp && o.notes.length > 0 && !o.error).map((o) => ({ file: rel(o.file), notes: o.notes })),
    wallMs: options.wallMs,
    workerCpuMs: options.workerCpuMs ?? 0,
    workers: options.workers ?? 1,
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(report: MigrationReport): string {
  const t = report.totals;
  const lines: string[] = [];
  lines.push('# Migration report', '');
  lines.push(`Generated ${report.generatedAt}${report.dry ? ' (dry run: nothing written)' : ''}${report.out ? `, generated code in \`${report.out}\`` : ''}.`);
  lines.push(`Steps: ${report.steps.length ? report.steps.map((s) => `\`${s}\``).join(', ') : '(none)'}.`, '');
  lines.push('## Totals', '');
  lines.push('| | count | share |', '|---|---:|---:|');
  lines.push(`| routes migrated natively | ${t.native} | ${t.nativePct}% |`);
  lines.push(`| routes through the adapter | ${t.adapter} | ${t.adapterPct}% |`);
  lines.push(`| routes left for a person | ${t.todo} | ${t.todoPct}% |`);
  lines.push(`| routes | ${t.routes} | |`);
  lines.push(`| files (parsed / changed / skipped / failed) | ${t.files} (${t.parsed} / ${t.changed} / ${t.skipped} / ${t.failed}) | |`);
  lines.push(`| lines | ${t.lines} | |`);
  lines.push(`| \`@fastify-migrate-todo\` markers in the code | ${t.markers} | |`);
  lines.push(`| wall time (workers' CPU time) | ${(report.wallMs / 1000).toFixed(1)} s (${(report.workerCpuMs / 1000).toFixed(1)} s on ${report.workers} worker${report.workers > 1 ? 's' : ''}) | |`, '');

  lines.push('## Routes', '');
  if (report.routes.length === 0) lines.push('No routes found.', '');
  else {
    lines.push('| method | path | file:line | outcome | reasons |', '|---|---|---|---|---|');
    for (const r of report.routes) {
      lines.push(`| ${r.method} | \`${cell(r.fullPath)}\`${r.prefixKnown ? '' : ' (prefix unknown)'} | ${cell(r.file)}:${r.line} | ${r.outcome} | ${cell(r.reasons.join('; '))} |`);
    }
    lines.push('');
  }

  lines.push('## Adapter debt', '');
  if (report.adapterDebt.length === 0) lines.push('No route runs through the adapter.', '');
  else {
    lines.push('These routes run on Fastify through the Express-compatible adapter; each is a candidate for a native rewrite.', '');
    for (const r of report.adapterDebt) lines.push(`- ${r.method} \`${r.fullPath}\` (${r.file}:${r.line})${r.reasons.length ? `: ${r.reasons.join('; ')}` : ''}`);
    lines.push('');
  }

  lines.push('## Markers', '');
  if (report.markers.length === 0) lines.push('No `@fastify-migrate-todo` marker was left.', '');
  else {
    lines.push('Find them with `grep -rn "@fastify-migrate-todo" <dir>`.', '');
    let current = '';
    for (const m of report.markers) {
      if (m.file !== current) {
        if (current) lines.push('');
        current = m.file;
        lines.push(`### ${m.file}`, '');
      }
      lines.push(`- line ${m.line} (${m.step}): ${m.message}`);
    }
    lines.push('');
  }

  lines.push('## App-level middleware', '');
  if (report.appLevel.length === 0) lines.push('No application file (calling `express()`) had notes from the steps.', '');
  else for (const a of report.appLevel) lines.push(`### ${a.file}`, '', ...a.notes.map((n) => `- ${n}`), '');

  if (report.failures.length > 0) {
    lines.push('## Files skipped because of errors', '');
    for (const f of report.failures) lines.push(`- ${f.file}: ${cell(f.error)}`);
    lines.push('');
  }
  if (report.notes.length > 0) {
    lines.push('## Other notes', '');
    for (const n of report.notes) lines.push(`### ${n.file}`, '', ...n.notes.map((x) => `- ${x}`), '');
  }
  return lines.join('\n') + '\n';
}

export function writeReport(report: MigrationReport, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'migration-report.json');
  const md = path.join(dir, 'migration-report.md');
  writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(md, renderMarkdown(report));
  return { json, md };
}
