const express = require('express');
const { requireAuth, requireRole } = require('./middleware/auth');
const adminRouter = require('./routes/admin');
const usersRouter = require('./routes/users');

const app = express();
app.use(express.json());

app.use('/api/users', usersRouter);
// Everything under /admin needs an admin: the app is still Express, so only a marker says how.
app.use('/admin', requireAuth, requireRole('ADMIN'), adminRouter);

module.exports = app;
