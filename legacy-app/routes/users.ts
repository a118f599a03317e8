import { Router } from 'express';
import * as users from '../controllers/users.controller';
import { notFound, validationFailed } from '../errors';
import { requireAuth, requireRole } from '../middleware/auth';
import * as usersService from '../services/users.service';
import { parseId } from '../services/validation';

const router = Router();

router.use(requireAuth);

// Loads the user named by :id once for every route below that has it.
router.param('id', (req, res, next, raw: string) => {
  const id = parseId(raw);
  if (id === undefined) return next(validationFailed([{ field: 'id', message: 'must be a positive integer' }]));
  usersService
    .findById(id)
    .then((user) => {
      if (!user) return next(notFound(`User ${id}`));
      res.locals.target = user;
      next();
    })
    .catch(next);
});

router.get('/', requireRole('ADMIN'), users.listUsers);
router.get('/me', users.getMe);
router.post('/me/preferences', users.setPreferences);
router.post('/', requireRole('ADMIN'), users.createUser);
router.get('/:id', users.getUser);
router.patch('/:id', users.updateUser);
router.delete('/:id', requireRole('ADMIN'), users.deleteUser);
router.get('/:id/avatar', users.avatar);

export default router;
