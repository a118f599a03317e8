import Fastify from 'fastify';

export async function build() {
  const app = Fastify();
  app.use('/api/reports', (await import('./routes/reports')).default);
  return app;
}
