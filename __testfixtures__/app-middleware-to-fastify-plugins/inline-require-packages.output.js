const Fastify = require('fastify');

const app = Fastify();

/* @fastify-migrate-todo: no Fastify plugin known for response-time: find one, or run it through @fastify/middie (await app.register(middie) in an async plugin first) */
app.use(require('response-time')({ digits: 1 }));
/* @fastify-migrate-todo: require('compression')(): import @fastify/compress and register it with these options (Fastify has no use(): the app does not start until then) */
app.use(require('compression')());

module.exports = app;
