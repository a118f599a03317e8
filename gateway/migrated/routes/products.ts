/** /api/products, migrated from legacy-app/routes/products.ts + controllers/products.controller.ts. */
import type { FastifyPluginAsync } from 'fastify';
import { validationFailed } from '../../../legacy-app/errors';
import * as products from '../../../legacy-app/services/products.service';
import { Checker, SKU, requireObjectBody } from '../../../legacy-app/services/validation';
import { requireAuth, requireRole } from '../setup';

type SkuParams = { Params: { sku: string } };

function checkSku(sku: string): string {
  if (!SKU.test(sku)) throw validationFailed([{ field: 'sku', message: 'must look like AB-123' }]);
  return sku;
}

const adminOnly = [requireAuth, requireRole('ADMIN')];

export const productsRoutes: FastifyPluginAsync = async (app) => {
  // `productsRouter.get('/')`: the empty path keeps the route at exactly /api/products.
  app.get('', async (request, reply) => {
    const check = new Checker(request.query as Record<string, unknown>);
    const q = check.string('q', { max: 50 });
    const category = check.string('category', { pattern: /^[a-z0-9-]{1,40}$/ });
    const limit = check.int('limit', { min: 1, max: 50 }) ?? 20;
    const offset = check.int('offset', { min: 0 }) ?? 0;
    check.done();
    const { total, items } = products.search({ q, category, limit, offset });
    reply.header('Cache-Control', 'public, max-age=60');
    return { total, limit, offset, items };
  });

  // Express matched these static paths before '/:sku' (they come first in the router); without
  // them here, the migrated '/:sku' would capture /categories and /export.csv (a 400 for a bad SKU).
  app.get('/categories', async () => ({ categories: products.categories() }));

  app.get('/export.csv', async (_request, reply) => {
    // res.attachment('products.csv'): Content-Disposition plus the type from the extension.
    return reply
      .header('Content-Disposition', 'attachment; filename=products.csv')
      .type('text/csv; charset=utf-8')
      .send(products.toCsv(products.all()));
  });

  app.get<SkuParams>('/:sku', async (request) => products.get(checkSku(request.params.sku)));

  app.post('', { preHandler: adminOnly }, async (request, reply) => {
    const check = new Checker(requireObjectBody(request.body));
    const sku = check.string('sku', { required: true, pattern: SKU });
    const name = check.string('name', { required: true, min: 1, max: 120 });
    const description = check.string('description', { max: 1000 }) ?? '';
    const priceCents = check.int('priceCents', { required: true, min: 0, max: 10_000_000 });
    const stock = check.int('stock', { min: 0, max: 1_000_000 }) ?? 0;
    const category = check.string('category', { required: true, pattern: /^[a-z0-9-]{1,40}$/ });
    check.done();
    const product = products.create({ sku: sku!, name: name!, description, priceCents: priceCents!, stock, category: category! });
    return reply.code(201).header('Location', `/api/products/${product.sku}`).send(product);
  });

  app.delete<SkuParams>('/:sku', { preHandler: adminOnly }, async (request, reply) => {
    products.remove(checkSku(request.params.sku));
    return reply.code(204).send();
  });
};
