/**
 * The adapter inside Fastify's lifecycle: middleware `next()` / `next(err)`, decorations shared
 * with native hooks, the error handler and onResponse hooks, the debt marker, timeouts.
 * Real Fastify 5 over real HTTP on 127.0.0.1.
 */
import http from 'node:http';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  ADAPTER_HANDLER,
  createExpressAdapter,
  ExpressAdapterTimeoutError,
  fromExpressHandler,
  type ExpressHandler,
  fromExpressMiddleware,
} from '..';
import { expressLocals } from '../../express-compat';
import { createGateway } from '../../index';
import { buildExpress, comparable, listen, request, type DiffCase } from './differential';

/** The project declares its own `user` types; these tests use a simpler user. */
type UserRequest = Omit<Request, 'user'> & { user?: { id: number; name?: string } | null };

const apps: FastifyInstance[] = [];

async function start(build: (app: FastifyInstance) => void | Promise<void>): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false });
  apps.push(app);
  app.decorateRequest('user', undefined);
  await build(app);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const res = await fetch(`${base}${path}`, { headers });
  const out: http.IncomingHttpHeaders = {};
  res.headers.forEach((value, key) => (out[key] = value));
  return { status: res.status, headers: out, body: await res.text() };
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('fromExpressMiddleware', () => {
  test('next() continues to the route handler, and req.user set by the middleware is seen by native and Express code', async () => {
    const authenticate = (req: UserRequest, res: Response, next: NextFunction): void => {
      req.user = { id: Number(req.get('x-user-id')), name: 'Ada' };
      next();
    };
    const { base } = await start((app) => {
      app.get('/native', { preHandler: fromExpressMiddleware(authenticate) }, async (request) => ({ native: (request as unknown as { user?: unknown }).user }));
      app.get(
        '/express',
        { preHandler: fromExpressMiddleware(authenticate) },
        fromExpressHandler((req: UserRequest, res) => res.json({ express: req.user })),
      );
    });
    expect(await get(base, '/native', { 'x-user-id': '7' })).toMatchObject({ status: 200, body: '{"native":{"id":7,"name":"Ada"}}' });
    expect(await get(base, '/express', { 'x-user-id': '8' })).toMatchObject({ status: 200, body: '{"express":{"id":8,"name":"Ada"}}' });
  });

  test('a user decorated by a native Fastify hook is req.user for Express code', async () => {
    const { base } = await start((app) => {
      app.addHook('preHandler', async (request) => {
        (request as unknown as { user: unknown }).user = { id: 99 };
      });
      app.get('/me', fromExpressHandler((req: UserRequest, res) => res.json({ id: req.user?.id })));
    });
    expect(await get(base, '/me')).toMatchObject({ status: 200, body: '{"id":99}' });
  });

  test("res.locals is express-compat's reply.locals, both ways (a migrated hook fills it, Express code reads and adds)", async () => {
    let seenAfterwards: unknown;
    const { base } = await start(async (app) => {
      await app.register(expressLocals);
      app.addHook('preHandler', async (_request, reply) => {
        reply.locals.target = { id: 5 };
      });
      app.get(
        '/locals',
        {
          onResponse: async (_request, reply) => {
            seenAfterwards = reply.locals.seen;
          },
        },
        fromExpressHandler((req, res) => {
          res.locals.seen = 'by express';
          res.type('text/plain').send(JSON.stringify(res.locals.target));
        }),
      );
    });
    expect(await get(base, '/locals')).toMatchObject({ status: 200, body: '{"id":5}' });
    await new Promise((resolve) => setTimeout(resolve, 20)); // onResponse runs after the body is flushed
    expect(seenAfterwards).toBe('by express');
  });

  test('req.session is the Fastify request.session, both ways', async () => {
    const { base } = await start((app) => {
      app.decorateRequest('session', null);
      app.addHook('onRequest', async (request) => {
        (request as unknown as { session: Record<string, unknown> }).session = { id: 's1', views: 1 };
      });
      app.get(
        '/',
        {
          preHandler: [
            fromExpressMiddleware((req, res, next) => {
              const session = (req as unknown as { session: Record<string, number> }).session;
              session.views += 1;
              next();
            }),
            async (request) => {
              (request as unknown as { session: Record<string, unknown> }).session.native = true;
            },
          ],
        },
        fromExpressHandler((req, res) => res.json((req as unknown as { session: unknown }).session)),
      );
    });
    expect(await get(base, '/')).toMatchObject({ status: 200, body: '{"id":"s1","views":2,"native":true}' });
  });

  test('requestProperties mirrors other decorations', async () => {
    const { base } = await start((app) => {
      app.decorateRequest('tenant', null);
      app.addHook('onRequest', async (request) => {
        (request as unknown as { tenant: string }).tenant = 'acme';
      });
      const adapter = createExpressAdapter({ requestProperties: ['tenant'] });
      app.get('/', adapter.fromExpressHandler((req, res) => res.send(String((req as unknown as { tenant: string }).tenant))));
    });
    expect((await get(base, '/')).body).toBe('acme');
  });

  test('next(err) reaches the Fastify error handler and skips the handler', async () => {
    const seen: string[] = [];
    const { base } = await start((app) => {
      app.setErrorHandler((err, request, reply) => {
        seen.push(`${(err as Error).message}`);
        return reply.code(409).send({ handledBy: 'fastify', message: (err as Error).message });
      });
      app.get(
        '/',
        { preHandler: fromExpressMiddleware((req, res, next) => next(new Error('conflict'))) },
        async () => {
          seen.push('handler ran');
          return 'no';
        },
      );
    });
    expect(await get(base, '/')).toMatchObject({ status: 409, body: '{"handledBy":"fastify","message":"conflict"}' });
    expect(seen).toEqual(['conflict']);
  });

  test('a middleware that answers ends the lifecycle: later hooks and the handler do not run, onResponse does', async () => {
    const ran: string[] = [];
    const { base } = await start((app) => {
      app.addHook('onResponse', async (request, reply) => {
        ran.push(`onResponse ${reply.statusCode}`);
      });
      app.get(
        '/',
        {
          preHandler: [
            fromExpressMiddleware((req, res) => res.status(401).json({ error: 'unauthorized' })),
            async () => {
              ran.push('second hook');
            },
          ],
        },
        async () => {
          ran.push('handler');
          return 'secret';
        },
      );
    });
    expect(await get(base, '/')).toMatchObject({ status: 401, body: '{"error":"unauthorized"}' });
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toEqual(['onResponse 401']);
  });

  test('res.locals and ad-hoc req properties flow from middleware to handler, in order', async () => {
    const { base } = await start((app) => {
      app.get(
        '/',
        {
          preHandler: [
            fromExpressMiddleware((req, res, next) => {
              res.locals.trail = ['one'];
              (req as Request & { startedAt?: string }).startedAt = 'early';
              next();
            }),
            fromExpressMiddleware(async (req, res, next) => {
              await new Promise((r) => setTimeout(r, 5));
              (res.locals.trail as string[]).push('two');
              next();
            }),
          ],
        },
        fromExpressHandler((req, res) => res.json({ trail: res.locals.trail, startedAt: (req as Request & { startedAt?: string }).startedAt })),
      );
    });
    expect(await get(base, '/')).toMatchObject({ status: 200, body: '{"trail":["one","two"],"startedAt":"early"}' });
  });
});

describe('fromExpressHandler in Fastify', () => {
  test('marks every returned function as adapter debt', () => {
    const handler = fromExpressHandler((req, res) => res.end());
    const hook = fromExpressMiddleware((req, res, next) => next());
    const adapter = createExpressAdapter({ timeout: 0 });
    for (const fn of [handler, hook, adapter.fromExpressHandler((req, res) => res.end()), adapter.fromExpressMiddleware((r, s, n) => n())]) {
      expect((fn as unknown as Record<symbol, unknown>)[Symbol.for('express-to-fastify.adapter')]).toBe(true);
    }
    expect(ADAPTER_HANDLER).toBe(Symbol.for('express-to-fastify.adapter'));
  });

  test('thrown errors reach the Fastify error handler; onResponse hooks see the adapter answers', async () => {
    const statuses: number[] = [];
    const { base } = await start((app) => {
      app.addHook('onResponse', async (request, reply) => {
        statuses.push(reply.statusCode);
      });
      app.setErrorHandler((err, request, reply) => reply.code(500).send({ caught: (err as Error).message }));
      app.get('/throw', fromExpressHandler(() => {
        throw new Error('thrown');
      }));
      app.get('/ok', fromExpressHandler((req, res) => res.status(203).send('fine')));
    });
    expect(await get(base, '/throw')).toMatchObject({ status: 500, body: '{"caught":"thrown"}' });
    expect(await get(base, '/ok')).toMatchObject({ status: 203, body: 'fine' });
    await new Promise((r) => setTimeout(r, 20));
    expect(statuses).toEqual([500, 203]);
  });

  test('the default adapter (no options) serves Express code with default settings', async () => {
    const { base } = await start((app) => {
      app.get('/:name', fromExpressHandler((req, res) => res.json({ hello: req.params.name, q: req.query })));
    });
    const res = await get(base, '/ada?x=1');
    expect(res).toMatchObject({ status: 200, body: '{"hello":"ada","q":{"x":"1"}}' });
    expect(res.headers.etag).toMatch(/^W\/"/);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  test('settings come from the given app (json spaces, etag off)', async () => {
    const settings = express();
    settings.set('json spaces', 2);
    settings.set('etag', false);
    const { base } = await start((app) => {
      app.get('/', createExpressAdapter({ app: settings }).fromExpressHandler((req, res) => res.json({ a: 1 })));
    });
    const res = await get(base, '/');
    expect(res.body).toBe('{\n  "a": 1\n}');
    expect(res.headers.etag).toBeUndefined();
  });

  test('baseUrl: a handler from a router mounted at a prefix sees what it saw under Express', async () => {
    const handler: ExpressHandler = (req, res) =>
      res.json({ url: req.url, path: req.path, baseUrl: req.baseUrl, originalUrl: req.originalUrl, route: req.route.path, params: req.params, query: req.query });
    const legacy = express();
    const router = express.Router();
    router.get('/:id', handler);
    legacy.use('/api/users', router);
    const expressServer = http.createServer(legacy);
    const expressBase = await listen(expressServer);
    try {
      const { base } = await start(async (app) => {
        const adapter = createExpressAdapter({ baseUrl: '/api/users' });
        await app.register(async (scope) => scope.get('/:id', adapter.fromExpressHandler(handler)), { prefix: '/api/users' });
      });
      const c = { method: 'GET' };
      const [fromExpress, fromAdapter] = await Promise.all([
        request(expressBase, c, '/api/users/42?x=1'),
        request(base, c, '/api/users/42?x=1'),
      ]);
      expect(JSON.parse(fromExpress.body.toString())).toMatchObject({ url: '/42?x=1', path: '/42', baseUrl: '/api/users', route: '/:id' });
      expect(comparable(fromAdapter)).toEqual(comparable(fromExpress));
    } finally {
      expressServer.closeAllConnections();
      await new Promise((r) => expressServer.close(r));
    }
  });

  test('req and res keep Node behaviour: instanceof, events, the raw socket', async () => {
    const { base } = await start((app) => {
      app.get('/', fromExpressHandler((req, res) => {
        res.on('finish', () => undefined);
        res.json({
          req: req instanceof http.IncomingMessage,
          res: res instanceof http.ServerResponse,
          socket: req.socket.remoteAddress === '127.0.0.1',
          httpVersion: req.httpVersion,
        });
      }));
    });
    expect((await get(base, '/')).body).toBe('{"req":true,"res":true,"socket":true,"httpVersion":"1.1"}');
  });
});

describe('timeouts', () => {
  test('a handler that never answers gets a 503 through the error handler, and the server keeps serving', async () => {
    const { base } = await start((app) => {
      const adapter = createExpressAdapter({ timeout: 150 });
      app.get('/hang', adapter.fromExpressHandler(() => undefined));
      app.get('/ok', adapter.fromExpressHandler((req, res) => res.send('ok')));
    });
    const started = Date.now();
    const hung = await get(base, '/hang');
    const elapsed = Date.now() - started;
    expect(hung.status).toBe(503);
    expect(JSON.parse(hung.body)).toMatchObject({ code: 'FST_EXPRESS_ADAPTER_TIMEOUT', statusCode: 503 });
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);
    expect(await get(base, '/ok')).toMatchObject({ status: 200, body: 'ok' });
  });

  test('only the calls that never answer time out, among many in flight', async () => {
    const { base } = await start((app) => {
      const adapter = createExpressAdapter({ timeout: 120 });
      app.get('/:n', adapter.fromExpressHandler((req, res) => {
        const n = Number(req.params.n);
        if (n % 4 === 3) return; // never answers
        setTimeout(() => res.send(`answer ${n}`), n * 3);
      }));
    });
    const answers = await Promise.all(Array.from({ length: 16 }, (_, n) => get(base, `/${n}`)));
    answers.forEach((answer, n) => {
      if (n % 4 === 3) expect(answer.status).toBe(503);
      else expect(answer).toMatchObject({ status: 200, body: `answer ${n}` });
    });
  });

  test('a middleware that never calls next times out too', async () => {
    const { base } = await start((app) => {
      const adapter = createExpressAdapter({ timeout: 100 });
      app.get('/', { preHandler: adapter.fromExpressMiddleware(() => undefined) }, async () => 'never');
    });
    expect((await get(base, '/')).status).toBe(503);
  });

  test('a late answer after the timeout is dropped instead of crashing the process', async () => {
    let late: unknown = 'not yet';
    const { base } = await start((app) => {
      const adapter = createExpressAdapter({ timeout: 80 });
      app.get('/', adapter.fromExpressHandler((req, res) => {
        setTimeout(() => {
          try {
            res.status(200).json({ late: true });
            late = 'dropped quietly';
          } catch (err) {
            late = err;
          }
        }, 250);
      }));
    });
    expect((await get(base, '/')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 300));
    expect(late).toBe('dropped quietly');
  });

  test('a streaming answer that outlives the timeout is not cut', async () => {
    const { base } = await start((app) => {
      const adapter = createExpressAdapter({ timeout: 50 });
      app.get('/', adapter.fromExpressHandler((req, res) => {
        res.write('start;');
        setTimeout(() => res.end('end'), 200);
      }));
    });
    expect(await get(base, '/')).toMatchObject({ status: 200, body: 'start;end' });
  });

  test('ExpressAdapterTimeoutError carries a code and a 503', () => {
    const err = new ExpressAdapterTimeoutError(10, '/x');
    expect(err).toMatchObject({ code: 'FST_EXPRESS_ADAPTER_TIMEOUT', statusCode: 503 });
    expect(err.message).toMatch(/timeout/);
  });
});

describe('the differential harness can fail', () => {
  test('a native Fastify answer with the same body is told apart from Express (no ETag)', async () => {
    const c: DiffCase = { name: 'native', handler: (req, res) => res.json({ a: 1 }) };
    const expressServer = http.createServer(buildExpress([c]));
    const expressBase = await listen(expressServer);
    try {
      const { base } = await start((app) => {
        app.get('/c0/', async () => ({ a: 1 }));
      });
      const [fromExpress, fromFastify] = await Promise.all([request(expressBase, c, '/c0/'), request(base, c, '/c0/')]);
      expect(fromFastify.body.toString()).toBe(fromExpress.body.toString());
      expect(comparable(fromFastify)).not.toEqual(comparable(fromExpress));
    } finally {
      expressServer.closeAllConnections();
      await new Promise((r) => expressServer.close(r));
    }
  });
});

describe('adapter debt in the gateway', () => {
  test('/healthz lists the migrated routes served through the adapter, and they answer through it', async () => {
    const legacy = express();
    legacy.get('/api/legacy', (req, res) => res.send('from express'));
    const gateway = createGateway({
      legacyApp: legacy,
      manifest: { 'GET /api/reports/:id': 'fastify', 'GET /api/native': 'fastify' },
      routes: {
        modules: [
          {
            prefix: '/api',
            plugin: async (scope: FastifyInstance) => {
              scope.get('/reports/:id', fromExpressHandler((req, res) => res.json({ report: req.params.id })));
              scope.get('/native', async () => ({ native: true }));
            },
          },
        ],
      },
    });
    apps.push(gateway);
    const base = await gateway.listen({ port: 0, host: '127.0.0.1' });
    const health = JSON.parse((await get(base, '/healthz')).body) as { adapterDebt: { count: number; routes: string[] } };
    expect(health.adapterDebt).toEqual({ count: 1, routes: ['GET /api/reports/:id'] });
    const report = await get(base, '/api/reports/12');
    expect(report).toMatchObject({ status: 200, body: '{"report":"12"}' });
    expect(report.headers.etag).toMatch(/^W\//);
    expect((await get(base, '/api/legacy')).body).toBe('from express');
  });
});
