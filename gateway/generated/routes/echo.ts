// Debugging helpers the support team relies on. Public.
import type { FastifyInstance } from 'fastify';

export async function echoRouter(fastify: FastifyInstance) {
  fastify.get('/', (request, reply) => {
    return {
      method: request.method,
      path: request.url.split('?')[0].slice(request.server.prefix.length) || '/',
      query: request.query,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      requestId: reply.locals.requestId,
    };
  });

  fastify.post('/', (request, reply) => {
    return { contentType: request.headers['content-type'] ?? null, body: request.body ?? null };
  });

  fastify.get<{ Params: Record<string, string> }>('/headers/:name', (request, reply) => {
    const value = request.headers[String(request.params.name).toLowerCase()] as string | undefined;
    if (value === undefined) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No ${request.params.name} header` } });
    return reply.type('text/plain; charset=utf-8').send(value);
  });
}
