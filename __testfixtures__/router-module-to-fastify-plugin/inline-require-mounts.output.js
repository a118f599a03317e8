// A Fastify app whose router modules are mounted where they are required.
const Fastify = require('fastify');

const app = Fastify();

// Mounted under a prefix: the module's export is its plugin now.
app.register(require('./routes/accounts'), { prefix: '/api/accounts' });
app.register(require('./routes/notes').default, { prefix: '/api/notes' });
app.register(require('./routes/health'));

// A package: left as it is.
app.use('/vendor', require('vendor-router'));
// A module of the app that is not a router module of the run: a marker (Fastify has no use()).
/* @fastify-migrate-todo: use() does not exist on a Fastify instance (without @fastify/middie), and the module required here at '/files' is not a router module this run migrates: migrate it in the same run (its plugin is then registered here with { prefix: '/files' }), or, if it is middleware, add it as a preHandler hook (fromExpressMiddleware) */
app.use('/files', require('./middleware/files'));

module.exports = app;

