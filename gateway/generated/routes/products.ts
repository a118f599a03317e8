import * as products from '../controllers/products.controller';
import { requireAuth, requireRole } from '../middleware/auth';

import type { FastifyInstance } from 'fastify';
const adminOnly = [requireAuth, requireRole('ADMIN')];

export async function productsRouter(fastify: FastifyInstance) {
  fastify.get('/', products.listProducts);
  fastify.get('/categories', products.listCategories);
  fastify.get('/export.csv', products.exportCsv);
  fastify.get('/:sku', products.getProduct);
  fastify.get('/:sku/image', products.productImage);
  fastify.post('/', { preHandler: [...adminOnly] }, products.createProduct);
  fastify.put<{ Params: Record<string, string> }>(
    '/:sku',
    { preHandler: [requireAuth, requireRole('ADMIN')] },
    products.replaceProduct
  );
  fastify.patch<{ Params: Record<string, string> }>('/:sku/stock', { preHandler: [...adminOnly] }, products.adjustStock);
  fastify.delete<{ Params: Record<string, string> }>('/:sku', { preHandler: [...adminOnly] }, products.deleteProduct);
}
