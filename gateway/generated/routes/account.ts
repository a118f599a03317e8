// The server-rendered account pages' API: authenticated by the `sid` session cookie, forms posted urlencoded.
import { sessionAuth } from '../middleware/auth';
import * as usersService from '../../../legacy-app/services/users.service';
import { Checker } from '../../../legacy-app/services/validation';

import type { FastifyInstance } from 'fastify';

export async function accountRouter(fastify: FastifyInstance) {
  fastify.addHook('preHandler', sessionAuth);

  fastify.get('/profile', async (request, reply) => {
    const me = (await usersService.findById(request.user!.id))!;
    return { id: me.id, username: me.username, name: me.name, email: me.email, theme: me.theme, language: me.language };
  });

  fastify.post<{ Body: Record<string, unknown> | undefined }>('/settings', (request, reply) => {
    const check = new Checker(request.body ?? {});
    const theme = check.string('theme', { required: true, oneOf: usersService.THEMES });
    const language = check.string('language', { required: true, oneOf: usersService.LANGUAGES });
    if (check.errors.length) {
      return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: check.errors } });
    }
    usersService.setPreferences(request.user!.id, { theme, language });
    return reply.redirect('/account/profile', 303);
  });

  fastify.get('/export', async (request, reply) => {
    const me = (await usersService.findById(request.user!.id))!;
    reply.header('Content-Disposition', contentDisposition(`account-${me.username}.json`)).type('application/json; charset=utf-8');
    return reply.send(JSON.stringify({ username: me.username, name: me.name, email: me.email }, null, 2));
  });
}

/** Express's res.attachment() header (the content-disposition package's rules for an ASCII name). */
function contentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(base)) return 'attachment; filename=' + base;
  return 'attachment; filename="' + base.replace(/[\\"]/g, '\\$&') + '"';
}
