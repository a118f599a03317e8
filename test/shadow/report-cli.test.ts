import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiffRecord } from '../../gateway/shadow';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'gateway', 'shadow', 'report-cli.ts');

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SHADOW_DIFF_FILE: '' } });
}

test('npm run shadow:report: a diff file as Markdown, grouped by route and field, most frequent first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2f-report-'));
  const file = join(dir, 'diffs.jsonl');
  const record = (route: string, url: string, fields: [string, unknown, unknown][]): DiffRecord => ({
    time: '2026-11-25T04:00:00.000Z',
    route,
    method: route.split(' ')[0],
    url,
    status: { legacy: 200, fastify: 200 },
    differences: fields.map(([field, legacy, fastify]) => ({ field, legacy, fastify })),
  });
  const lines = [
    record('GET /api/users/:id', '/api/users/1', [['body.email', 'a@x', null]]),
    record('GET /api/users/:id', '/api/users/2', [['body.email', 'b@x', null], ['body.roles[0]', 'USER', 'user']]),
    record('GET /api/products', '/api/products?q=a|b', [['header.cache-control', 'public, max-age=60', '(missing)']]),
  ].map((r) => JSON.stringify(r));
  writeFileSync(file, `${lines.join('\n')}\n{"torn line`);

  const out = join(dir, 'report.md');
  const result = run([file, '--out', out]);
  expect(result.status).toBe(0);
  expect(result.stderr).toContain('skipped 1 unreadable line(s)');
  const md = readFileSync(out, 'utf8');
  expect(md).toContain('3 requests with differences, on 2 routes');
  const users = md.slice(md.indexOf('## `GET /api/users/:id`'));
  expect(users.indexOf('`body.email` | 2 |')).toBeGreaterThan(0);
  expect(users.indexOf('`body.email` | 2 |')).toBeLessThan(users.indexOf('`body.roles[*]` | 1 |'));
  // A pipe in a value does not break the table.
  expect(md).toContain('`/api/products?q=a\\|b`');

  const missing = run([join(dir, 'nope.jsonl')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/cannot read .*nope\.jsonl/);
});
