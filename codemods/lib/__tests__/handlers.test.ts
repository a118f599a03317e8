import jscodeshift from 'jscodeshift';
import { findHandlers, refersToParam, usesOf } from '../handlers';
import { escapeReasons } from '../receivers';

const j = jscodeshift.withParser('tsx');

function handlersOf(src: string) {
  const root = j(src);
  return { root, handlers: findHandlers(j, root) };
}

describe('findHandlers', () => {
  it('finds inline, named, factory and error handlers of an Express router, by scope', () => {
    const { handlers } = handlersOf(`
      const express = require('express');
      const router = express.Router();
      function requireRole(role) { return (q, s, n) => { if (q.user.role !== role) return s.sendStatus(403); n(); }; }
      const getUser = async (r, reply) => { reply.json(r.params.id); };
      function helper(res) { return res; }
      router.get('/:id', requireRole('ADMIN'), getUser);
      router.post('/', async function create(req, res, next) { try { res.status(201).json(req.body) } catch (e) { next(e) } });
      router.use((err, req, res, next) => res.status(500).json({ error: err.message }));
      router.param('id', (req, res, next, id) => { req.id = id; next(); });
      module.exports = router;
    `);
    const summary = handlers.map((h) => [h.kind, h.form, h.params.req, h.params.res, h.params.next ?? null]);
    expect(summary).toEqual([
      ['middleware', 'express', 'q', 's', 'n'],
      ['route', 'express', 'r', 'reply', null],
      ['route', 'express', 'req', 'res', 'next'],
      ['error', 'express', 'req', 'res', 'next'],
      ['param', 'express', 'req', 'res', 'next'],
    ]);
    expect(handlers[3].params.err).toBe('err');
    expect(handlers[4].params.value).toBe('id');
  });

  it('finds Fastify handlers and hooks and tells them from Express ones', () => {
    const { handlers } = handlersOf(`
      import Fastify from 'fastify';
      const app = Fastify();
      app.get('/a', async (request, reply) => reply.code(200).send({ ok: true }));
      app.route({ method: 'GET', url: '/b', preHandler: [async (request) => {}], handler: async (request, reply) => ({ b: 1 }) });
      app.get('/c', { preHandler: [fromExpressMiddleware(auth)] }, (req, res) => res.json({}));
      function auth(req, res, next) { next(); }
    `);
    expect(handlers.map((h) => [h.kind, h.form, h.adapted])).toEqual([
      ['route', 'fastify', false],
      ['middleware', 'fastify', false],
      ['route', 'fastify', false],
      ['route', 'express', false],
      ['middleware', 'express', true],
    ]);
  });

  it('ignores functions that only look like handlers by name', () => {
    const { handlers } = handlersOf(`
      function format(req, res) { return req + res; }
      [1, 2].map((req, res) => req * res);
      fs.readFile('x', 'utf8', (err, data, next) => next());
    `);
    expect(handlers).toEqual([]);
  });
});

describe('usesOf / refersToParam', () => {
  it('follows scope: a shadowing declaration is not the parameter', () => {
    const { root, handlers } = handlersOf(`
      const express = require('express');
      const app = express();
      const res = 'module-level';
      app.get('/', (rq, res) => {
        res.send(res.locals.x);
        { const res = 1; console.log(res); }
        [1].forEach(function (res) { return res; });
        log(rq, { res });
      });
    `);
    const h = handlers[0];
    const uses = usesOf(j, h, 'res');
    expect(uses.size()).toBe(3); // res.send, res.locals, { res }
    // One escaping use each (what escaping-handler-to-adapter acts on): rq handed to log, res put in an object.
    expect(escapeReasons(j, h)).toEqual(['rq is passed to log()', 'res is put in an object or array']);
    let viaScope = 0;
    root.find(j.Identifier, { name: 'res' }).forEach((p) => {
      if (refersToParam(j, p, h, 'res')) viaScope++;
    });
    expect(viaScope).toBe(3);
  });
});

describe('usedNames / pruneUnusedImports', () => {
  it('keeps imports used only in types or initializers, drops the rest', () => {
    const tsj = jscodeshift.withParser('ts');
    const root = tsj(`import { Router, type Request, type Response, type NextFunction, json } from 'express';
const { Router: R2, static: serve } = require('express');
const handler: RequestHandlerLike<Request> = (x) => x;
const app = serve('public');
`);
    const { pruneUnusedImports } = require('../ast');
    expect(pruneUnusedImports(tsj, root, 'express')).toBe(true);
    const out = root.toSource();
    expect(out).toContain("import { type Request } from 'express';");
    expect(out).toContain("const { static: serve } = require('express');");
  });
});

describe('findHandlers in modules that only define handlers', () => {
  it('finds middleware, factories and controllers by their shape (TypeScript)', () => {
    const tsj = jscodeshift.withParser('ts');
    const root = tsj(`
      import type { NextFunction, Request, RequestHandler, Response } from 'express';
      export function authenticate(req: Request, _res: Response, next: NextFunction): void {
        if (req.get('authorization')) req.user = { id: 1 };
        next();
      }
      export const requireAuth: RequestHandler = (req, res, next) => {
        if (!req.user) return next(new Error('401'));
        res.locals.user = req.user;
        next();
      };
      export function requireRole(role: string): RequestHandler {
        return function checkRole(req, _res, next) {
          if (req.user?.role !== role) return next(new Error('403'));
          next();
        };
      }
      export async function listUsers(request: Request, reply: Response) {
        reply.json(await list(request.query));
      }
      export function toPublic(user: User, viewer: User) { return { ...user, self: user.id === viewer.id }; }
      export function log(message: string, meta: Record<string, unknown>, cb: () => void) { console.log(message, meta); cb(); }
    `);
    const found = findHandlers(tsj, root).map((h) => [h.path.node.id?.name ?? h.path.parent.node.id?.name, h.kind, h.form, h.params.req, h.params.res, h.params.next ?? null]);
    expect(found).toEqual([
      ['authenticate', 'middleware', 'express', 'req', '_res', 'next'],
      ['requireAuth', 'middleware', 'express', 'req', 'res', 'next'],
      ['checkRole', 'middleware', 'express', 'req', '_res', 'next'],
      ['listUsers', 'route', 'express', 'request', 'reply', null],
    ]);
  });
});
