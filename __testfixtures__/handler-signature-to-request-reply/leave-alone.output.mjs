import Fastify from 'fastify';
import { fromExpressHandler } from '../adapter/index.js';

const fastify = Fastify();

// Already Fastify: nothing to do.
fastify.get('/health', async (request, reply) => {
  reply.header('cache-control', 'no-store');
  return { ok: true };
});

// Behind the adapter: stays Express code on purpose.
fastify.get('/legacy', fromExpressHandler((req, res, next) => {
  res.render('legacy', { user: req.user });
}));

function format(req, res) {
  return `${req}:${res}`;
}

export default fastify;
