import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { SendOptions } from '@fastify/static';

const STATIC_DIR = path.join(path.join(__dirname, '../../../legacy-app/routes'), '..', 'static');

async function docsRoutes(fastify: FastifyInstance) {
  fastify.get('/', (request, reply) => {
    return reply.type('text/html; charset=utf-8').send('<!doctype html><title>Legacy Shop API</title><h1>Legacy Shop API</h1><p>See ROUTES.md.</p>');
  });

  fastify.get('/terms', (request, reply) => {
    return reply.sendFile('terms.txt', STATIC_DIR);
  });

  fastify.get('/terms/download', (request, reply) => {
    return reply.download('terms.txt', 'terms-of-service.txt', {
      root: path.join(STATIC_DIR)
    } as SendOptions);
  });

  fastify.get('/legacy', (request, reply) => reply.redirect('/docs', 301));
}

export default docsRoutes;
