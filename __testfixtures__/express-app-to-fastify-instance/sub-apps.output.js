const express = require('express');

const app = express();
/* @fastify-migrate-todo: more than one express() app in this file (sub-apps): make each sub-app a Fastify plugin registered with its prefix, then run again */
const admin = express();

admin.get('/', (req, res) => res.send('admin'));
app.use('/admin', admin);

module.exports = app;
