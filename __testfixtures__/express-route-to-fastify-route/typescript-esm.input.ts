import { Router, type Request, type Response } from 'express';
import { requireAuth } from '../middleware/auth';
import * as users from '../services/users.service';

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
router.get('/:id', requireAuth, audit, getUser);

router.patch(
  '/:id',
  requireAuth,
  async (req: Request, res: Response) => {
    res.json(await users.update(Number(req.params.id), req.body));
  },
);

export default router;
