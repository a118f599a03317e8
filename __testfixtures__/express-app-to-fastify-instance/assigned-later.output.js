const Fastify = require('fastify');

let app;

// Built once, on first use.
function getApp() {
  if (app) return app;
  app = Fastify({ trustProxy: true, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  app.get('/', (req, res) => res.send('x'));
  return app;
}

module.exports = { getApp };
