// A Fastify app whose router modules are mounted where they are required.
const Fastify = require('fastify');

const app = Fastify();

// Mounted under a prefix: the module's export is its plugin now.
app.use('/api/accounts', require('./routes/accounts'));
app.use('/api/notes', require('./routes/notes').default);
app.use(require('./routes/health'));

// A package: left as it is.
app.use('/vendor', require('vendor-router'));
// A module of the app that is not a router module of the run: a marker (Fastify has no use()).
app.use('/files', require('./middleware/files'));

module.exports = app;
