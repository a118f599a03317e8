import { Router } from 'express';
import * as products from '../services/products.service';

import type { FastifyRequest, FastifyReply } from 'fastify';

interface ProductQuery {
  q?: string;
}

/** Search products. */
export async function search(request: FastifyRequest<{
  Querystring: ProductQuery;
}>, reply: FastifyReply): Promise<void> {
  reply.send(await products.search(request.query.q ?? ''));
}

export const getProduct = async (
  request: FastifyRequest<{
    Params: { id: string };
  }>,
  reply: FastifyReply
) => {
  const product = await products.findById(Number(request.params.id));
  reply.send(product);
};

const router = Router();
router.get('/search', search);
router.get('/:id', getProduct);
export default router;

