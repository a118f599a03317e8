import express from 'express';
import bodyParser from 'body-parser';

import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';

const app = express();

/* @fastify-migrate-todo: bodyParser.json({ limit: '5mb' }): Fastify parses JSON and text itself; set bodyLimit (bytes) on the instance or route, add a content-type parser for raw bodies, then remove this */
app.use(bodyParser.json({ limit: '5mb' }));
/* @fastify-migrate-todo: urlencoded({ extended: true }) parsed nested keys with qs; give @fastify/formbody a parser: (str) => qs.parse(str) */
app.register(fastifyFormbody, { bodyLimit: 1048576 });
/* @fastify-migrate-todo: @fastify/static needs an absolute root: path.resolve('public') (Express resolved it against the working directory) */
app.register(fastifyStatic, {
  root: 'public',
  maxAge: '1d'
});

export default app;
