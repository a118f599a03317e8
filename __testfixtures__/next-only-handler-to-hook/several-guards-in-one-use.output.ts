import { Router } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';

import { fromExpressMiddleware } from '../adapter';

export const admin = Router();

// Every admin route: logged in, and an admin.
/* @fastify-migrate-todo: served through the Express adapter (requireAuth is Express middleware from ../middleware/auth); list that module in migratedModules once it is migrated */
admin.addHook('preHandler', fromExpressMiddleware(requireAuth));

/* @fastify-migrate-todo: served through the Express adapter (requireRole is Express middleware from ../middleware/auth); list that module in migratedModules once it is migrated */
admin.addHook('preHandler', fromExpressMiddleware(requireRole('ADMIN')));

admin.get('/stats', (req, res) => res.json({ ok: true }));
