import express from 'express';
import * as users from '../controllers/users';
import { authenticate, requireRole, Role } from '../middleware/auth';
import posts from './posts';

const router = express.Router();

router.use(authenticate);
router.get('/', users.list);
router.get('/export.csv', requireRole(Role.Admin), users.exportCsv);
router.post('/', [requireRole('admin')], users.create);
router
  .route('/:id')
  .get(users.show)
  .put(requireRole(Role.Editor), (req, res) => {
    res.json({ id: req.params.id, ...req.body });
  })
  .delete(requireRole('admin'), (req, res) => {
    res.sendStatus(204);
  });
router.use('/:userId/posts', posts);

export default router;
