/** Handlers of the /api/users router. `res.locals.target` is the user loaded by router.param('id'). */
import type { Request, Response } from 'express';
import { forbidden, notFound, validationFailed } from '../errors';
import { redirectToCdn } from '../services/cdn';
import * as usersService from '../services/users.service';
import { Checker, EMAIL, USERNAME, requireObjectBody } from '../services/validation';
import type { UserRecord } from '../services/users.service';

export async function listUsers(req: Request, res: Response) {
  const check = new Checker(req.query as Record<string, unknown>);
  const limit = check.int('limit', { min: 1, max: 100 }) ?? 20;
  const offset = check.int('offset', { min: 0 }) ?? 0;
  check.done();
  const { total, users } = await usersService.list(limit, offset);
  res.json({ total, limit, offset, users: users.map((u) => usersService.toPublicUser(u, req.user!)) });
}

export async function getMe(req: Request, res: Response) {
  const me = await usersService.findById(req.user!.id);
  if (!me) throw notFound('User');
  res.json({ ...usersService.toPublicUser(me, req.user!), preferences: { theme: me.theme, language: me.language } });
}

export async function getUser(req: Request, res: Response) {
  const user = res.locals.target as UserRecord;
  res.json(usersService.toPublicUser(user, req.user!));
}

export const setPreferences = (req: Request, res: Response) => {
  const body = requireObjectBody(req.body);
  const check = new Checker(body);
  const theme = check.string('theme', { oneOf: usersService.THEMES });
  const language = check.string('language', { oneOf: usersService.LANGUAGES });
  check.done();
  if (theme === undefined && language === undefined) {
    throw validationFailed([{ field: 'body', message: 'give at least one of theme, language' }]);
  }
  const updated = usersService.setPreferences(req.user!.id, { theme, language })!;
  res.cookie('theme', updated.theme, { sameSite: 'lax' });
  res.cookie('lang', updated.language, { sameSite: 'lax' });
  res.set('Content-Language', updated.language);
  res.json({ preferences: { theme: updated.theme, language: updated.language } });
};

export async function createUser(req: Request, res: Response) {
  const body = requireObjectBody(req.body);
  const check = new Checker(body);
  const username = check.string('username', { required: true, pattern: USERNAME });
  const name = check.string('name', { required: true, min: 1, max: 100 });
  const email = check.string('email', { required: true, pattern: EMAIL });
  const role = (check.string('role', { oneOf: ['USER', 'ADMIN'] }) ?? 'USER') as 'USER' | 'ADMIN';
  const password = check.string('password', { required: true, min: 8, max: 200 });
  check.done();
  const user = await usersService.create({ username: username!, name: name!, email: email!, role, password: password! });
  res.status(201).location(`/api/users/${user.id}`).json(usersService.toPublicUser(user, req.user!));
}

export async function updateUser(req: Request, res: Response) {
  const target = res.locals.target as UserRecord;
  if (req.user!.role !== 'ADMIN' && req.user!.id !== target.id) throw forbidden('You can only edit your own profile');
  const check = new Checker(requireObjectBody(req.body));
  const name = check.string('name', { min: 1, max: 100 });
  const email = check.string('email', { pattern: EMAIL });
  check.done();
  const updated = await usersService.update(target.id, { name, email });
  res.json(usersService.toPublicUser(updated!, req.user!));
}

export async function deleteUser(req: Request, res: Response) {
  const target = res.locals.target as UserRecord;
  if (target.id === req.user!.id) throw forbidden('You cannot delete yourself');
  await usersService.remove(target.id);
  res.sendStatus(204);
}

export function avatar(_req: Request, res: Response) {
  const user = res.locals.target as UserRecord;
  redirectToCdn(res, `u/${encodeURIComponent(user.username)}.png`);
}
