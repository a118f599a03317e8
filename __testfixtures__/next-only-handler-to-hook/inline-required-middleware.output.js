const express = require('express');

const { fromExpressMiddleware } = require('../adapter');

const app = express();

/* @fastify-migrate-todo: served through the Express adapter (Express middleware from ./middleware/stamp); list that module in migratedModules once it is migrated */
app.addHook('onRequest', fromExpressMiddleware(require('./middleware/stamp')));
/* @fastify-migrate-todo: served through the Express adapter (Express middleware from ./middleware/audit); list that module in migratedModules once it is migrated */
app.addHook(
  'onRequest',
  fromExpressMiddleware(require('./middleware/audit')({ level: 'info' }))
);
app.use(express.json());
/* @fastify-migrate-todo: served through the Express adapter (Express middleware from ./middleware/needs-body); list that module in migratedModules once it is migrated */
app.addHook('preHandler', fromExpressMiddleware(require('./middleware/needs-body')));

app.get('/', (req, res) => {
  res.send('home');
});

/* @fastify-migrate-todo: require('./middleware/last-resort') is mounted after the routes (runs only when none answered): make it app.setNotFoundHandler(...) or, with (err, req, res, next), setErrorHandler(...); Fastify has no use(), so the app does not start until then */
app.use(require('./middleware/last-resort'));

module.exports = app;
