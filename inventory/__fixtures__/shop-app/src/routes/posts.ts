import { Router } from 'express';
import { requireRoles } from '../middleware/auth';

// Nested under /users/:userId, so it needs mergeParams.
const posts = Router({ mergeParams: true });

posts.get('/', (req, res) => {
  res.json({ userId: (req.params as Record<string, string>).userId, posts: [] });
});

posts.post('/', requireRoles(['admin', 'editor']), (req, res) => {
  res.status(201).json(req.body);
});

export default posts;
