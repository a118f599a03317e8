import { Router, type Request, type Response } from 'express';

export const docs = Router();

docs.get('/docs/*splat', (rq: Request, out: Response) => {
  const lang = rq.acceptsLanguages('en', 'fr') || 'en';
  const wanted = rq.accepts(['html', 'json']);
  const file = rq.path.slice('/docs/'.length);
  const session = rq.signedCookies.session;

  out.json({ lang, wanted, file, session, secure: rq.secure });
});
