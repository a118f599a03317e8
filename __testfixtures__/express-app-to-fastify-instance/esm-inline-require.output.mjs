import http from 'node:http';
import { router } from './router.mjs';

import Fastify from 'fastify';

const web = Fastify({ routerOptions: { caseSensitive: false } });

web.use(router);

// Start on the port and host the platform gives.
/* @fastify-migrate-todo: the listen callback reads this (Express's http.Server): use web.server, and check its err argument (Fastify calls it with (err, address)) */
web.listen({ port: 8080, host: '127.0.0.1' }, function onListen() {
  console.log('up on', this.address().port);
});

/* @fastify-migrate-todo: http.createServer(web): a Fastify instance is not a (req, res) listener like an Express app: use web.server after await web.ready() (or Fastify({ serverFactory })) */
http.createServer(web).listen(8081);

export default web;
