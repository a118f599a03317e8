import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyTransform } from 'jscodeshift/src/testUtils';
import { FileReport, TODO_MARKER, type Step } from '../lib/step';
import { countMarkers, mergeRoutes, migrateSource } from '../recipe';
import recipeTransform from '../recipe-transform';
import { resolveMountChains } from '../report';
import { babelParse, discover, usesExpress } from '../runner/discover';
import { steps as realSteps } from '../steps';
import { markNext, replySend, steps as tinySteps } from './fixtures/tiny-steps';

const USERS = `import { Router } from 'express';
const router = Router();

router.get('/:id', async (req, res, next) => {
  try {
    res.send(await load(req.params.id));
  } catch (err) {
    next(err);
  }
});
router.post('/', (req, res) => res.send('ok'));
export default router;
`;

describe('migrateSource', () => {
  it('runs every step on one tree and prints once', () => {
    const roots: unknown[] = [];
    const spy = (name: string): Step => ({ name, run: ({ root }) => (roots.push(root), false) });
    const result = migrateSource(USERS, 'users.ts', { steps: [spy('a'), replySend, spy('b'), markNext] });
    expect(roots).toHaveLength(2);
    expect(roots[0]).toBe(roots[1]);
    expect(result.parsed).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.ranSteps).toEqual(['a', 'reply-send', 'b', 'mark-next']);
    expect(result.changedBy).toEqual(['reply-send', 'mark-next']);
    expect(result.output).toContain('reply.send(await load(req.params.id));');
    expect(result.output).toContain(`/* ${TODO_MARKER}: replace next(err) with throw err */\n    next(err);`);
    // Untouched lines keep their formatting.
    expect(result.output).toContain("router.post('/', (req, res) => reply.send('ok'));");
  });

  it('reports routes with the worst outcome and the markers inside them', () => {
    const result = migrateSource(USERS, 'users.ts', { steps: tinySteps });
    expect(result.routes).toEqual([
      { method: 'GET', path: '/:id', line: 4, outcome: 'todo', reasons: ['mark-next: replace next(err) with throw err'] },
      { method: 'POST', path: '/', line: 11, outcome: 'native', reasons: [] },
    ]);
    expect(result.report.todos).toEqual([{ step: 'mark-next', file: 'users.ts', line: 8, message: 'replace next(err) with throw err' }]);
  });

  it('is idempotent: a second run adds no second marker', () => {
    const once = migrateSource(USERS, 'users.ts', { steps: tinySteps });
    const twice = migrateSource(once.output, 'users.ts', { steps: tinySteps });
    expect(countMarkers(once.output)).toBe(1);
    expect(twice.output).toBe(once.output);
    expect(twice.changed).toBe(false);
  });

  it('never parses a file without Express usage (even one that would not parse)', () => {
    const run = jest.fn(() => true);
    const source = 'export function total(xs: number[]) { return xs.reduce((a, b) => a + b, 0) +; }\nres.send(1); next(2);\n';
    expect(usesExpress(source)).toBe(false);
    const result = migrateSource(source, 'math.ts', { steps: [{ name: 'x', run }] });
    expect(run).not.toHaveBeenCalled();
    expect(result).toMatchObject({ parsed: false, changed: false, output: source });
    expect(result.error).toBeUndefined();
  });

  it('skips steps whose mightApply rejects, and does not parse when none accepts', () => {
    const run = jest.fn(() => false);
    const result = migrateSource(USERS, 'users.ts', { steps: [{ name: 'never', mightApply: () => false, run }] });
    expect(run).not.toHaveBeenCalled();
    expect(result.parsed).toBe(false);
    // Routes still come out of the quick scan for the report.
    expect(result.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /:id', 'POST /']);
  });

  it('reports a file that does not parse and leaves it as it was', () => {
    const broken = "import { Router } from 'express';\nconst r = Router();\nr.get('/x', (req, res) => { res.send( });\n";
    const result = migrateSource(broken, 'broken.ts', { steps: tinySteps });
    expect(result.error).toMatch(/does not parse/);
    expect(result.output).toBe(broken);
    expect(result.changed).toBe(false);
  });

  it('keeps the file as it was when a step throws halfway', () => {
    const source = USERS + '// EXPLODE_HERE\n';
    const result = migrateSource(source, 'users.ts', { steps: tinySteps });
    expect(result.error).toMatch(/step explode threw: Error: this step always throws/);
    expect(result.output).toBe(source);
  });

  it('keeps CRLF line endings', () => {
    const crlf = USERS.replace(/\n/g, '\r\n');
    const result = migrateSource(crlf, 'users.ts', { steps: tinySteps });
    expect(result.changed).toBe(true);
    expect(result.output.split('\r\n').length).toBe(result.output.split('\n').length);
  });
});

describe('mergeRoutes', () => {
  it('takes the worst outcome of the steps that claimed a route', () => {
    const facts = discover(babelParse(USERS, 'u.ts'), 'u.ts');
    const report = new FileReport('u.ts');
    report.route({ method: 'GET', path: '/:id', line: 4, outcome: 'native', reasons: [] });
    report.route({ method: 'get', path: '/:id', line: 4, outcome: 'adapter', reasons: ['uses res.render'] });
    report.route({ method: 'PUT', path: '/elsewhere', line: 40, outcome: 'native', reasons: [] });
    const routes = mergeRoutes(facts, report);
    expect(routes).toEqual([
      { method: 'GET', path: '/:id', line: 4, outcome: 'adapter', reasons: ['uses res.render'] },
      { method: 'POST', path: '/', line: 11, outcome: 'todo', reasons: ['no step migrated this route'] },
      { method: 'PUT', path: '/elsewhere', line: 40, outcome: 'native', reasons: [] },
    ]);
  });
  it('matches a multi-line route() chain from its statement line, and rebuilt routes (no position) by method and path', () => {
    const chain = "import { Router } from 'express';\nconst r = Router();\nr\n  .route('/:id')\n  .get(show)\n  .post(update);\n";
    const facts = discover(babelParse(chain, 'c.ts'), 'c.ts');
    expect(facts.routes.map((f) => [f.method, f.path, f.line])).toEqual([['GET', '/:id', 3], ['POST', '/:id', 3]]);
    const report = new FileReport('c.ts');
    report.route({ method: 'GET', path: '/:id', line: 3, outcome: 'native', reasons: [] });
    report.route({ method: 'POST', path: '/:id', line: 0, outcome: 'adapter', reasons: ['split off the chain'] });
    expect(mergeRoutes(facts, report).map((r) => [r.method, r.line, r.outcome])).toEqual([['GET', 3, 'native'], ['POST', 3, 'adapter']]);
  });

  it('keeps an adapter route adapter despite the marker of the step that wrapped it, not despite others', () => {
    const facts = discover(babelParse(USERS, 'u.ts'), 'u.ts');
    const report = new FileReport('u.ts');
    report.route({ method: 'GET', path: '/:id', line: 4, outcome: 'adapter', reasons: [] });
    report.route({ method: 'POST', path: '/', line: 11, outcome: 'adapter', reasons: [] });
    report.todo('wrap', 5, 'served through the adapter; migrate natively when you can');
    report.todo('other-step', 11, 'do this by hand');
    const routes = mergeRoutes(facts, report, ['wrap', 'wrap']);
    expect(routes.map((r) => [r.path, r.outcome, r.reasons])).toEqual([
      ['/:id', 'adapter', ['wrap: served through the adapter; migrate natively when you can']],
      ['/', 'todo', ['other-step: do this by hand']],
    ]);
  });
});

describe('mount prefixes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'prefixes-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    return path.join(dir, rel);
  };
  const files = [
    write('app.ts', "import express from 'express';\nimport api from './routes';\nimport { health } from './health.js';\nconst app = express();\napp.use('/api/', api);\napp.use(health);\napp.use('/status', health);\n"),
    write('routes/index.ts', "const { Router } = require('express');\nconst r = Router();\nr.use('/users', auth, require('./users'));\nconst orders = require('./orders').default;\nr.use('/orders', orders);\nmodule.exports = r;\n"),
    write('routes/users.ts', "const r = require('express').Router();\nr.get('/:id', h);\nr.route('/').get(list).post(create);\nmodule.exports = r;\n"),
    write('routes/orders.ts', "import { Router } from 'express';\nconst r = Router();\nr.delete('/:id', h);\nexport default r;\n"),
    write('health.ts', "import { Router } from 'express';\nexport const health = Router();\nhealth.get('/', h);\n"),
    write('orphan.ts', "import { Router } from 'express';\nconst r = Router();\nr.get('/lost', h);\n"),
  ];
  const facts = files.map((f) => discover(babelParse(require('node:fs').readFileSync(f, 'utf8'), f), f));

  it('finds routes, including route() chains', () => {
    const users = facts[2];
    expect(users.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /:id', 'GET /', 'POST /']);
  });

  it('composes nested prefixes through ESM and CJS imports', () => {
    const prefixes = new Map([...resolveMountChains(facts)].map(([file, chains]) => [file, chains.map((c) => c.prefix)]));
    expect(prefixes.get(files[0])).toEqual(['']);
    expect(prefixes.get(files[1])).toEqual(['/api/']);
    expect(prefixes.get(files[2])).toEqual(['/api/users']);
    expect(prefixes.get(files[3])).toEqual(['/api/orders']);
    // Mounted twice: at the root (no prefix) and under /status.
    expect(prefixes.get(files[4])).toEqual(['', '/status']);
    expect(prefixes.has(files[5])).toBe(false);
  });
});

describe('recipe-transform (jscodeshift runner entry)', () => {
  it('gives the same output as migrateSource with every step', () => {
    const source = "import { Router } from 'express';\nconst r = Router();\nr.get('/a', (req, res) => {\n  res.json({ ok: true });\n});\nexport default r;\n";
    const expected = migrateSource(source, 'a.ts', { steps: realSteps });
    const viaRunner = applyTransform(recipeTransform, {}, { source, path: 'a.ts' });
    expect(viaRunner).toBe(expected.changed ? expected.output.trim() : source.trim());
  });
});

describe('--out import re-aiming', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reaim-'));
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
    return path.join(dir, rel);
  };
  const routes = write(
    'app/routes/users.ts',
    "import { Router } from 'express';\nimport { auth } from '../middleware/auth';\nimport { list } from '../controllers/users';\nimport { db } from '../db';\nconst r = Router();\nr.get('/', auth, list);\nexport default r;\n",
  );
  const middleware = write('app/middleware/auth.ts', "import type { Request } from 'express';\nexport const auth = (req: Request, res: any, next: any) => next();\n");
  const controller = write('app/controllers/users.ts', "import type { Request } from 'express';\nexport const list = (req: Request, res: any) => res.json([]);\n");
  write('app/db.ts', 'export const db = {};\n');
  // Wraps route middleware in the adapter and imports it from ctx.options.adapterModule, as the real steps do.
  const wrapMiddleware: Step = {
    name: 'wrap-middleware',
    run({ j, root, options }) {
      root.find(j.CallExpression, { callee: { property: { name: 'get' } } }).forEach((p) => {
        const args = p.node.arguments;
        args.splice(1, 1, j.callExpression(j.identifier('fromExpressMiddleware'), [args[1] as any]));
      });
      root.get().node.program.body.unshift(
        j.importDeclaration([j.importSpecifier(j.identifier('fromExpressMiddleware'))], j.stringLiteral(String(options.adapterModule))),
      );
      return true;
    },
  };

  it('points at twins of migrated modules, at legacy code for the rest and for adapter-wrapped imports, and never re-aims added imports', () => {
    const layout = { baseDir: path.join(dir, 'app'), outDir: path.join(dir, 'gateway/migrated'), migrated: new Set([routes, middleware, controller]) };
    const result = migrateSource(readFileSync(routes, 'utf8'), routes, { steps: [wrapMiddleware], outLayout: layout, stepOptions: { adapterModule: '../../adapter' } });
    expect(result.output).toContain("import { fromExpressMiddleware } from '../../adapter';");
    expect(result.output).toContain("import { auth } from '../../../app/middleware/auth';");
    expect(result.output).toContain("import { list } from '../controllers/users';");
    expect(result.output).toContain("import { db } from '../../../app/db';");
  });

  it('re-aims __dirname and __filename at the legacy folder, adding a path require when the file has none', () => {
    const file = path.join(dir, 'app', 'routes', 'files.js');
    const source = `const express = require('express');
const router = express.Router();
router.get('/logo', (req, res) => res.sendFile('logo.png', { root: __dirname + '/static' }));
router.get('/self', (req, res) => res.json({ file: __filename }));
module.exports = router;
`;
    const layout = { baseDir: path.join(dir, 'app'), outDir: path.join(dir, 'gateway/generated'), migrated: new Set([file]) };
    const result = migrateSource(source, file, { steps: [], outLayout: layout });
    expect(result.output).toContain("const path = require('node:path');");
    expect(result.output).toContain("root: path.join(__dirname, '../../../app/routes') + '/static'");
    expect(result.output).toContain("file: path.join(__dirname, '../../../app/routes/files.js')");
    // Evaluated from the twin's folder, the expressions name the legacy ones.
    const twinDir = path.join(dir, 'gateway/generated/routes');
    expect(path.join(twinDir, '../../../app/routes')).toBe(path.dirname(file));
  });
});
