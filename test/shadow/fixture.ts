/**
 * A small legacy app and its migrated twin, with the differences shadow mode must find and the
 * noise it must learn to ignore. Each side counts its handler calls, so tests can tell which side
 * really ran (and how often) rather than trusting the gateway's word.
 */
import express, { type Express } from 'express';
import type { FastifyPluginAsync } from 'fastify';
import type { MigratedRoutes } from '../../gateway';

export interface Calls {
  express: Record<string, number>;
  fastify: Record<string, number>;
  /** The notes "table": every write from either side lands here. */
  notes: { text: string; by: string }[];
}

export function newCalls(): Calls {
  return { express: {}, fastify: {}, notes: [] };
}

const count = (calls: Record<string, number>, name: string): void => {
  calls[name] = (calls[name] ?? 0) + 1;
};

let clock = 0;
/** Differs on every call, on either side: noise, not a migration bug. */
const generatedAt = (): string => `2026-11-25T00:00:00.${String((clock += 1) % 1000).padStart(3, '0')}Z`;

export function createShadowLegacyApp(calls: Calls): Express {
  const app = express();
  app.use(express.json());
  app.get('/items/:id', (req, res) => {
    count(calls.express, 'items');
    res.json({ id: Number(req.params.id), name: `Item ${req.params.id}`, tags: ['a', 'b'], generatedAt: generatedAt(), meta: { requestId: `r-${Math.random().toFixed(8)}` } });
  });
  app.get('/same', (_req, res) => {
    count(calls.express, 'same');
    res.set('x-version', '1').json({ ok: true, list: [1, 2, 3] });
  });
  app.get('/text', (_req, res) => {
    count(calls.express, 'text');
    res.type('text/plain').send('hello from express');
  });
  app.get('/slow', (_req, res) => {
    count(calls.express, 'slow');
    res.json({ ok: true });
  });
  app.get('/boom', (_req, res) => {
    count(calls.express, 'boom');
    res.json({ ok: true });
  });
  app.get('/in-flight', (_req, res) => {
    count(calls.express, 'in-flight');
    setTimeout(() => res.json({ servedBy: 'express' }), 1000);
  });
  app.post('/notes', (req, res) => {
    count(calls.express, 'notes');
    calls.notes.push({ text: String(req.body?.text), by: 'express' });
    res.status(201).json({ created: { text: req.body?.text ?? null } });
  });
  app.post('/counter', (_req, res) => {
    count(calls.express, 'counter');
    res.json({ n: calls.express.counter });
  });
  app.use((_req, res) => res.status(404).json({ error: 'not_found' }));
  return app;
}

export function createShadowRoutes(calls: Calls): MigratedRoutes {
  const plugin: FastifyPluginAsync = async (fastify) => {
    fastify.get<{ Params: { id: string } }>('/items/:id', async (request) => {
      count(calls.fastify, 'items');
      const id = Number(request.params.id);
      // The migration bug shadow mode must find: item 13's name and tags.
      return {
        id,
        name: id === 13 ? `ITEM ${id}` : `Item ${id}`,
        tags: id === 13 ? ['a'] : ['a', 'b'],
        generatedAt: generatedAt(),
        meta: { requestId: `f-${Math.random().toFixed(8)}` },
      };
    });
    fastify.get<{ Querystring: { v?: string } }>('/same', async (request, reply) => {
      count(calls.fastify, 'same');
      // ?v=2 makes one header differ (and nothing else).
      reply.header('x-version', request.query.v ?? '1');
      return { list: [1, 2, 3], ok: true };
    });
    fastify.get('/text', async (_request, reply) => {
      count(calls.fastify, 'text');
      return reply.type('text/plain; charset=utf-8').send('hello from fastify');
    });
    fastify.get('/slow', async () => {
      count(calls.fastify, 'slow');
      await new Promise((resolve) => setTimeout(resolve, 1500).unref());
      return { ok: true };
    });
    fastify.get('/boom', async () => {
      count(calls.fastify, 'boom');
      throw new Error('migrated handler exploded');
    });
    fastify.get('/in-flight', async () => {
      count(calls.fastify, 'in-flight');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return { servedBy: 'fastify' };
    });
    fastify.post<{ Body: { text?: string } }>('/notes', async (request, reply) => {
      count(calls.fastify, 'notes');
      // The contract for unsafe routes that opt in to shadowing: the shadow copy writes nothing.
      if (!request.migrationShadow) calls.notes.push({ text: String(request.body?.text), by: 'fastify' });
      return reply.code(201).send({ created: { text: request.body?.text ?? null } });
    });
    fastify.post('/counter', async () => {
      count(calls.fastify, 'counter');
      return { n: calls.fastify.counter };
    });
  };
  return { modules: [{ prefix: '', plugin }] };
}
