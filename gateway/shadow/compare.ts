/**
 * Compares two HTTP responses field by field, the way Diffy does.
 *
 *   status                    the status code
 *   header.<name>             one response header (lower case)
 *   body                      a non-JSON body, compared byte for byte
 *   body.items[0].id          one value inside a JSON body, compared structurally
 *
 * Each difference names its field; `fieldPattern()` turns array indices into `[*]`, so noise learnt
 * on `body.items[3].createdAt` also covers `body.items[4].createdAt`.
 */

export interface CapturedResponse {
  status: number;
  /** Lower-case header names; multi-valued headers joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface Difference {
  field: string;
  legacy: unknown;
  fastify: unknown;
}

/**
 * Headers that differ for reasons that are not the app's: the clock, the transport, the framework
 * banner. `content-length` is dropped only when the bodies are equal (a different length with equal
 * bodies is a framing detail; with different bodies the body difference says it already).
 */
export const DEFAULT_IGNORED_HEADERS: readonly string[] = [
  'date',
  'etag',
  'x-powered-by',
  'connection',
  'keep-alive',
  'transfer-encoding',
];

export interface CompareRules {
  /** Header names to skip (lower case). */
  ignoreHeaders: ReadonlySet<string>;
  /** Field patterns to skip: `body.meta`, `body.items[*].createdAt`, `header.x-request-id`; a prefix covers what is below it. */
  ignoreFields: readonly string[];
  /** Longest string kept in a difference's example values. */
  maxValueLength?: number;
  /** Most differences reported for one pair of responses. */
  maxDifferences?: number;
}

const MISSING = '(missing)';

/** `body.items[3].id` -> `body.items[*].id`. */
export function fieldPattern(field: string): string {
  return field.replace(/\[\d+\]/g, '[*]');
}

/**
 * Normalises a user-written ignore path: `$.a.b`, `a.b`, `body.a.b` and `/a/b` all mean `body.a.b`;
 * `status` and `header.x` are kept as they are.
 */
export function normaliseIgnorePath(path: string): string {
  const trimmed = path.trim();
  if (trimmed === 'status' || trimmed === 'body' || trimmed.startsWith('header.') || trimmed.startsWith('body.') || trimmed.startsWith('body[')) {
    return fieldPattern(trimmed);
  }
  let rest = trimmed.replace(/^\$\.?/, '');
  if (rest.startsWith('/')) rest = rest.slice(1).split('/').map((part) => (/^\d+$|^\*$/.test(part) ? `[${part}]` : part)).join('.').replace(/\.\[/g, '[');
  return fieldPattern(rest === '' ? 'body' : rest.startsWith('[') ? `body${rest}` : `body.${rest}`);
}

/** True when `field` is `pattern` or lies below it (`body.a` covers `body.a.b` and `body.a[2]`). */
export function coveredBy(field: string, pattern: string): boolean {
  const general = fieldPattern(field);
  for (const candidate of [field, general]) {
    if (candidate === pattern) return true;
    if (candidate.startsWith(pattern) && (candidate[pattern.length] === '.' || candidate[pattern.length] === '[')) return true;
  }
  return false;
}

function isJsonType(headers: Record<string, string>): boolean {
  const type = headers['content-type'] ?? '';
  return /\bjson\b|\+json\b/i.test(type);
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  if (body.length === 0) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

function shorten(value: unknown, max: number): unknown {
  if (typeof value === 'string') return value.length > max ? `${value.slice(0, max)}…(${value.length} chars)` : value;
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : value;
  }
  return value;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Structural JSON difference: object keys in any order, arrays index by index. */
export function diffJson(legacy: unknown, fastify: unknown, path: string, out: Difference[]): void {
  if (Object.is(legacy, fastify)) return;
  const kl = kind(legacy);
  const kf = kind(fastify);
  if (kl !== kf || (kl !== 'object' && kl !== 'array')) {
    out.push({ field: path, legacy, fastify });
    return;
  }
  if (kl === 'array') {
    const a = legacy as unknown[];
    const b = fastify as unknown[];
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      diffJson(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, `${path}[${i}]`, out);
    }
    return;
  }
  const a = legacy as Record<string, unknown>;
  const b = fastify as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of [...keys].sort()) {
    const child = /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
    diffJson(key in a ? a[key] : MISSING, key in b ? b[key] : MISSING, child, out);
  }
}

/** Every difference between the two responses, before any ignore rule. */
export function rawDifferences(legacy: CapturedResponse, fastify: CapturedResponse): Difference[] {
  const out: Difference[] = [];
  if (legacy.status !== fastify.status) out.push({ field: 'status', legacy: legacy.status, fastify: fastify.status });
  const bodiesEqual = legacy.body.equals(fastify.body);
  const names = new Set([...Object.keys(legacy.headers), ...Object.keys(fastify.headers)]);
  for (const name of [...names].sort()) {
    if (name === 'content-length' && bodiesEqual) continue;
    const a = legacy.headers[name];
    const b = fastify.headers[name];
    if (a !== b) out.push({ field: `header.${name}`, legacy: a ?? MISSING, fastify: b ?? MISSING });
  }
  if (!bodiesEqual) {
    const a = isJsonType(legacy.headers) ? parseJson(legacy.body) : { ok: false as const };
    const b = isJsonType(fastify.headers) ? parseJson(fastify.body) : { ok: false as const };
    if (a.ok && b.ok) diffJson(a.value, b.value, 'body', out);
    else out.push({ field: 'body', legacy: legacy.body.toString('utf8'), fastify: fastify.body.toString('utf8') });
  }
  return out;
}

/**
 * The differences that survive the rules (ignored headers, ignored fields), shortened for the record.
 * `content-length` is kept only beside a body difference that is kept: when the bodies differ only
 * in ignored or noisy fields, their lengths differ for the same reason.
 */
export function compareResponses(legacy: CapturedResponse, fastify: CapturedResponse, rules: CompareRules): Difference[] {
  const max = rules.maxValueLength ?? 200;
  const kept: Difference[] = [];
  let length: Difference | undefined;
  for (const difference of rawDifferences(legacy, fastify)) {
    if (difference.field.startsWith('header.') && rules.ignoreHeaders.has(difference.field.slice(7))) continue;
    if (rules.ignoreFields.some((pattern) => coveredBy(difference.field, pattern))) continue;
    if (difference.field === 'header.content-length') {
      length = difference;
      continue;
    }
    kept.push({ field: difference.field, legacy: shorten(difference.legacy, max), fastify: shorten(difference.fastify, max) });
  }
  if (length && kept.some((difference) => difference.field === 'body' || difference.field.startsWith('body.') || difference.field.startsWith('body['))) {
    kept.push(length);
  }
  return kept.slice(0, rules.maxDifferences ?? 50);
}

/** Node's header object (`res.getHeaders()`, light-my-request's `headers`) to lower-case name -> string. */
export function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  }
  return out;
}
