import * as users from '../controllers/users.controller';
import { notFound, validationFailed } from '../../../legacy-app/errors';
import { requireAuth, requireRole } from '../middleware/auth';
import * as usersService from '../../../legacy-app/services/users.service';
import { parseId } from '../../../legacy-app/services/validation';

import type { FastifyInstance } from 'fastify';

async function usersRoutes(fastify: FastifyInstance) {
  fastify.addHook('preHandler', requireAuth);

  // Loads the user named by :id once for every route below that has it.
  fastify.addHook<{ Params: Record<string, string> }>('preHandler', (request, reply, next) => {
    if (request.params.id === undefined) {
      return next();
    }

    const raw = request.params.id;
    const id = parseId(raw);
    if (id === undefined) {
      throw validationFailed([{ field: 'id', message: 'must be a positive integer' }]);
    }
    usersService
      .findById(id)
      .then((user) => {
        if (!user) return next(notFound(`User ${id}`));
        reply.locals.target = user;
        next();
      })
      .catch(next);
  });

  fastify.get('/', { preHandler: [requireRole('ADMIN')] }, users.listUsers);
  fastify.get('/me', users.getMe);
  fastify.post('/me/preferences', users.setPreferences);
  fastify.post('/', { preHandler: [requireRole('ADMIN')] }, users.createUser);
  fastify.get('/:id', users.getUser);
  fastify.patch('/:id', users.updateUser);
  fastify.delete<{ Params: Record<string, string> }>('/:id', { preHandler: [requireRole('ADMIN')] }, users.deleteUser);
  fastify.get('/:id/avatar', users.avatar);
}

export default usersRoutes;
