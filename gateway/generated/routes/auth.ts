import { HttpError } from '../../../legacy-app/errors';
import { requireAuth } from '../middleware/auth';
import * as auth from '../../../legacy-app/services/auth.service';
import { Checker, isPlainObject } from '../../../legacy-app/services/validation';

import type { FastifyInstance } from 'fastify';
import { STATUS_CODES } from 'node:http';

async function authRoutes(fastify: FastifyInstance) {
  // Accepts a JSON body or an HTML form (urlencoded).
  fastify.post('/login', (request, reply) => {
    const check = new Checker(isPlainObject(request.body) ? request.body : {});
    const username = check.string('username', { required: true, max: 64 });
    const password = check.string('password', { required: true, max: 200 });
    check.done();
    const user = auth.checkPassword(username!, password!);
    if (!user) throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong username or password');
    const sid = auth.createSession(user.id);
    reply.setCookie('sid', sid, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/'
    });
    return { user };
  });

  fastify.post('/logout', (request, reply) => {
    if (request.cookies.sid) auth.deleteSession(request.cookies.sid);
    reply.setCookie('sid', '', {
      path: '/',
      expires: new Date(1),
      sameSite: false
    });
    return reply.redirect('/', 303);
  });

  fastify.get('/check', (request, reply) => {
    const status = request.user ? 204 : 401;
    return reply.code(status).type('text/plain; charset=utf-8').send(STATUS_CODES[status] ?? String(status));
  });

  fastify.post('/tokens', { preHandler: [requireAuth] }, (request, reply) => {
    const check = new Checker(isPlainObject(request.body) ? request.body : {});
    const label = check.string('label', { required: true, min: 1, max: 40 });
    check.done();
    const token = auth.createApiToken(request.user!.id, label!);
    return reply.code(201).send({ token, label });
  });
}

export default authRoutes;
