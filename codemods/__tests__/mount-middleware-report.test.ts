/**
 * The migration report over routers mounted behind middleware, from the CLI with the real recipe:
 * a route is never called native when the protection its mount gave it was not carried over.
 *   - On the app (`app.use('/admin', requireAuth, adminRouter)`), which express-app-to-fastify-instance
 *     makes a Fastify instance first, the mount becomes the same registration with hooks: no marker,
 *     and the routes under it keep their outcome, with the reason.
 *   - In a router module (`router.use('/secure', requireAuth, secureRouter)`) the mount becomes a
 *     registration with the middleware as hooks: the routes keep their own outcome, with the reason.
 *   - A route registered after such a mount under its prefix ran that middleware too on Express: a
 *     marker on it, and it is left for a person.
 *   - A body parser in front of a router protects nothing: the routes stay native.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type Io } from '../cli';
import type { MigrationReport } from '../report';
import { resolveMountChains } from '../report';
import type { FileOutcome } from '../runner/protocol';

const FILES: Record<string, string> = {
  'app.js': `const express = require('express');
const { requireAuth } = require('./middleware/auth');
const adminRouter = require('./routes/admin');
const apiRouter = require('./routes/api');
const app = express();
app.use(express.json());
// Everything under /admin needs a signed-in user.
app.use('/admin', requireAuth, adminRouter);
app.use('/legacy', requireAuth, require('./routes/legacy'));
app.use('/api', express.json(), apiRouter);
module.exports = app;
`,
  'middleware/auth.js': `exports.requireAuth = function requireAuth(req, res, next) {
  if (!req.get('authorization')) return res.status(401).json({ error: 'no' });
  req.user = { id: 1 };
  next();
};
`,
  'routes/admin.js': `const express = require('express');
const router = express.Router();
router.get('/stats', (req, res) => {
  res.json({ user: req.user.id });
});
module.exports = router;
`,
  'routes/legacy.js': `const express = require('express');
const router = express.Router();
router.get('/old', (req, res) => res.json({ old: true }));
module.exports = router;
`,
  'routes/api.js': `const express = require('express');
const { requireAuth } = require('../middleware/auth');
const secureRouter = require('./secure');
const router = express.Router();
router.get('/open', (req, res) => res.json({ open: true }));
router.use('/secure', requireAuth, secureRouter);
// Express ran requireAuth for this one too (secureRouter has no /extra, so the request went on).
router.get('/secure/extra', (req, res) => res.json({ extra: req.user.id }));
module.exports = router;
`,
  'routes/secure.js': `const express = require('express');
const router = express.Router();
router.get('/me', (req, res) => res.json({ me: req.user.id }));
module.exports = router;
`,
};

function io(cwd: string): Io {
  return { cwd, stdout: { write: () => true }, stderr: { write: () => true, isTTY: false } } as unknown as Io;
}

let dir: string;
let report: MigrationReport;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mount-mw-report-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, 'app', rel)), { recursive: true });
    writeFileSync(path.join(dir, 'app', rel), text);
  }
  const result = await run(['app', '--out', 'out', '--force', '--report-dir', 'report', '--cpus', '1'], io(dir));
  expect(result.code).toBe(0);
  report = JSON.parse(readFileSync(path.join(dir, 'report', 'migration-report.json'), 'utf8'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const route = (fullPath: string) => report.routes.find((r) => r.fullPath === fullPath);

test('routes under a mount with middleware on the app keep their outcome once the app is Fastify, and the app file has the registration', () => {
  expect(route('/admin/stats')).toMatchObject({ outcome: 'native', reasons: [expect.stringContaining('mounted behind requireAuth (app.js:8): preHandler hooks')] });
  expect(route('/legacy/old')).toMatchObject({ outcome: 'native', reasons: [expect.stringContaining('mounted behind requireAuth (app.js:9): preHandler hooks')] });
  const app = readFileSync(path.join(dir, 'out', 'app.js'), 'utf8');
  expect(app).toContain(`app.register(async (instance) => {\n  instance.addHook('preHandler', requireAuth);\n  await instance.register(adminRoutes);\n}, { prefix: '/admin' });`);
  expect(app).toContain(`app.register(async (instance) => {\n  instance.addHook('preHandler', requireAuth);\n  await instance.register(require('./routes/legacy'));\n}, { prefix: '/legacy' });`);
  expect(report.markers.filter((m) => m.file === 'app/app.js')).toEqual([]);
});

test('routes under a mount the recipe turned into hooks keep their outcome, with the reason; a parser in front protects nothing', () => {
  const parserDropped = 'express.json() at the mount dropped: Fastify parses the body itself';
  expect(route('/api/secure/me')).toMatchObject({ outcome: 'native', reasons: [parserDropped, expect.stringContaining('mounted behind requireAuth (api.js:6): preHandler hooks')] });
  expect(route('/api/open')).toMatchObject({ outcome: 'native', reasons: [parserDropped] });
  const api = readFileSync(path.join(dir, 'out', 'routes', 'api.js'), 'utf8');
  expect(api).toContain(`fastify.register(async (instance) => {\n    instance.addHook('preHandler', requireAuth);\n    await instance.register(secureRoutes);\n  }, { prefix: '/secure' });`);
  expect(route('/api/secure/extra')).toMatchObject({ outcome: 'todo', reasons: [expect.stringContaining("Express ran requireAuth (mounted with secureRoutes at '/secure', line 6) for this route too"), parserDropped] });
  expect(report.totals).toMatchObject({ routes: 5, native: 4, adapter: 0, todo: 1 });
});

describe('resolveMountChains', () => {
  const outcome = (file: string, extra: Partial<FileOutcome>): FileOutcome => ({
    file, lines: 1, parsed: true, changed: false, error: null, ranSteps: [], changedBy: [], routes: [], todos: [], notes: [], exports: [],
    isApp: false, mounts: [], markers: 0, writtenTo: null, output: null, ...extra,
  });

  test('the worst middleware on the way down applies, per prefix; middleware no step reported on is not carried over', () => {
    const chains = resolveMountChains([
      outcome('/a/app.js', {
        isApp: true,
        mounts: [
          { prefix: '/api', target: '/a/api.js', line: 3, behind: ['requireAuth'] },
          { prefix: '/open', target: '/a/api.js', line: 4 },
          { prefix: '/x', target: '/a/x.js', line: 5, behind: ['rateLimit(...)'] },
        ],
        guardedMounts: [{ line: 3, prefix: '/api', outcome: 'adapter', reasons: ['requireAuth through the adapter'] }],
      }),
      outcome('/a/api.js', { mounts: [{ prefix: '/admin', target: '/a/admin.js', line: 7, behind: ['requireRole(...)'] }], guardedMounts: [{ line: 7, prefix: '/admin', outcome: 'native', reasons: ['requireRole hook'] }] }),
      outcome('/a/admin.js', {}),
      outcome('/a/x.js', {}),
    ]);
    expect(chains.get('/a/admin.js')).toEqual([
      { prefix: '/api/admin', outcome: 'adapter', reasons: ['requireAuth through the adapter', 'requireRole hook'] },
      { prefix: '/open/admin', outcome: 'native', reasons: ['requireRole hook'] },
    ]);
    expect(chains.get('/a/x.js')).toEqual([
      { prefix: '/x', outcome: 'todo', reasons: ['mounted behind rateLimit(...) (/a/app.js:5), which no step carried over: keep that protection by hand'] },
    ]);
    expect(chains.get('/a/app.js')).toEqual([{ prefix: '', outcome: null, reasons: [] }]);
  });
});
