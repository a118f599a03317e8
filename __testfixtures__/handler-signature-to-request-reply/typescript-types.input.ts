import { Router, type NextFunction, type Request, type Response } from 'express';
import * as products from '../services/products.service';

interface ProductQuery {
  q?: string;
}

/** Search products. */
export async function search(req: Request<{}, any, any, ProductQuery>, res: Response): Promise<void> {
  res.send(await products.search(req.query.q ?? ''));
}

export const getProduct = async (req: Request<{ id: string }>, res: Response, next: NextFunction) => {
  const product = await products.findById(Number(req.params.id));
  res.send(product);
};

const router = Router();
router.get('/search', search);
router.get('/:id', getProduct);
export default router;
