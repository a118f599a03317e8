import { Router } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';

export const admin = Router();

// Every admin route: logged in, and an admin.
admin.use(requireAuth, requireRole('ADMIN'));

admin.get('/stats', (req, res) => res.json({ ok: true }));
