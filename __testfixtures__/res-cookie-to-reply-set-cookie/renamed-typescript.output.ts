import type { Request, Response } from 'express';

const ONE_DAY_MS = 24 * 60 * 60 * 1000;
const cookieDefaults = { httpOnly: true, secure: true };

export function remember(rq: Request, out: Response) {
  out.setCookie('remember', rq.body.user, {
    maxAge: Math.floor(ONE_DAY_MS / 1000),
    signed: true,
    path: '/account',
    sameSite: false
  });
  /* @fastify-migrate-todo: out.cookie('prefs', <object>): Express stores objects as 'j:' + JSON; serialize the value yourself (and parse it where it is read) */
  out.cookie('prefs', { lang: 'en' }); // stored as j:{"lang":"en"} by Express
  /* @fastify-migrate-todo: out.cookie('cart', ..., cookieDefaults): options not written inline; @fastify/cookie counts maxAge in seconds (Express in ms) and has no default path '/' */
  out.cookie('cart', rq.body.cart, cookieDefaults);
  out.status(204).end();
}
