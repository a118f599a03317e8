const Fastify = require('fastify');

const app = Fastify();

app.use(require('response-time')({ digits: 1 }));
app.use(require('compression')());

module.exports = app;
