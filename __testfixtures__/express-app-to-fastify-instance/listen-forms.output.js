const Fastify = require('fastify');

const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
app.get('/', (req, res) => res.send('ok'));

// Started by the platform's wrapper with its own callback.
exports.start = function start(port, done) {
  /* @fastify-migrate-todo: done is called by Fastify with (err, address): check err (Express called it only once listening) */
  app.listen({ port: Number(port), host: '0.0.0.0' }, done);
};

// Started on a host the caller picks.
exports.startOn = function startOn(port, host) {
  app.listen({ port: Number(port), host });
};

exports.startWith = function startWith(port, x) {
  /* @fastify-migrate-todo: app.listen(port, x): is x the host or the callback? Fastify takes app.listen({ port, host }, (err, address) => {}); write it by hand */
  app.listen(port, x);
};

if (require.main === module) {
  app.listen({ port: 0, host: '0.0.0.0' }, (err) => {
    if (err) throw err;
    console.log('listening on a random port');
  });
}
