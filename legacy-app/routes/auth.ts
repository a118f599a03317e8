import express from 'express';
import { HttpError } from '../errors';
import { requireAuth } from '../middleware/auth';
import * as auth from '../services/auth.service';
import { Checker, isPlainObject } from '../services/validation';

const router = express.Router();

// Accepts a JSON body or an HTML form (urlencoded).
router.post('/login', (req, res) => {
  const check = new Checker(isPlainObject(req.body) ? req.body : {});
  const username = check.string('username', { required: true, max: 64 });
  const password = check.string('password', { required: true, max: 200 });
  check.done();
  const user = auth.checkPassword(username!, password!);
  if (!user) throw new HttpError(401, 'BAD_CREDENTIALS', 'Wrong username or password');
  const sid = auth.createSession(user.id);
  res.cookie('sid', sid, { httpOnly: true, sameSite: 'lax' });
  res.json({ user });
});

router.post('/logout', (req, res) => {
  if (req.cookies.sid) auth.deleteSession(req.cookies.sid);
  res.clearCookie('sid');
  res.redirect(303, '/');
});

router.get('/check', (req, res) => {
  res.sendStatus(req.user ? 204 : 401);
});

router.post('/tokens', requireAuth, (req, res) => {
  const check = new Checker(isPlainObject(req.body) ? req.body : {});
  const label = check.string('label', { required: true, min: 1, max: 40 });
  check.done();
  const token = auth.createApiToken(req.user!.id, label!);
  res.status(201).json({ token, label });
});

export default router;
