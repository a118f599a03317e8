import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { run, type Io } from '../cli';
import type { MigrationReport } from '../report';
import { babelParse, discover, resolveRelative } from '../runner/discover';

const REPO = path.resolve(__dirname, '..', '..');
const TINY = path.join(__dirname, 'fixtures', 'tiny-steps.ts');

const FILES: Record<string, string> = {
  'src/app.ts': `import express from 'express';
import api from './routes/index';
const app = express();
app.use(express.json());
app.use('/api', api);
export default app;
`,
  'src/routes/index.ts': `import { Router } from 'express';
const router = Router();
router.use('/users', require('./users'));
export default router;
`,
  'src/routes/users.ts': `import { Router } from 'express';
import { findUser } from '../services/users';
import type { User } from '../models/user';
const router = Router();

router.get('/:id', async (req, res, next) => {
  try {
    res.send(findUser(req.params.id) as User);
  } catch (err) {
    next(err);
  }
});
router.post('/', (req, res) => res.send('ok'));
module.exports = router;
`,
  'src/routes/clean.ts': `import { Router } from 'express';
import { findUser } from '../services/users';
const router = Router();
router.get('/', (req, res) => res.send(findUser('1')));
export default router;
`,
  'src/routes/broken.ts': `import { Router } from 'express';
const router = Router();
router.get('/x', (req, res) => { res.send( });
`,
  // No Express usage, and not even valid: proves the file is never parsed.
  'src/services/users.ts': `export function findUser(id: string) { return { id }; }
export const weird = res.send(next(1)) +;
`,
  'src/models/user.ts': `export interface User { id: string }
`,
};

function makeRepo(files: Record<string, string> = FILES): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-cli-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'init');
  return dir;
}

function io(cwd: string): Io & { out: string; err: string } {
  const sink = {
    out: '',
    err: '',
    cwd,
    stdout: { write: (s: string) => ((sink.out += s), true) },
    stderr: { write: (s: string) => ((sink.err += s), true), isTTY: false },
  };
  return sink;
}

const snapshot = (dir: string) => Object.fromEntries(Object.keys(FILES).map((rel) => [rel, readFileSync(path.join(dir, rel), 'utf8')]));
const readReport = (dir: string): MigrationReport => JSON.parse(readFileSync(path.join(dir, 'migration-report.json'), 'utf8'));

describe('migrate CLI', () => {
  it('rewrites in place, skips the broken file, never parses files without Express, writes the report', async () => {
    const dir = makeRepo();
    const sink = io(dir);
    const result = await run(['src', '--steps-module', TINY, '--cpus', '2'], sink);
    expect(result.code).toBe(0);

    const users = readFileSync(path.join(dir, 'src/routes/users.ts'), 'utf8');
    expect(users).toContain('reply.send(findUser(req.params.id) as User);');
    expect(users).toContain('/* @fastify-migrate-todo: replace next(err) with throw err */');
    expect(readFileSync(path.join(dir, 'src/routes/broken.ts'), 'utf8')).toBe(FILES['src/routes/broken.ts']);
    expect(readFileSync(path.join(dir, 'src/services/users.ts'), 'utf8')).toBe(FILES['src/services/users.ts']);
    expect(sink.err).toMatch(/skipped src\/routes\/broken\.ts: does not parse/);

    const report = readReport(dir);
    expect(report.totals).toMatchObject({ files: 7, changed: 2, failed: 1, routes: 3, native: 2, todo: 1, markers: 1 });
    expect(report.failures).toEqual([{ file: 'src/routes/broken.ts', error: expect.stringMatching(/^does not parse/) }]);
    expect(report.routes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'GET', fullPath: '/api/users/:id', file: 'src/routes/users.ts', line: 6, outcome: 'todo' }),
        expect.objectContaining({ method: 'POST', fullPath: '/api/users', file: 'src/routes/users.ts', line: 13, outcome: 'native' }),
        // clean.ts is mounted by nobody: its local path, flagged.
        expect.objectContaining({ method: 'GET', fullPath: '/', prefixKnown: false, file: 'src/routes/clean.ts', outcome: 'native' }),
      ]),
    );
    expect(report.markers).toEqual([{ file: 'src/routes/users.ts', line: 10, step: 'mark-next', message: 'replace next(err) with throw err' }]);
    const md = readFileSync(path.join(dir, 'migration-report.md'), 'utf8');
    expect(md).toContain('| GET | `/api/users/:id` | src/routes/users.ts:6 | todo | mark-next: replace next(err) with throw err |');
    expect(md).toContain('| routes migrated natively | 2 | 66.7% |');
    expect(md).toContain('- line 10 (mark-next): replace next(err) with throw err');
  });

  it('--dry writes nothing but the report; --print shows the changes', async () => {
    const dir = makeRepo();
    const before = snapshot(dir);
    const sink = io(dir);
    const result = await run(['src', '--dry', '--print', '--steps-module', TINY, '--report-dir', 'reports'], sink);
    expect(result.code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('?? reports/\n');
    expect(sink.out).toContain('// ==== src/routes/users.ts ====');
    expect(sink.out).toContain('reply.send(findUser(req.params.id) as User);');
    expect(readReport(path.join(dir, 'reports')).dry).toBe(true);
  });

  it('refuses a dirty tree unless --force, and allows --dry', async () => {
    const dir = makeRepo();
    writeFileSync(path.join(dir, 'src/routes/users.ts'), FILES['src/routes/users.ts'] + '// local edit\n');
    const sink = io(dir);
    const refused = await run(['src', '--steps-module', TINY], sink);
    expect(refused.code).toBe(3);
    expect(sink.err).toMatch(/refusing to rewrite files with uncommitted changes/);
    expect(sink.err).toContain('src/routes/users.ts');
    expect(readFileSync(path.join(dir, 'src/routes/users.ts'), 'utf8')).not.toContain('reply.send');
    expect(existsSync(path.join(dir, 'migration-report.json'))).toBe(false);

    expect((await run(['src', '--dry', '--steps-module', TINY], io(dir))).code).toBe(0);
    expect((await run(['src', '--force', '--steps-module', TINY], io(dir))).code).toBe(0);
    expect(readFileSync(path.join(dir, 'src/routes/users.ts'), 'utf8')).toContain('reply.send');
  });

  it('--fail-on-todo exits 1 while a marker remains, 0 when none does (real process)', () => {
    const dir = makeRepo();
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', pathToFileURL(require.resolve('tsx')).href, path.join(REPO, 'codemods/cli.ts'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env } });
    const withMarker = cli('src', '--dry', '--quiet', '--fail-on-todo', '--steps-module', TINY);
    expect(withMarker.stderr).toMatch(/--fail-on-todo: 1 @fastify-migrate-todo marker remain/);
    expect(withMarker.status).toBe(1);
    const noMarkerStep = cli('src', '--dry', '--quiet', '--fail-on-todo', '--steps', 'reply-send', '--steps-module', TINY);
    expect(noMarkerStep.status).toBe(0);
  });

  it('--out writes beside the legacy code with imports that still resolve', async () => {
    const dir = makeRepo();
    const sink = io(dir);
    const result = await run(['src', '--out', 'migrated', '--steps-module', TINY], sink);
    expect(result.code).toBe(0);
    expect(snapshot(dir)).toEqual(FILES); // legacy code untouched

    const twin = path.join(dir, 'migrated/routes/users.ts');
    const text = readFileSync(twin, 'utf8');
    expect(text).toContain("import { findUser } from '../../src/services/users';");
    expect(text).toContain("import type { User } from '../../src/models/user';");
    expect(text).toContain('reply.send(findUser(req.params.id) as User);');
    // A router that mounts a migrated router points at the migrated twin.
    const index = readFileSync(path.join(dir, 'migrated/routes/index.ts'), 'utf8');
    expect(index).toContain("require('./users')");
    // Only files that use Express get a twin; the broken one is reported, not copied.
    expect(existsSync(path.join(dir, 'migrated/services/users.ts'))).toBe(false);
    expect(existsSync(path.join(dir, 'migrated/routes/broken.ts'))).toBe(false);

    for (const file of ['migrated/routes/users.ts', 'migrated/routes/index.ts', 'migrated/routes/clean.ts', 'migrated/app.ts']) {
      const abs = path.join(dir, file);
      const facts = discover(babelParse(readFileSync(abs, 'utf8'), abs), abs);
      expect(facts.imports.length).toBeGreaterThan(0);
      for (const imp of facts.imports) {
        expect({ file, specifier: imp.specifier, resolved: resolveRelative(abs, imp.specifier) !== null }).toEqual({ file, specifier: imp.specifier, resolved: true });
        expect(() => require.resolve(imp.specifier, { paths: [path.dirname(abs)] })).not.toThrow();
      }
    }
    expect(resolveRelative(twin, '../../src/services/users')).toBe(path.join(dir, 'src/services/users.ts'));
  });

  it('a route whose imported controller handler goes behind the adapter is reported as adapter, with the reason', async () => {
    const dir = makeRepo({
      'src/app.js': `const express = require('express');
const users = require('./routes/users');
const app = express();
app.use('/users', users);
module.exports = app;
`,
      'src/routes/users.js': `const { Router } = require('express');
const users = require('../controllers/users');
const { list } = require('../controllers/users');
const router = Router();
router.get('/', list);
router.get('/:id/card', users.card);
module.exports = router;
`,
      'src/controllers/users.js': `const pdf = require('../services/pdf');
exports.list = function (req, res) {
  res.json([]);
};
// pdf.card writes the response itself.
exports.card = function (req, res) {
  pdf.card(req.params.id, res);
};
`,
    });
    const sink = io(dir);
    const result = await run(['src', '--dry', '--cpus', '1'], sink);
    expect(result.code).toBe(0);
    const report = readReport(dir);
    expect(report.routes).toEqual([
      expect.objectContaining({ method: 'GET', fullPath: '/users', outcome: 'native' }),
      expect.objectContaining({
        method: 'GET',
        fullPath: '/users/:id/card',
        outcome: 'adapter',
        reasons: expect.arrayContaining([expect.stringMatching(/^handler card \(src\/controllers\/users\.js:6\) runs through the adapter: res is passed to \.card\(\)/)]),
      }),
    ]);
    expect(report.adapterDebt.map((r) => r.fullPath)).toEqual(['/users/:id/card']);
    expect(report.totals).toMatchObject({ routes: 2, native: 1, adapter: 1, todo: 0 });
  });

  it('gives clear errors for bad arguments', async () => {
    const dir = makeRepo();
    const cases: [string[], RegExp][] = [
      [[], /give at least one file or folder/],
      [['src', '--bogus'], /unknown option --bogus/],
      [['src', '--cpus', '0'], /--cpus must be a whole number of 1 or more, got "0"/],
      [['src', '--out'], /--out needs a value/],
      [['nope'], /no such file or folder/],
      [['src', '--steps', 'reply-send,nope', '--steps-module', TINY], /unknown step nope; available: reply-send, mark-next, explode/],
    ];
    for (const [args, message] of cases) {
      const sink = io(dir);
      const result = await run(args, sink);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(sink.err).toMatch(message);
    }
    const help = io(dir);
    expect((await run(['--help', '--steps-module', TINY], help)).code).toBe(0);
    expect(help.out).toMatch(/Steps, in order: reply-send, mark-next, explode/);
  });

  it('--by-owner hands the paths to inventory/delivery.ts and leaves the working tree alone', async () => {
    const dir = makeRepo();
    const sink = io(dir);
    const result = await run(['src', '--by-owner', '--dry', '--quiet', '--steps-module', TINY], sink);
    expect(snapshot(dir)).toEqual(FILES);
    if (existsSync(path.join(REPO, 'inventory/delivery.ts'))) {
      expect(sink.err).not.toMatch(/not available yet/);
      expect(sink.err).toMatch(/deliver:/);
      expect(result.code).toBe(0);
    } else {
      expect(sink.err).toMatch(/--by-owner is not available yet/);
      expect(result.code).toBe(2);
    }
  });
});
