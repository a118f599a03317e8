import express from 'express';
import * as products from '../controllers/products.controller';
import { requireAuth, requireRole } from '../middleware/auth';

export const productsRouter = express.Router();
const adminOnly = [requireAuth, requireRole('ADMIN')];

productsRouter.get('/', products.listProducts);
productsRouter.get('/categories', products.listCategories);
productsRouter.get('/export.csv', products.exportCsv);
productsRouter.get('/:sku', products.getProduct);
productsRouter.get('/:sku/image', products.productImage);
productsRouter.post('/', ...adminOnly, products.createProduct);
productsRouter.put('/:sku', requireAuth, requireRole('ADMIN'), products.replaceProduct);
productsRouter.patch('/:sku/stock', adminOnly, products.adjustStock);
productsRouter.delete('/:sku', ...adminOnly, products.deleteProduct);
