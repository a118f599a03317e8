import Fastify from 'fastify';
import usersRoutes from './routes/users';
import { requestId } from './middleware/request-id';
import productsRoutes from './routes/products';

const fastify = Fastify({ logger: true });

// Routers migrated to plugins are registered under the prefix they were mounted at.
fastify.register(usersRoutes, { prefix: '/api/users' });
fastify.register(productsRoutes, { prefix: '/api/products' });

// Middleware, not a router: left for the middleware steps.
fastify.use(requestId);

export default fastify;

