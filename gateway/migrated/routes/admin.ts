/** /admin, migrated in part from legacy-app/routes/admin.ts (`router.use(requireAuth, requireRole('ADMIN'))`). */
import type { FastifyPluginAsync } from 'fastify';
import * as settings from '../../../legacy-app/services/settings.service';
import { requireAuth, requireRole } from '../setup';

export const adminRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', requireAuth);
  app.addHook('preHandler', requireRole('ADMIN'));

  app.get('/stats', async () => settings.stats());
};
