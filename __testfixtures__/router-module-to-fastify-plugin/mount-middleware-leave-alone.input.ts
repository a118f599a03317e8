import Fastify from 'fastify';
import compression from 'compression';
import serveStatic from 'serve-static';
import { requireAuth } from './middleware/auth';
import adminRoutes from './routes/admin';

const fastify = Fastify();

// Not a router at the end: middleware on a path, the middleware steps' business.
fastify.use('/assets', compression(), serveStatic('public'));

// Already an encapsulated registration (a previous run, or written by hand).
fastify.register(async (instance) => {
  instance.addHook('preHandler', requireAuth);
  await instance.register(adminRoutes);
}, { prefix: '/admin' });

export default fastify;
