import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { errorHandler, notFound } from './middleware/errors';
import { usersRouter } from './routes/users';

export function buildApp(): FastifyInstance {
  // Behind one load balancer.
  const app = Fastify({ trustProxy: (_address, hop) => hop < 1, bodyLimit: 1048576, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });

  app.use(express.json());
  app.use(express.urlencoded({ extended: false }));

  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.use('/api/users', usersRouter);

  // Whatever no route answered.
  app.setNotFoundHandler(notFound);
  app.setErrorHandler(errorHandler);
  return app;
}
