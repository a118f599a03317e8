const express = require('express');
const usersRouter = require('./routes/users');

const app = express();

app.use(express.json());
// The app is still Express: the mount is only reported (register usersRoutes with its prefix once the app is Fastify).
app.use('/api/users', usersRouter);

module.exports = app;
