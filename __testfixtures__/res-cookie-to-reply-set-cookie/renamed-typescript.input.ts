import type { Request, Response } from 'express';

const ONE_DAY_MS = 24 * 60 * 60 * 1000;
const cookieDefaults = { httpOnly: true, secure: true };

export function remember(rq: Request, out: Response) {
  out.cookie('remember', rq.body.user, { maxAge: ONE_DAY_MS, signed: true, path: '/account' });
  out.cookie('prefs', { lang: 'en' }); // stored as j:{"lang":"en"} by Express
  out.cookie('cart', rq.body.cart, cookieDefaults);
  out.status(204).end();
}
