import type { FastifyInstance } from 'fastify';
import cors from 'cors';
import session from 'express-session';
import compression from 'compression';
import { requestLogger } from '@acme/express-logger';

export default async function setup(app: FastifyInstance) {
  app.use(compression());
  app.use(cors());

  app.use(session({ secret: process.env.SESSION_SECRET!, resave: false, saveUninitialized: false }));
  app.use(requestLogger({ level: 'info' }));
}
