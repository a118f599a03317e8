import { Router, type Request, type Response } from 'express';

export const docs = Router();

docs.get('/docs/*splat', (rq: Request, out: Response) => {
  const lang = rq.accepts().languages('en', 'fr') || 'en';
  const wanted = rq.accepts().type(['html', 'json']);
  const file = (rq.url.split('?')[0].slice(rq.server.prefix.length) || '/').slice('/docs/'.length);
  /* @fastify-migrate-todo: rq.signedCookies: use rq.unsignCookie(rq.cookies[name]) from @fastify/cookie (value is in .value when .valid) */
  const session = rq.signedCookies.session;

  out.json({ lang, wanted, file, session, secure: rq.protocol === 'https' });
});
