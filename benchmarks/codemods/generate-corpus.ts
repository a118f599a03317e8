/**
 * Generates an Express app the size of a large real one for `npm run bench:codemods`:
 * 400 route files (~350,000 lines) in 20 domains, each domain an index router mounted by app.ts,
 * each route file a router with 25-30 routes: middleware chains, controllers, async handlers with
 * try/catch and next(err), route() chains, router.param, res/req API calls of every common kind,
 * JSDoc and line comments. Plus the services, models and middleware the routes import (files the
 * recipe must skip without parsing). Deterministic: the same seed gives the same corpus.
 *
 *   npx tsx benchmarks/codemods/generate-corpus.ts [--dir generated-corpus] [--files 400] [--seed 42]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CorpusOptions {
  dir: string;
  files?: number;
  seed?: number;
  /** Routes per file (the average file is then ~880 lines with the default 37). */
  routesPerFile?: number;
}

export interface CorpusStats {
  dir: string;
  routeFiles: number;
  otherFiles: number;
  lines: number;
  routeLines: number;
  routes: number;
}

/** mulberry32: a small seeded PRNG, so the corpus is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DOMAINS = [
  'accounts', 'billing', 'catalog', 'checkout', 'content', 'crm', 'fulfillment', 'identity', 'inventory', 'ledger',
  'loyalty', 'marketing', 'messaging', 'payments', 'pricing', 'reporting', 'reviews', 'search', 'shipping', 'support',
];
const RESOURCES = [
  'items', 'orders', 'invoices', 'customers', 'notes', 'tags', 'events', 'exports', 'imports', 'settings',
  'webhooks', 'tokens', 'sessions', 'reports', 'attachments', 'comments', 'audits', 'quotas', 'plans', 'jobs',
];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const RESERVED = new Set(['export', 'import', 'default', 'delete', 'new', 'class', 'function', 'return']);
/** 'invoices' → 'invoice'; a reserved word gets a suffix ('exports' → 'exportJob'), as a person would name it. */
const singular = (s: string) => {
  const base = (s.endsWith('ies') ? s.slice(0, -3) + 'y' : s.replace(/s$/, '')).replace(/[0-9]+$/, '');
  return RESERVED.has(base) ? base + 'Job' : base;
};

type Gen = (ctx: HandlerCtx) => string[];

interface HandlerCtx {
  r: () => number;
  svc: string;
  entity: string;
  Entity: string;
  idParam: string;
  n: number;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Padding that real handlers have: validation, logging, mapping. Keeps files at a realistic size. */
function body(ctx: HandlerCtx, indent: string, count: number): string[] {
  const out: string[] = [];
  const { r, entity } = ctx;
  for (let i = 0; i < count; i++) {
    switch (Math.floor(r() * 8)) {
      case 0:
        out.push(`${indent}// Normalise the ${entity} fields the old mobile client still sends.`);
        break;
      case 1:
        out.push(`${indent}const limit${i} = Math.min(Number(req.query.limit ?? 50), 200);`);
        break;
      case 2:
        out.push(`${indent}if (typeof req.body?.name === 'string' && req.body.name.length > 120) {`, `${indent}  return res.status(400).json({ error: 'name too long', field: 'name' });`, `${indent}}`);
        break;
      case 3:
        out.push(`${indent}logger.debug({ requestId: req.get('x-request-id'), step: ${i} }, '${entity} handler step');`);
        break;
      case 4:
        out.push(`${indent}const fields${i} = pickFields(req.query.fields, ['id', 'name', 'createdAt', 'updatedAt']);`);
        break;
      case 5:
        out.push(`${indent}const tenant${i} = req.user?.tenantId ?? req.get('x-tenant') ?? 'default';`, `${indent}metrics.increment('${entity}.requests', { tenant: tenant${i} });`);
        break;
      case 6:
        out.push(`${indent}/*`, `${indent} * Kept for the ${entity} importer: it relies on this ordering (see the 2019 incident review).`, `${indent} */`);
        break;
      default:
        out.push(`${indent}const started${i} = Date.now();`, `${indent}res.set('Server-Timing', \`app;dur=\${Date.now() - started${i}}\`);`);
    }
  }
  return out;
}

const HANDLERS: Gen[] = [
  // async list with try/catch and next(err)
  (c) => [
    `async (req: Request, res: Response, next: NextFunction) => {`,
    `  try {`,
    ...body(c, '    ', 6),
    `    const page = Number(req.query.page ?? 1);`,
    `    const result = await ${c.svc}.list({ page, q: req.query.q as string | undefined, owner: req.user?.id });`,
    `    res.set('X-Total-Count', String(result.total));`,
    `    res.json({ items: result.items, page, total: result.total });`,
    `  } catch (err) {`,
    `    next(err);`,
    `  }`,
    `}`,
  ],
  // get by id with 404
  (c) => [
    `async (req, res, next) => {`,
    `  try {`,
    ...body(c, '    ', 5),
    `    const ${c.entity} = await ${c.svc}.findById(req.params.${c.idParam});`,
    `    if (!${c.entity}) {`,
    `      return res.status(404).json({ error: '${c.Entity} not found', id: req.params.${c.idParam} });`,
    `    }`,
    `    res.status(200).json(${c.entity});`,
    `  } catch (error) {`,
    `    return next(error);`,
    `  }`,
    `}`,
  ],
  // create with 201 and location
  (c) => [
    `async function create${c.Entity}${c.n}(req: Request, res: Response, next: NextFunction) {`,
    ...body(c, '  ', 5),
    `  const errors = validate${c.Entity}(req.body);`,
    `  if (errors.length > 0) {`,
    `    res.status(422).json({ errors });`,
    `    return;`,
    `  }`,
    `  try {`,
    `    const created = await ${c.svc}.create({ ...req.body, createdBy: req.user!.id });`,
    `    res.location(\`\${req.baseUrl}/\${created.id}\`);`,
    `    res.status(201).json(created);`,
    `  } catch (err) {`,
    `    next(err);`,
    `  }`,
    `}`,
  ],
  // promise chain
  (c) => [
    `(req, res, next) => {`,
    ...body(c, '  ', 4),
    `  ${c.svc}`,
    `    .update(req.params.${c.idParam}, req.body)`,
    `    .then((updated) => {`,
    `      if (!updated) return res.sendStatus(404);`,
    `      res.json(updated);`,
    `    })`,
    `    .catch(next);`,
    `}`,
  ],
  // delete with 204
  (c) => [
    `async (req, res) => {`,
    ...body(c, '  ', 4),
    `  await ${c.svc}.remove(req.params.${c.idParam}, { by: req.user?.id });`,
    `  res.status(204).end();`,
    `}`,
  ],
  // text/html/csv responses
  (c) => [
    `async (req, res, next) => {`,
    `  try {`,
    ...body(c, '    ', 5),
    `    const rows = await ${c.svc}.export(req.query);`,
    `    res.type('text/csv');`,
    `    res.attachment('${c.entity}-export.csv');`,
    `    res.send(rows.map((row) => Object.values(row).join(',')).join('\\n'));`,
    `  } catch (e) {`,
    `    next(e);`,
    `  }`,
    `}`,
  ],
  // cookies, redirects, headers
  (c) => [
    `(req, res) => {`,
    ...body(c, '  ', 4),
    `  const next${c.Entity} = req.query.return_to ? String(req.query.return_to) : '/';`,
    `  res.cookie('last_${c.entity}', req.params.${c.idParam}, { httpOnly: true, sameSite: 'lax', maxAge: 86400000 });`,
    `  if (req.accepts('html')) {`,
    `    return res.redirect(302, next${c.Entity});`,
    `  }`,
    `  res.send({ ok: true, redirect: next${c.Entity} });`,
    `}`,
  ],
  // server-side render (adapter territory)
  (c) => [
    `async (req, res, next) => {`,
    ...body(c, '  ', 4),
    `  const ${c.entity} = await ${c.svc}.findById(req.params.${c.idParam}).catch(next);`,
    `  if (!${c.entity}) return next(new HttpError(404, '${c.Entity} not found'));`,
    `  res.locals.title = '${c.Entity} ' + ${c.entity}.name;`,
    `  res.render('${c.entity}/show', { ${c.entity}, user: req.user });`,
    `}`,
  ],
  // streams and downloads
  (c) => [
    `(req, res, next) => {`,
    ...body(c, '  ', 3),
    `  const file = ${c.svc}.filePath(req.params.${c.idParam});`,
    `  res.download(file, \`${c.entity}-\${req.params.${c.idParam}}.pdf\`, (err) => {`,
    `    if (err) next(err);`,
    `  });`,
    `}`,
  ],
];

const MIDDLEWARE_CHAINS = [
  [],
  ['requireAuth'],
  ['requireAuth', "requireRole('ADMIN')"],
  ['requireAuth', 'validateBody(schemas.update)'],
  ['rateLimit({ windowMs: 60_000, max: 30 })'],
  ['requireAuth', "requireRole('SUPPORT')", 'audit'],
];

function routeFile(r: () => number, domain: string, resource: string, routes: number, fileIndex: number): { text: string; routes: number } {
  const entity = singular(resource);
  const Entity = cap(entity);
  const svc = `${entity}Service`;
  const idParam = pick(r, ['id', `${entity}Id`]);
  const lines: string[] = [];
  const esm = r() < 0.8;
  lines.push(
    `/**`,
    ` * ${cap(domain)} / ${resource}: HTTP routes for ${resource}.`,
    ` * Owned by the ${domain} team. Mounted at /api/${domain}/${resource}.`,
    ` */`,
  );
  if (esm) {
    lines.push(
      `import { Router, type NextFunction, type Request, type Response } from 'express';`,
      `import * as ${svc} from '../../services/${domain}/${resource}.service';`,
      `import { requireAuth, requireRole } from '../../middleware/auth';`,
      `import { audit, rateLimit, validateBody } from '../../middleware/common';`,
      `import { HttpError } from '../../lib/errors';`,
      `import { logger, metrics } from '../../lib/observability';`,
      `import { pickFields } from '../../lib/fields';`,
      `import * as schemas from '../../models/${domain}/${entity}.schema';`,
      `import { validate${Entity} } from '../../models/${domain}/${entity}.schema';`,
      ``,
      `const router = Router();`,
    );
  } else {
    lines.push(
      `const express = require('express');`,
      `const ${svc} = require('../../services/${domain}/${resource}.service');`,
      `const { requireAuth, requireRole } = require('../../middleware/auth');`,
      `const { audit, rateLimit, validateBody } = require('../../middleware/common');`,
      `const { HttpError } = require('../../lib/errors');`,
      `const { logger, metrics } = require('../../lib/observability');`,
      `const { pickFields } = require('../../lib/fields');`,
      `const schemas = require('../../models/${domain}/${entity}.schema');`,
      `const { validate${Entity} } = schemas;`,
      ``,
      `const router = express.Router();`,
      `type Request = import('express').Request;`,
      `type Response = import('express').Response;`,
      `type NextFunction = import('express').NextFunction;`,
    );
  }
  lines.push(
    ``,
    `router.use(requireAuth);`,
    ``,
    `// Loads the ${entity} named by :${idParam} once for every route below.`,
    `router.param('${idParam}', (req, res, next, raw) => {`,
    `  if (!/^[0-9a-f-]{1,36}$/.test(raw)) return res.status(400).json({ error: 'bad id' });`,
    `  next();`,
    `});`,
    ``,
  );
  const suffixes = ['', '/:ID', '/:ID/history', '/:ID/archive', '/search', '/bulk', '/:ID/children/:childId', '/export.csv', '/:ID/preview', '/stats{/:period}'];
  let count = 0;
  for (let i = 0; i < routes; i++) {
    const ctx: HandlerCtx = { r, svc, entity, Entity, idParam, n: i };
    const method = pick(r, ['get', 'get', 'get', 'post', 'put', 'patch', 'delete']);
    const routePath = (suffixes[i % suffixes.length] + (i >= suffixes.length ? `/v${i}` : '')).replace(/ID/g, idParam) || '/';
    const chain = pick(r, MIDDLEWARE_CHAINS);
    const handler = pick(r, HANDLERS)(ctx);
    lines.push(`/**`, ` * ${method.toUpperCase()} ${routePath}: ${pick(r, ['lists', 'reads', 'changes', 'exports', 'renders'])} ${resource} for route ${i} of file ${fileIndex}.`, ` */`);
    if (r() < 0.12) {
      // route() chain with two methods
      const second = pick(r, HANDLERS)(ctx);
      lines.push(`router`, `  .route('${routePath === '/' ? `/r${i}` : routePath}')`, `  .get(${handler.join('\n  ')})`, `  .post(${chain.length ? chain.join(', ') + ', ' : ''}${second.join('\n  ')});`);
      count += 2;
    } else {
      const args = [`'${routePath}'`, ...chain];
      lines.push(`router.${method}(${args.join(', ')}, ${handler[0]}`, ...handler.slice(1, -1), `${handler[handler.length - 1]});`);
      count += 1;
    }
    lines.push(``);
  }
  lines.push(esm ? `export default router;` : `module.exports = router;`, ``);
  return { text: lines.join('\n'), routes: count };
}

const countLines = (text: string) => text.split('\n').length;

export function generateCorpus(options: CorpusOptions): CorpusStats {
  const dir = path.resolve(options.dir);
  const total = options.files ?? 400;
  const r = rng(options.seed ?? 42);
  const perFile = options.routesPerFile ?? 37;
  rmSync(dir, { recursive: true, force: true });
  const stats: CorpusStats = { dir, routeFiles: 0, otherFiles: 0, lines: 0, routeLines: 0, routes: 0 };
  const write = (rel: string, text: string, isRoute: boolean) => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    const n = countLines(text);
    stats.lines += n;
    if (isRoute) {
      stats.routeFiles += 1;
      stats.routeLines += n;
    } else stats.otherFiles += 1;
  };

  const perDomain = Math.ceil(total / DOMAINS.length);
  const domains = DOMAINS.map((d, i) => ({ domain: d, resources: [] as string[], i }));
  for (let f = 0; f < total; f++) {
    const d = domains[Math.floor(f / perDomain) % DOMAINS.length];
    const k = d.resources.length;
    d.resources.push(RESOURCES[k % RESOURCES.length] + (k >= RESOURCES.length ? String(Math.floor(k / RESOURCES.length)) : ''));
  }
  let fileIndex = 0;
  for (const d of domains) {
    if (d.resources.length === 0) continue;
    const mounts: string[] = [];
    for (const resource of d.resources) {
      const routes = Math.max(5, perFile + Math.floor(r() * 7) - 3);
      const file = routeFile(r, d.domain, resource, routes, fileIndex++);
      stats.routes += file.routes;
      write(`src/routes/${d.domain}/${resource}.routes.ts`, file.text, true);
      const entity = singular(resource);
      write(
        `src/services/${d.domain}/${resource}.service.ts`,
        [
          `// Data access for ${resource}; no Express in here.`,
          `const rows = new Map<string, any>();`,
          `export async function list(q: any) { return { items: [...rows.values()], total: rows.size, q }; }`,
          `export async function findById(id: string) { return rows.get(id) ?? null; }`,
          `export async function create(data: any) { const id = String(rows.size + 1); rows.set(id, { id, ...data }); return rows.get(id); }`,
          `export async function update(id: string, data: any) { return rows.has(id) ? { ...rows.get(id), ...data } : null; }`,
          `export async function remove(id: string, _by: any) { rows.delete(id); }`,
          `export async function exportRows(q: any) { return [...rows.values()].filter(() => q); }`,
          `export { exportRows as export };`,
          `export function filePath(id: string) { return '/tmp/${entity}-' + id + '.pdf'; }`,
          ``,
        ].join('\n'),
        false,
      );
      write(
        `src/models/${d.domain}/${entity}.schema.ts`,
        [`export const update = { type: 'object' };`, `export function validate${cap(entity)}(body: any): string[] { return body && typeof body === 'object' ? [] : ['body must be an object']; }`, ``].join('\n'),
        false,
      );
      mounts.push(`router.use('/${resource}', ${resource.replace(/[^a-z0-9]/gi, '')}Routes);`);
    }
    const imports = d.resources.map((res) => `import ${res.replace(/[^a-z0-9]/gi, '')}Routes from './${res}.routes';`);
    write(`src/routes/${d.domain}/index.ts`, [`import { Router } from 'express';`, ...imports, ``, `const router = Router();`, ...mounts, ``, `export default router;`, ``].join('\n'), false);
  }
  const used = domains.filter((d) => d.resources.length > 0);
  write(
    'src/app.ts',
    [
      `import express from 'express';`,
      `import cookieParser from 'cookie-parser';`,
      `import { authenticate } from './middleware/auth';`,
      ...used.map((d) => `import ${d.domain}Router from './routes/${d.domain}/index';`),
      ``,
      `export function createApp() {`,
      `  const app = express();`,
      `  app.use(express.json({ limit: '1mb' }));`,
      `  app.use(express.urlencoded({ extended: false }));`,
      `  app.use(cookieParser());`,
      `  app.use(authenticate);`,
      ...used.map((d) => `  app.use('/api/${d.domain}', ${d.domain}Router);`),
      `  return app;`,
      `}`,
      ``,
    ].join('\n'),
    false,
  );
  write(
    'src/middleware/auth.ts',
    [
      `import type { NextFunction, Request, Response } from 'express';`,
      `export function authenticate(req: Request, _res: Response, next: NextFunction) { next(); }`,
      `export function requireAuth(req: Request, res: Response, next: NextFunction) { if (!(req as any).user) return res.status(401).json({ error: 'unauthorized' }); next(); }`,
      `export const requireRole = (role: string) => (req: Request, res: Response, next: NextFunction) => ((req as any).user?.role === role ? next() : res.sendStatus(403));`,
      ``,
    ].join('\n'),
    false,
  );
  write('src/middleware/common.ts', [`export const audit = (_req: any, _res: any, next: any) => next();`, `export const rateLimit = (_o: any) => (_req: any, _res: any, next: any) => next();`, `export const validateBody = (_s: any) => (_req: any, _res: any, next: any) => next();`, ``].join('\n'), false);
  write('src/lib/errors.ts', `export class HttpError extends Error { constructor(public status: number, message: string) { super(message); } }\n`, false);
  write('src/lib/observability.ts', `export const logger = { debug: (..._a: any[]) => {} };\nexport const metrics = { increment: (..._a: any[]) => {} };\n`, false);
  write('src/lib/fields.ts', `export function pickFields(_q: any, all: string[]) { return all; }\n`, false);
  return stats;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const stats = generateCorpus({
    dir: get('--dir') ?? path.join(__dirname, '..', '..', 'generated-corpus'),
    files: get('--files') ? Number(get('--files')) : undefined,
    seed: get('--seed') ? Number(get('--seed')) : undefined,
  });
  process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
}
