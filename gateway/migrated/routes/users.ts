/**
 * /api/users, migrated from legacy-app/routes/users.ts + controllers/users.controller.ts.
 * `router.use(requireAuth)` is a preHandler on the whole plugin; `router.param('id')` is `loadTarget`.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { notFound, validationFailed } from '../../../legacy-app/errors';
import * as usersService from '../../../legacy-app/services/users.service';
import { Checker, parseId, requireObjectBody } from '../../../legacy-app/services/validation';
import * as usersController from '../../../legacy-app/controllers/users.controller';
import { fromExpressHandler, fromExpressMiddleware } from '../../adapter';
import { requireAuth } from '../setup';

/** router.param('id'): 400 unless a positive integer, 404 unless the user exists. */
async function loadTarget(request: FastifyRequest<{ Params: { id: string } }>): Promise<usersService.UserRecord> {
  const id = parseId(request.params.id);
  if (id === undefined) throw validationFailed([{ field: 'id', message: 'must be a positive integer' }]);
  const user = await usersService.findById(id);
  if (!user) throw notFound(`User ${id}`);
  return user;
}

export const usersRoutes: FastifyPluginAsync = async (app) => {
  app.addHook('preHandler', requireAuth);

  app.get('/me', async (request) => {
    const me = await usersService.findById(request.user!.id);
    if (!me) throw notFound('User');
    return { ...usersService.toPublicUser(me, request.user!), preferences: { theme: me.theme, language: me.language } };
  });

  app.get<{ Params: { id: string } }>('/:id', async (request) => {
    const user = await loadTarget(request);
    return usersService.toPublicUser(user, request.user!);
  });

  // Served through the adapter, unchanged (tracked as adapter debt in /healthz): the Express
  // controller reads `res.locals.target`, which router.param('id') set in the legacy router.
  app.get(
    '/:id/avatar',
    {
      preHandler: fromExpressMiddleware((req, res, next) => {
        loadTarget(req as unknown as FastifyRequest<{ Params: { id: string } }>).then((user) => {
          res.locals.target = user;
          next();
        }, next);
      }),
    },
    fromExpressHandler(usersController.avatar),
  );

  app.post('/me/preferences', async (request, reply) => {
    const check = new Checker(requireObjectBody(request.body));
    const theme = check.string('theme', { oneOf: usersService.THEMES });
    const language = check.string('language', { oneOf: usersService.LANGUAGES });
    check.done();
    if (theme === undefined && language === undefined) {
      throw validationFailed([{ field: 'body', message: 'give at least one of theme, language' }]);
    }
    const updated = usersService.setPreferences(request.user!.id, { theme, language })!;
    reply.setCookie('theme', updated.theme, { path: '/', sameSite: 'lax' });
    reply.setCookie('lang', updated.language, { path: '/', sameSite: 'lax' });
    reply.header('Content-Language', updated.language);
    return { preferences: { theme: updated.theme, language: updated.language } };
  });
};
