import express from 'express';
import rateLimit from 'express-rate-limit';
import { requireAuth, requireRole, audit } from '../middleware/auth.js';
import adminRouter from './admin.js';
import meRouter from './me.js';

const router = express.Router();
const adminOnly = [requireAuth, requireRole('ADMIN')];

// A spread of a local array, an array literal, a package's middleware.
router.use('/admin', ...adminOnly, [audit, rateLimit({ max: 10 })], adminRouter);
// No prefix: the middleware still runs only for the routes of meRouter.
router.use(requireAuth, meRouter);
// Error middleware in front of a router cannot be a hook.
router.use('/broken', (err, req, res, next) => next(err), meRouter);

export default router;
