/** Handlers of the /api/products router: public catalogue reads, admin-only writes. */
import type { NextFunction, Request, Response } from 'express';
import { validationFailed } from '../errors';
import * as products from '../services/products.service';
import { Checker, SKU, requireObjectBody } from '../services/validation';

function skuParam(req: Request): string {
  const sku = req.params.sku as string;
  if (!SKU.test(sku)) throw validationFailed([{ field: 'sku', message: 'must look like AB-123' }]);
  return sku;
}

export function listProducts(req: Request, res: Response) {
  const check = new Checker(req.query as Record<string, unknown>);
  const q = check.string('q', { max: 50 });
  const category = check.string('category', { pattern: /^[a-z0-9-]{1,40}$/ });
  const limit = check.int('limit', { min: 1, max: 50 }) ?? 20;
  const offset = check.int('offset', { min: 0 }) ?? 0;
  check.done();
  const { total, items } = products.search({ q, category, limit, offset });
  res.set('Cache-Control', 'public, max-age=60');
  res.json({ total, limit, offset, items });
}

export function listCategories(_req: Request, res: Response) {
  res.json({ categories: products.categories() });
}

export function exportCsv(_req: Request, res: Response) {
  res.attachment('products.csv');
  res.send(products.toCsv(products.all()));
}

export function getProduct(req: Request, res: Response) {
  res.json(products.get(skuParam(req)));
}

export function productImage(req: Request, res: Response, next: NextFunction) {
  try {
    const product = products.get(skuParam(req));
    res.type('png');
    res.set('Cache-Control', 'public, max-age=86400');
    res.send(products.thumbnail(product.sku));
  } catch (err) {
    next(err);
  }
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

export async function createProduct(req: Request, res: Response) {
  const product = products.create(readProduct(requireObjectBody(req.body), true));
  res.status(201).location(`/api/products/${product.sku}`).json(product);
}

export async function replaceProduct(req: Request, res: Response) {
  const sku = skuParam(req);
  const { sku: _ignored, ...fields } = readProduct(requireObjectBody(req.body), false);
  res.json(products.replace(sku, fields));
}

export async function adjustStock(req: Request, res: Response) {
  const sku = skuParam(req);
  const check = new Checker(requireObjectBody(req.body));
  const delta = check.int('delta', { required: true, min: -1000, max: 1000 });
  check.done();
  if (delta === 0) throw validationFailed([{ field: 'delta', message: 'must not be 0' }]);
  res.json(products.adjustStock(sku, delta!));
}

export function deleteProduct(req: Request, res: Response) {
  products.remove(skuParam(req));
  res.sendStatus(204);
}
