import type { FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import session from '@fastify/session';
import compression from '@fastify/compress';
import { requestLogger } from '@acme/express-logger';

import fastifyMiddie from '@fastify/middie';

export default async function setup(app: FastifyInstance) {
  app.register(compression);
  app.register(cors);

  app.register(
    session,
    { secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }
  );
  await app.register(fastifyMiddie);
  app.use(requestLogger({ level: 'info' }));
}
