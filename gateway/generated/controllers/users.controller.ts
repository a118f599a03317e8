/** Handlers of the /api/users router. `res.locals.target` is the user loaded by router.param('id'). */
import type { Request, Response } from 'express';
import { forbidden, notFound, validationFailed } from '../../../legacy-app/errors';
import { redirectToCdn } from '../services/cdn';
import * as usersService from '../../../legacy-app/services/users.service';
import { Checker, EMAIL, USERNAME, requireObjectBody } from '../../../legacy-app/services/validation';
import type { UserRecord } from '../../../legacy-app/services/users.service';

import { fromExpressHandler } from '../../adapter';
import type { FastifyRequest, FastifyReply } from 'fastify';

export async function listUsers(request: FastifyRequest, reply: FastifyReply) {
  const check = new Checker(request.query as Record<string, unknown>);
  const limit = check.int('limit', { min: 1, max: 100 }) ?? 20;
  const offset = check.int('offset', { min: 0 }) ?? 0;
  check.done();
  const { total, users } = await usersService.list(limit, offset);
  return { total, limit, offset, users: users.map((u) => usersService.toPublicUser(u, request.user!)) };
}

export async function getMe(request: FastifyRequest, reply: FastifyReply) {
  const me = await usersService.findById(request.user!.id);
  if (!me) throw notFound('User');
  return { ...usersService.toPublicUser(me, request.user!), preferences: { theme: me.theme, language: me.language } };
}

export async function getUser(request: FastifyRequest, reply: FastifyReply) {
  const user = reply.locals.target as UserRecord;
  return reply.send(usersService.toPublicUser(user, request.user!));
}

export const setPreferences = (request: FastifyRequest, reply: FastifyReply) => {
  const body = requireObjectBody(request.body);
  const check = new Checker(body);
  const theme = check.string('theme', { oneOf: usersService.THEMES });
  const language = check.string('language', { oneOf: usersService.LANGUAGES });
  check.done();
  if (theme === undefined && language === undefined) {
    throw validationFailed([{ field: 'body', message: 'give at least one of theme, language' }]);
  }
  const updated = usersService.setPreferences(request.user!.id, { theme, language })!;
  reply.setCookie('theme', updated.theme, {
    sameSite: 'lax',
    path: '/'
  });
  reply.setCookie('lang', updated.language, {
    sameSite: 'lax',
    path: '/'
  });
  reply.header('Content-Language', updated.language);
  return { preferences: { theme: updated.theme, language: updated.language } };
};

export async function createUser(request: FastifyRequest, reply: FastifyReply) {
  const body = requireObjectBody(request.body);
  const check = new Checker(body);
  const username = check.string('username', { required: true, pattern: USERNAME });
  const name = check.string('name', { required: true, min: 1, max: 100 });
  const email = check.string('email', { required: true, pattern: EMAIL });
  const role = (check.string('role', { oneOf: ['USER', 'ADMIN'] }) ?? 'USER') as 'USER' | 'ADMIN';
  const password = check.string('password', { required: true, min: 8, max: 200 });
  check.done();
  const user = await usersService.create({ username: username!, name: name!, email: email!, role, password: password! });
  return reply.code(201).header('location', `/api/users/${user.id}`).send(usersService.toPublicUser(user, request.user!));
}

export async function updateUser(request: FastifyRequest, reply: FastifyReply) {
  const target = reply.locals.target as UserRecord;
  if (request.user!.role !== 'ADMIN' && request.user!.id !== target.id) throw forbidden('You can only edit your own profile');
  const check = new Checker(requireObjectBody(request.body));
  const name = check.string('name', { min: 1, max: 100 });
  const email = check.string('email', { pattern: EMAIL });
  check.done();
  const updated = await usersService.update(target.id, { name, email });
  return reply.send(usersService.toPublicUser(updated!, request.user!));
}

export async function deleteUser(request: FastifyRequest, reply: FastifyReply) {
  const target = reply.locals.target as UserRecord;
  if (target.id === request.user!.id) throw forbidden('You cannot delete yourself');
  await usersService.remove(target.id);
  return reply.code(204).send();
}

/* @fastify-migrate-todo: served through the Express adapter (res is passed to redirectToCdn()); migrate it natively when you can */
export const avatar = fromExpressHandler(function avatar(_req: Request, res: Response) {
  const user = res.locals.target as UserRecord;
  redirectToCdn(res, `u/${encodeURIComponent(user.username)}.png`);
});
