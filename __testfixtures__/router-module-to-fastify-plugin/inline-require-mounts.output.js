// A Fastify app whose router modules are mounted where they are required.
const Fastify = require('fastify');

const app = Fastify();

// Mounted under a prefix: the module's export is its plugin now.
app.register(require('./routes/accounts'), { prefix: '/api/accounts' });
app.register(require('./routes/notes').default, { prefix: '/api/notes' });
app.register(require('./routes/health'));

// Not router modules of this app: left as they are.
app.use('/vendor', require('vendor-router'));
app.use('/files', require('./middleware/files'));

module.exports = app;

