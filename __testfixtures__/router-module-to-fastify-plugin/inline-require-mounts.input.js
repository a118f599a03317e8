// A Fastify app whose router modules are mounted where they are required.
const Fastify = require('fastify');

const app = Fastify();

// Mounted under a prefix: the module's export is its plugin now.
app.use('/api/accounts', require('./routes/accounts'));
app.use('/api/notes', require('./routes/notes').default);
app.use(require('./routes/health'));

// Not router modules of this app: left as they are.
app.use('/vendor', require('vendor-router'));
app.use('/files', require('./middleware/files'));

module.exports = app;
