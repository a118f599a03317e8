/**
 * Shadow differences, grouped by route and field: the live summary behind `GET /_migration/diffs`
 * and the Markdown report (`npm run shadow:report`), both built from the same records.
 */
import { fieldPattern, type Difference } from './compare';

/** One line of the JSON Lines diff file. */
export interface DiffRecord {
  time: string;
  route: string;
  method: string;
  url: string;
  status: { legacy: number; fastify: number };
  differences: Difference[];
}

export interface FieldSummary {
  count: number;
  example: { url: string; legacy: unknown; fastify: unknown };
}

export interface RouteSummary {
  /** Requests whose two answers were compared. */
  compared: number;
  /** Of those, how many had at least one difference that was not ignored. */
  withDifferences: number;
  /** Field pattern (`body.items[*].id`) -> how many requests differed there, with the latest example. */
  fields: Record<string, FieldSummary>;
  /** Fields learnt as noise: they differed between two runs of the legacy side itself. */
  noise: string[];
}

export interface DiffSummary {
  totals: {
    compared: number;
    withDifferences: number;
    errors: number;
    timeouts: number;
    skipped: Record<string, number>;
  };
  routes: Record<string, RouteSummary>;
}

export function emptySummary(): DiffSummary {
  return { totals: { compared: 0, withDifferences: 0, errors: 0, timeouts: 0, skipped: {} }, routes: {} };
}

export function routeSummary(summary: DiffSummary, route: string): RouteSummary {
  summary.routes[route] ??= { compared: 0, withDifferences: 0, fields: {}, noise: [] };
  return summary.routes[route];
}

/** Counts one compared request (with or without differences) into the summary. */
export function addComparison(summary: DiffSummary, route: string, record: DiffRecord | null): void {
  const entry = routeSummary(summary, route);
  entry.compared += 1;
  summary.totals.compared += 1;
  if (!record || record.differences.length === 0) return;
  entry.withDifferences += 1;
  summary.totals.withDifferences += 1;
  const seen = new Set<string>();
  for (const difference of record.differences) {
    const field = fieldPattern(difference.field);
    if (seen.has(field)) continue;
    seen.add(field);
    const current = entry.fields[field];
    entry.fields[field] = {
      count: (current?.count ?? 0) + 1,
      example: { url: record.url, legacy: difference.legacy, fastify: difference.fastify },
    };
  }
}

/** Rebuilds a summary from the records of a diff file (only requests that differed are in a file). */
export function summariseRecords(records: Iterable<DiffRecord>): DiffSummary {
  const summary = emptySummary();
  for (const record of records) addComparison(summary, record.route, record);
  return summary;
}

/** Parses a JSON Lines diff file; a broken line (a crash mid-write) is skipped and counted. */
export function parseDiffFile(text: string): { records: DiffRecord[]; badLines: number } {
  const records: DiffRecord[] = [];
  let badLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as DiffRecord);
    } catch {
      badLines += 1;
    }
  }
  return { records, badLines };
}

function cell(value: unknown): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `\`${short.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

/** The report a team reads before flipping a route: one section per route, one row per differing field. */
export function toMarkdown(summary: DiffSummary, title = 'Shadow differences', fromFile = false): string {
  const lines = [`# ${title}`, ''];
  const { totals } = summary;
  const routes = Object.entries(summary.routes).sort(([a], [b]) => a.localeCompare(b));
  const differing = routes.filter(([, route]) => route.withDifferences > 0);
  lines.push(
    (fromFile
      ? `${totals.withDifferences} requests with differences, on ${differing.length} routes (a diff file holds only requests that differed).`
      : `${totals.compared} requests compared, ${totals.withDifferences} with differences, on ${differing.length} of ${routes.length} routes.`) +
      (totals.errors || totals.timeouts ? ` Shadow errors: ${totals.errors}, timeouts: ${totals.timeouts}.` : ''),
    '',
  );
  const skipped = Object.entries(totals.skipped);
  if (skipped.length > 0) lines.push(`Not shadowed: ${skipped.map(([why, n]) => `${why} ${n}`).join(', ')}.`, '');
  for (const [route, entry] of routes) {
    lines.push(`## \`${route}\``, '');
    lines.push(fromFile ? `${entry.withDifferences} requests with differences.` : `${entry.compared} compared, ${entry.withDifferences} with differences.`, '');
    const fields = Object.entries(entry.fields).sort(([, a], [, b]) => b.count - a.count);
    if (fields.length > 0) {
      lines.push('| field | requests | example URL | legacy (Express) | migrated (Fastify) |', '|---|---:|---|---|---|');
      for (const [field, { count, example }] of fields) {
        lines.push(`| \`${field}\` | ${count} | ${cell(example.url)} | ${cell(example.legacy)} | ${cell(example.fastify)} |`);
      }
      lines.push('');
    }
    if (entry.noise.length > 0) lines.push(`Ignored as noise (differs between two legacy runs): ${entry.noise.map((f) => `\`${f}\``).join(', ')}.`, '');
  }
  return lines.join('\n');
}
