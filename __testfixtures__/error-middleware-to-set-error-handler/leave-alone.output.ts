import Fastify from 'fastify';
import express from 'express';

const legacy = express();
const fastify = Fastify();

// An ordinary middleware with three parameters.
legacy.use((req, res, next) => {
  res.setHeader('x-legacy', '1');
  next();
});

// Already Fastify.
fastify.setErrorHandler((error, request, reply) => {
  reply.code(500).send({ error: error.message });
});

export { legacy, fastify };
