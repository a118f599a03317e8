import * as products from '../controllers/products.controller';
import { requireAuth, requireRole } from '../middleware/auth';

import { fromExpressMiddleware } from '../../adapter';
import type { FastifyInstance } from 'fastify';
const adminOnly = [requireAuth, requireRole('ADMIN')];

export async function productsRouter(fastify: FastifyInstance) {
  fastify.get('/', products.listProducts);
  fastify.get('/categories', products.listCategories);
  fastify.get('/export.csv', products.exportCsv);
  fastify.get('/:sku', products.getProduct);
  fastify.get('/:sku/image', products.productImage);
  fastify.post(
    '/',
    { preHandler: [fromExpressMiddleware(...adminOnly)] },
    products.createProduct
  );
  fastify.put(
    '/:sku',
    { preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(requireRole('ADMIN'))] },
    products.replaceProduct
  );
  fastify.patch('/:sku/stock', { preHandler: [fromExpressMiddleware(adminOnly)] }, products.adjustStock);
  fastify.delete(
    '/:sku',
    { preHandler: [fromExpressMiddleware(...adminOnly)] },
    products.deleteProduct
  );
}
