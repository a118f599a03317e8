import { type Request, type Response } from 'express';
import * as products from '../services/products.service';

import type { FastifyInstance } from 'fastify';

async function productsRoutes(fastify: FastifyInstance) {
  fastify.get('/', async (req: Request, res: Response) => {
    res.send(await products.list(req.query));
  });

  fastify.post('/', async (req: Request, res: Response) => {
    res.status(201).send(await products.create(req.body));
  });
}

export default productsRoutes;

