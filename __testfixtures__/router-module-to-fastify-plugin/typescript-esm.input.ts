import { Router, type Request, type Response } from 'express';
import * as products from '../services/products.service';

const productsRouter = Router();

productsRouter.get('/', async (req: Request, res: Response) => {
  res.send(await products.list(req.query));
});

productsRouter.post('/', async (req: Request, res: Response) => {
  res.status(201).send(await products.create(req.body));
});

export default productsRouter;
