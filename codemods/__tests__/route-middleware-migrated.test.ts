/**
 * express-route-to-fastify-route with option migratedModules: route middleware imported from a module
 * the same run migrates is a Fastify hook after the run, so it goes into preHandler as it is (a
 * factory call, a spread of a local array, a name bound to one), and the route is reported native.
 * Middleware from anywhere else stays behind the adapter, element by element for arrays.
 */
import jscodeshift from 'jscodeshift';
import { step } from '../express-route-to-fastify-route';
import { FileReport } from '../lib/step';

const SOURCE = `
const express = require('express');
const { requireAuth, requireRole } = require('./middleware/auth');
const rateLimit = require('express-rate-limit');

const router = express.Router();
const adminOnly = [requireAuth, requireRole('ADMIN')];

router.post('/', ...adminOnly, create);
router.patch('/:id', adminOnly, update);
router.put('/:id', requireAuth, requireRole('ADMIN'), update);
router.delete('/:id', rateLimit({ max: 5 }), ...adminOnly, remove);

function create(req, res) { res.json({}); }
function update(req, res) { res.json({}); }
function remove(req, res) { res.json({}); }
module.exports = router;
`;

function run(options: Record<string, unknown>) {
  const j = jscodeshift.withParser('babel');
  const root = j(SOURCE);
  const file = { path: '/app/routes/items.js', source: SOURCE };
  const report = new FileReport(file.path);
  step.run({ j, root, file, report, options: { ...options, stepName: step.name } });
  return { output: root.toSource({ quote: 'single' }), routes: report.routes.map((r) => `${r.method.toUpperCase()} ${r.path} ${r.outcome}`) };
}

test('middleware of a module the run migrates is used natively, and the routes are native', () => {
  const { output, routes } = run({ migratedModules: ['/app/routes/middleware/auth.ts'] });
  expect(output).toContain(`router.post('/', { preHandler: [...adminOnly] }, create);`);
  expect(output).toContain(`router.patch('/:id', { preHandler: [...adminOnly] }, update);`);
  expect(output).toContain(`{ preHandler: [requireAuth, requireRole('ADMIN')] }`);
  // A package's middleware is still Express middleware.
  expect(output).toContain(`preHandler: [fromExpressMiddleware(rateLimit({ max: 5 })), ...adminOnly]`);
  expect(routes).toEqual(['POST / native', 'PATCH /:id native', 'PUT /:id native', 'DELETE /:id adapter']);
});

test('without the option every middleware is behind the adapter, arrays element by element', () => {
  const { output, routes } = run({});
  expect(output).toContain(`{ preHandler: [...adminOnly.map((mw) => fromExpressMiddleware(mw))] }`);
  expect(output).not.toContain('fromExpressMiddleware(...adminOnly)');
  expect(output).not.toContain('fromExpressMiddleware(adminOnly)');
  expect(routes).toEqual(['POST / adapter', 'PATCH /:id adapter', 'PUT /:id adapter', 'DELETE /:id adapter']);
});
