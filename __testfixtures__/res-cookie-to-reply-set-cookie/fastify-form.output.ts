import type { FastifyInstance } from 'fastify';

export default async function prefs(fastify: FastifyInstance) {
  fastify.put('/prefs/theme', async (request, reply) => {
    const theme = (request.body as { theme: string }).theme;
    reply.setCookie('theme', theme, {
      path: '/app',
      maxAge: 0,
      sameSite: false
    }).code(204).send();
  });

  fastify.get('/prefs/theme', async (request, reply) => {
    // Already Fastify: left alone.
    reply.setCookie('seen', '1', { path: '/', maxAge: 60 });
    return { theme: request.cookies.theme ?? 'light' };
  });
}
