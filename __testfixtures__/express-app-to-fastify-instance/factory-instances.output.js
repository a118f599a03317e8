const Fastify = require('fastify');

const buildApp = () => {
  // Only the local nginx may set X-Forwarded-For.
  const app = Fastify({ trustProxy: 'loopback', routerOptions: { ignoreTrailingSlash: true } });
  /* @fastify-migrate-todo: app.set('port', 8080): an Express setting with no Fastify equivalent known here; keep the value elsewhere (a config object or app.decorate) */
  app.set('port', 8080);

  app.get('/', (req, res) => res.send('root'));
  return app;
};

if (require.main === module) {
  const app = buildApp();
  /* @fastify-migrate-todo: app.get('port') reads an Express setting: keep the value in a variable or config (Fastify has no app settings) */
  app.listen({ port: Number(app.get('port')), host: '0.0.0.0' });
}

module.exports = buildApp;
