const path = require('node:path');
const express = require('express');
const cors = require('@fastify/cors');
const helmet = require('@fastify/helmet');
const cookieParser = require('@fastify/cookie');
const morgan = require('morgan');

const fastifyFormbody = require('@fastify/formbody');
const fastifyStatic = require('@fastify/static');

const app = express();

// Security headers first.
app.register(helmet);
app.register(cors, { origin: ['https://app.example.com'], credentials: true });
app.register(cookieParser, {
  secret: process.env.COOKIE_SECRET
});

// Bodies.
app.register(fastifyFormbody);

app.register(fastifyStatic, {
  root: path.join(__dirname, 'public'),
  prefix: '/assets'
});
/* @fastify-migrate-todo: no Fastify plugin known for morgan: find one, or run it through @fastify/middie (await app.register(middie) in an async plugin first) */
app.use(morgan('combined'));

module.exports = app;
