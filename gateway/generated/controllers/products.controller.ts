/** Handlers of the /api/products router: public catalogue reads, admin-only writes. */
import { validationFailed } from '../../../legacy-app/errors';
import * as products from '../../../legacy-app/services/products.service';
import { Checker, SKU, requireObjectBody } from '../../../legacy-app/services/validation';
import type { FastifyRequest, FastifyReply } from 'fastify';

function skuParam(req: FastifyRequest<{ Params: Record<string, string> }>): string {
  const sku = req.params.sku as string;
  if (!SKU.test(sku)) throw validationFailed([{ field: 'sku', message: 'must look like AB-123' }]);
  return sku;
}

export function listProducts(request: FastifyRequest, reply: FastifyReply) {
  const check = new Checker(request.query as Record<string, unknown>);
  const q = check.string('q', { max: 50 });
  const category = check.string('category', { pattern: /^[a-z0-9-]{1,40}$/ });
  const limit = check.int('limit', { min: 1, max: 50 }) ?? 20;
  const offset = check.int('offset', { min: 0 }) ?? 0;
  check.done();
  const { total, items } = products.search({ q, category, limit, offset });
  reply.header('Cache-Control', 'public, max-age=60');
  return { total, limit, offset, items };
}

export function listCategories(request: FastifyRequest, reply: FastifyReply) {
  return { categories: products.categories() };
}

export function exportCsv(request: FastifyRequest, reply: FastifyReply) {
  reply.header('Content-Disposition', 'attachment; filename=products.csv').type('text/csv; charset=utf-8');
  return reply.send(products.toCsv(products.all()));
}

export function getProduct(request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) {
  return reply.send(products.get(skuParam(request)));
}

export function productImage(
  request: FastifyRequest<{ Params: Record<string, string> }>,
  reply: FastifyReply
) {
  const product = products.get(skuParam(request));
  reply.type('image/png');
  reply.header('Cache-Control', 'public, max-age=86400');
  return reply.send(products.thumbnail(product.sku));
}

function readProduct(body: Record<string, unknown>, withSku: boolean): products.Product {
  const check = new Checker(body);
  const sku = withSku ? check.string('sku', { required: true, pattern: SKU }) : '';
  const name = check.string('name', { required: true, min: 1, max: 120 });
  const description = check.string('description', { max: 1000 }) ?? '';
  const priceCents = check.int('priceCents', { required: true, min: 0, max: 10_000_000 });
  const stock = check.int('stock', { min: 0, max: 1_000_000 }) ?? 0;
  const category = check.string('category', { required: true, pattern: /^[a-z0-9-]{1,40}$/ });
  check.done();
  return { sku: sku!, name: name!, description, priceCents: priceCents!, stock, category: category! };
}

export async function createProduct(request: FastifyRequest, reply: FastifyReply) {
  const product = products.create(readProduct(requireObjectBody(request.body), true));
  return reply.code(201).header('location', `/api/products/${product.sku}`).send(product);
}

export async function replaceProduct(request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) {
  const sku = skuParam(request);
  const { sku: _ignored, ...fields } = readProduct(requireObjectBody(request.body), false);
  return reply.send(products.replace(sku, fields));
}

export async function adjustStock(request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) {
  const sku = skuParam(request);
  const check = new Checker(requireObjectBody(request.body));
  const delta = check.int('delta', { required: true, min: -1000, max: 1000 });
  check.done();
  if (delta === 0) throw validationFailed([{ field: 'delta', message: 'must not be 0' }]);
  return reply.send(products.adjustStock(sku, delta!));
}

export function deleteProduct(request: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) {
  products.remove(skuParam(request));
  return reply.code(204).send();
}
