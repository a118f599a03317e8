// The server-rendered account pages' API: authenticated by the `sid` session cookie, forms posted urlencoded.
import { Router } from 'express';
import { sessionAuth } from '../middleware/auth';
import * as usersService from '../services/users.service';
import { Checker } from '../services/validation';

export const accountRouter = Router();

accountRouter.use(sessionAuth);

accountRouter.get('/profile', async (req, res) => {
  const me = (await usersService.findById(req.user!.id))!;
  res.json({ id: me.id, username: me.username, name: me.name, email: me.email, theme: me.theme, language: me.language });
});

accountRouter.post('/settings', (req, res) => {
  const check = new Checker(req.body ?? {});
  const theme = check.string('theme', { required: true, oneOf: usersService.THEMES });
  const language = check.string('language', { required: true, oneOf: usersService.LANGUAGES });
  if (check.errors.length) {
    res.status(400).json({ error: { code: 'VALIDATION_FAILED', message: 'The request is invalid', details: check.errors } });
    return;
  }
  usersService.setPreferences(req.user!.id, { theme, language });
  res.redirect(303, '/account/profile');
});

accountRouter.get('/export', async (req, res) => {
  const me = (await usersService.findById(req.user!.id))!;
  res.attachment(`account-${me.username}.json`);
  res.send(JSON.stringify({ username: me.username, name: me.name, email: me.email }, null, 2));
});
