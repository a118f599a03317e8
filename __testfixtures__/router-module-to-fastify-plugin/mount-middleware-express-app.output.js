const express = require('express');
const { requireAuth, requireRole } = require('./middleware/auth');
const adminRouter = require('./routes/admin');
const usersRouter = require('./routes/users');

const app = express();
app.use(express.json());

app.use('/api/users', usersRouter);
// Everything under /admin needs an admin: the app is still Express, so only a marker says how.
/* @fastify-migrate-todo: adminRouter is mounted at '/admin' behind requireAuth, requireRole('ADMIN'), which Express runs for every route of it: once app is Fastify, register it as app.register(async (instance) => { instance.addHook('preHandler', fromExpressMiddleware(requireAuth)); instance.addHook('preHandler', fromExpressMiddleware(requireRole('ADMIN'))); await instance.register(adminRoutes); }, { prefix: '/admin' }) */
app.use('/admin', requireAuth, requireRole('ADMIN'), adminRouter);

module.exports = app;
