/**
 * A middleware or handler adapted twice (its module wraps the export, a route file that cannot see
 * that wraps it again) runs once, as Express code: real Fastify 5 over real HTTP on 127.0.0.1.
 */
import type { NextFunction, Request, Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { fromExpressHandler, fromExpressMiddleware } from '..';

let app: FastifyInstance;
let base: string;
let guardRuns = 0;

beforeAll(async () => {
  const guard = fromExpressMiddleware((req: Request, res: Response, next: NextFunction) => {
    guardRuns++;
    if (req.get('x-key') !== 'k') return void res.status(401).json({ error: 'no key' });
    next();
  });
  const show = fromExpressHandler((req: Request, res: Response) => {
    res.status(200).json({ id: req.params.id });
  });
  app = Fastify({ logger: false });
  app.get('/items/:id', { preHandler: [fromExpressMiddleware(guard)] }, fromExpressHandler(show));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

test('the twice-wrapped guard still refuses, once', async () => {
  guardRuns = 0;
  const res = await fetch(`${base}/items/7`);
  expect(res.status).toBe(401);
  expect(await res.json()).toEqual({ error: 'no key' });
  expect(guardRuns).toBe(1);
});

test('the twice-wrapped handler answers', async () => {
  guardRuns = 0;
  const res = await fetch(`${base}/items/7`, { headers: { 'x-key': 'k' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ id: '7' });
  expect(guardRuns).toBe(1);
});
