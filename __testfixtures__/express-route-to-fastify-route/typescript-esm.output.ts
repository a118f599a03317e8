import { Router, type Request, type Response } from 'express';
import { requireAuth } from '../middleware/auth';
import * as users from '../services/users.service';

import { fromExpressMiddleware } from '../adapter';

const router = Router();

async function getUser(req: Request, res: Response): Promise<void> {
  const user = await users.findById(Number(req.params.id));
  res.json(user);
}

const audit = (req: Request, _res: Response, next: () => void) => {
  console.log(req.method, req.url);
  next();
};

/** A user by id. */
router.get(
  '/:id',
  { preHandler: [fromExpressMiddleware(requireAuth), fromExpressMiddleware(audit)] },
  getUser
);

router.patch(
  '/:id',
  { preHandler: [fromExpressMiddleware(requireAuth)] },
  async (req: Request, res: Response) => {
    res.json(await users.update(Number(req.params.id), req.body));
  },
);

export default router;

