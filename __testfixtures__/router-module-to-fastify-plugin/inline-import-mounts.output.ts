import Fastify from 'fastify';

export async function build() {
  const app = Fastify();
  app.register((await import('./routes/reports')).default, { prefix: '/api/reports' });
  return app;
}

