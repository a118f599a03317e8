import path from 'node:path';
import { requireAuth, requireRole } from '../middleware/auth';
import * as audit from '../../../legacy-app/services/audit.service';
import * as settings from '../../../legacy-app/services/settings.service';
import { Checker, requireObjectBody } from '../../../legacy-app/services/validation';

import type { FastifyInstance } from 'fastify';

async function adminRoutes(fastify: FastifyInstance) {
  fastify.addHook('preHandler', requireAuth);
  fastify.addHook('preHandler', requireRole('ADMIN'));

  fastify.get('/stats', (request, reply) => {
    return reply.send(settings.stats());
  });

  fastify.get('/audit', (request, reply) => {
    const check = new Checker(request.query as Record<string, unknown>);
    const limit = check.int('limit', { min: 1, max: 100 }) ?? 10;
    check.done();
    return { entries: audit.latest(limit) };
  });

  fastify.get('/maintenance', (request, reply) => {
    return { maintenance: settings.getSetting('maintenance') === 'on' };
  });

  fastify.put('/maintenance', (request, reply) => {
    const check = new Checker(requireObjectBody(request.body));
    const enabled = check.boolean('enabled', { required: true });
    check.done();
    settings.setSetting('maintenance', enabled ? 'on' : 'off');
    audit.record(reply.locals.user.id, enabled ? 'maintenance.on' : 'maintenance.off', 'settings');
    return { maintenance: enabled };
  });

  fastify.get('/report.txt', (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    return reply.sendFile(
      'admin-report.txt',
      path.join(path.join(__dirname, '../../../legacy-app/routes'), '..', 'static'),
      {
        cacheControl: false
      }
    );
  });

  fastify.post<{ Querystring: Record<string, string | string[] | undefined> }>('/cache/purge', (request, reply) => {
    audit.record(request.user!.id, 'cache.purge', String(request.query.scope ?? 'all'));
    return reply.code(202).type('text/plain; charset=utf-8').send('Accepted');
  });
}

export default adminRoutes;
