/**
 * Express code that sets a status and then fails (`res.status(401); next(err)`, or `res.status(404);
 * throw err` inside an async wrapper) is answered with that status by Express's final handler unless
 * the error carries its own. Behind the adapter, Fastify's error handling must see the same status.
 * Real Express 5 and real Fastify 5 over HTTP on 127.0.0.1.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { fromExpressHandler, fromExpressMiddleware } from '..';
import { closeServer, listenExpress } from '../../../test/support/http';

const guard = (req: Request, res: Response, next: NextFunction) => {
  res.status(401);
  next(new Error('no user'));
};
const teapotGuard = (req: Request, res: Response, next: NextFunction) => {
  res.status(401);
  next(Object.assign(new Error('tea'), { status: 418 }));
};
const missing = async (req: Request, res: Response, next: NextFunction) => {
  try {
    res.status(404);
    throw new Error('no such order');
  } catch (err) {
    next(err);
  }
};
const ok = (req: Request, res: Response) => void res.json({ ok: true });

let expressServer: import('node:http').Server;
let fastify: FastifyInstance;
let expressBase = '';
let fastifyBase = '';

beforeAll(async () => {
  const app = express();
  app.get('/guarded', guard, ok);
  app.get('/teapot', teapotGuard, ok);
  app.get('/orders/9', missing);
  ({ server: expressServer, base: expressBase } = await listenExpress(app));
  fastify = Fastify();
  fastify.get('/guarded', { preHandler: [fromExpressMiddleware(guard)] }, fromExpressHandler(ok));
  fastify.get('/teapot', { preHandler: [fromExpressMiddleware(teapotGuard)] }, fromExpressHandler(ok));
  fastify.get('/orders/9', fromExpressHandler(missing));
  fastifyBase = await fastify.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await fastify?.close();
  await closeServer(expressServer);
});

test.each(['/guarded', '/teapot', '/orders/9'])('GET %s: the same status as Express', async (url) => {
  const [a, b] = await Promise.all([fetch(expressBase + url), fetch(fastifyBase + url)]);
  expect(b.status).toBe(a.status);
  expect([401, 418, 404]).toContain(a.status);
});
