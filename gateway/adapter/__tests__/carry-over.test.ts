/**
 * What Express middleware sets on `req` (express-jwt's `req.auth`/`req.payload`, passport's
 * `req.user`, a guard's `req.tenant`) reaches a NATIVE Fastify handler that reads it from
 * `request`, as it reaches every later layer under Express: the guard runs behind
 * `fromExpressMiddleware`, the handler lives in another module (a controller).
 * Real Express 5 and real Fastify 5 over HTTP on 127.0.0.1; where Express has an answer to compare
 * with (status and body), both servers are asked the same request.
 */
import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { createExpressAdapter, fromExpressHandler, fromExpressMiddleware } from '..';
import { closeServer, listenExpress } from '../../../test/support/http';

type Bag = Record<string, unknown>;
const bag = (x: unknown): Bag => x as Bag;

// ---- the Express code, as a legacy app has it ----------------------------------------------------
/** An express-jwt-like guard: a bearer token becomes `req.payload`. */
const auth = (req: Request, res: Response, next: NextFunction): void => {
  const token = req.get('authorization');
  if (token !== 'Token seven') {
    const err = Object.assign(new Error('No authorization token was found'), { status: 401 });
    next(err);
    return;
  }
  bag(req).payload = { id: 7 };
  next();
};
/** A guard that decorates `req` and then fails. */
const setsThenFails = (req: Request, res: Response, next: NextFunction): void => {
  bag(req).payload = { id: 7 };
  next(Object.assign(new Error('token expired'), { status: 401 }));
};
const tenantA = (req: Request, res: Response, next: NextFunction): void => {
  bag(req).tenant = 'a';
  next();
};
const tenantB = (req: Request, res: Response, next: NextFunction): void => {
  bag(req).seenBefore = bag(req).tenant;
  bag(req).tenant = 'b';
  next();
};
const setsFlag = (req: Request, res: Response, next: NextFunction): void => {
  bag(req).flag = true;
  next();
};
const dropsFlag = (req: Request, res: Response, next: NextFunction): void => {
  delete bag(req).flag;
  next();
};

// ---- the controllers: Express's, and the migrated native ones --------------------------------------
const expressMe = (req: Request, res: Response): void => void res.json(bag(req).payload);
const nativeMe = async (request: FastifyRequest) => bag(request).payload;
const expressTenant = (req: Request, res: Response): void => void res.json({ tenant: bag(req).tenant, seenBefore: bag(req).seenBefore });
const nativeTenant = async (request: FastifyRequest) => ({ tenant: bag(request).tenant, seenBefore: bag(request).seenBefore });
const expressFlag = (req: Request, res: Response): void => void res.json({ flag: 'flag' in req });
const nativeFlag = async (request: FastifyRequest) => ({ flag: 'flag' in request });

let expressServer: Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';
const seenOnResponse: Array<{ url: string; hasPayload: boolean }> = [];

beforeAll(async () => {
  const app = express();
  app.get('/user', auth, expressMe);
  app.get('/fails', setsThenFails, expressMe);
  app.get('/tenant', tenantA, tenantB, expressTenant);
  app.get('/flag', setsFlag, dropsFlag, expressFlag);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));

  fastify = Fastify({ logger: false });
  fastify.addHook('onResponse', async (request) => {
    seenOnResponse.push({ url: request.url, hasPayload: 'payload' in request });
  });
  fastify.get('/user', { preHandler: fromExpressMiddleware(auth) }, nativeMe);
  fastify.get('/fails', { preHandler: fromExpressMiddleware(setsThenFails) }, nativeMe);
  fastify.get('/tenant', { preHandler: [fromExpressMiddleware(tenantA), fromExpressMiddleware(tenantB)] }, nativeTenant);
  fastify.get('/flag', { preHandler: [fromExpressMiddleware(setsFlag), fromExpressMiddleware(dropsFlag)] }, nativeFlag);
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

async function both(path: string, headers: Record<string, string> = {}) {
  const [a, b] = await Promise.all([fetch(expressBase + path, { headers }), fetch(fastifyBase + path, { headers })]);
  return { express: { status: a.status, body: await a.text() }, adapter: { status: b.status, body: await b.text() } };
}

describe('Express middleware -> native Fastify handler, compared with Express', () => {
  test('a guard sets req.payload = { id: 7 }; the native controller reads request.payload', async () => {
    const { express: e, adapter: f } = await both('/user', { authorization: 'Token seven' });
    expect(e).toEqual({ status: 200, body: '{"id":7}' });
    expect(f).toEqual(e);
  });

  test('without a token the guard calls next(err): both answer its 401, and nothing is carried', async () => {
    const { express: e, adapter: f } = await both('/user');
    expect(e.status).toBe(401);
    expect(f.status).toBe(e.status);
  });

  test('a guard that sets req.payload and then calls next(err): no copy, the error answered with its status', async () => {
    seenOnResponse.length = 0;
    const { express: e, adapter: f } = await both('/fails');
    expect(e.status).toBe(401);
    expect(f.status).toBe(e.status);
    await new Promise((r) => setTimeout(r, 20));
    expect(seenOnResponse).toEqual([{ url: '/fails', hasPayload: false }]);
  });

  test('a property set by two middlewares in turn ends with the second value (and the second saw the first)', async () => {
    const { express: e, adapter: f } = await both('/tenant');
    expect(e).toEqual({ status: 200, body: '{"tenant":"b","seenBefore":"a"}' });
    expect(f).toEqual(e);
  });

  test('a property a later middleware deletes is gone for the native handler too', async () => {
    const { express: e, adapter: f } = await both('/flag');
    expect(e).toEqual({ status: 200, body: '{"flag":false}' });
    expect(f).toEqual(e);
  });
});

describe('what is not carried', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  async function start(build: (app: FastifyInstance) => void): Promise<string> {
    const app = Fastify({ logger: false });
    apps.push(app);
    build(app);
    return app.listen({ port: 0, host: '127.0.0.1' });
  }

  test('own __proto__ and constructor keys are never copied (no prototype pollution)', async () => {
    const protos: unknown[] = [];
    const base = await start((app) => {
      app.get(
        '/',
        {
          preHandler: fromExpressMiddleware((req, res, next) => {
            // What a careless `for (k in parsed) Object.defineProperty(req, k, ...)` or a spread of parsed JSON does.
            const parsed = JSON.parse('{"__proto__":{"polluted":true},"constructor":{"polluted":true},"claims":{"sub":"u1"}}') as Bag;
            for (const key of Object.keys(parsed)) {
              Object.defineProperty(req, key, { value: parsed[key], enumerable: true, writable: true, configurable: true });
            }
            next();
          }),
        },
        async (request) => {
          protos.push(Object.getPrototypeOf(request));
          return {
            polluted: bag(request).polluted ?? null,
            constructorIsAFunction: typeof request.constructor === 'function',
            claims: bag(request).claims,
            plainObjectPolluted: bag({}).polluted ?? null,
          };
        },
      );
    });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ polluted: null, constructorIsAFunction: true, claims: { sub: 'u1' }, plainObjectPolluted: null });
    }
    expect(protos[0]).toBe(protos[1]);
    expect(Object.prototype.hasOwnProperty.call(protos[0], 'polluted')).toBe(false);
  });

  test("Fastify's own request properties (id, log, a decoration) and Express's (params, query) are left as they are", async () => {
    const base = await start((app) => {
      app.decorateRequest('account', null);
      app.get(
        '/items/:id',
        {
          preHandler: [
            fromExpressMiddleware((req, res, next) => {
              Object.assign(req, { id: 'express-id', account: 'from-express', requestedAt: 'early' });
              bag(req).params = { id: 'rewritten' };
              next();
            }),
            // Express code after it still sees its own values.
            fromExpressMiddleware((req, res, next) => {
              bag(req).expressSaw = { id: bag(req).id, account: bag(req).account };
              next();
            }),
          ],
        },
        async (request) => ({
          idIsFastifys: request.id !== 'express-id',
          account: bag(request).account,
          params: request.params,
          requestedAt: bag(request).requestedAt,
          expressSaw: bag(request).expressSaw,
        }),
      );
    });
    const res = await fetch(`${base}/items/3`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      idIsFastifys: true,
      account: null,
      // params is Fastify's own, shared both ways (as before).
      params: { id: 'rewritten' },
      requestedAt: 'early',
      expressSaw: { id: 'express-id', account: 'from-express' },
    });
  });

  test('once carried, a property stays in step both ways: a native hook changes it, later Express code sees the change', async () => {
    const base = await start((app) => {
      app.get(
        '/',
        {
          preHandler: [
            fromExpressMiddleware((req, res, next) => {
              bag(req).tenant = 'from-express';
              next();
            }),
            async (request) => {
              bag(request).tenant = `${String(bag(request).tenant)}+native`;
            },
          ],
        },
        fromExpressHandler((req, res) => res.json({ tenant: bag(req).tenant })),
      );
    });
    const res = await fetch(`${base}/`);
    expect(await res.json()).toEqual({ tenant: 'from-express+native' });
  });

  test("methods a middleware puts on req (as passport 0.6's req.isAuthenticated, reading this.user) work on the Fastify request", async () => {
    const base = await start((app) => {
      app.get(
        '/',
        {
          preHandler: fromExpressMiddleware((req, res, next) => {
            // As passport.initialize() does: methods reading `this`, and a private helper next to them.
            Object.assign(req, {
              _userProperty: 'user',
              isAuthenticated(this: Bag) {
                return Boolean(this[this._userProperty as string]);
              },
            });
            (req as unknown as Bag).user = req.get('x-user') ? { name: req.get('x-user') } : undefined;
            next();
          }),
        },
        async (request) => ({ authenticated: (request as unknown as { isAuthenticated(): boolean }).isAuthenticated() }),
      );
    });
    expect(await (await fetch(`${base}/`, { headers: { 'x-user': 'ada' } })).json()).toEqual({ authenticated: true });
    expect(await (await fetch(`${base}/`)).json()).toEqual({ authenticated: false });
  });

  test('requestProperties still mirrors the listed names directly, both ways', async () => {
    const base = await start((app) => {
      app.decorateRequest('claims', null);
      const adapter = createExpressAdapter({ requestProperties: ['claims'] });
      app.get(
        '/',
        {
          preHandler: adapter.fromExpressMiddleware((req, res, next) => {
            bag(req).claims = { sub: 'u2' };
            next();
          }),
        },
        async (request) => ({ claims: bag(request).claims }),
      );
    });
    const res = await fetch(`${base}/`);
    expect(await res.json()).toEqual({ claims: { sub: 'u2' } });
  });
});
