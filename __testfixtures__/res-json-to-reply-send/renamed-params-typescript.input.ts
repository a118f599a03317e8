import { Router, type Request, type Response } from 'express';
import { renderPage } from '../views';

export const pages = Router();

pages.get('/about', (r: Request, response: Response) => {
  const html = `<h1>About ${r.query.lang ?? 'en'}</h1>`;
  response.status(200).send(html);
});

pages.get('/legal', (_r: Request, out: Response) => {
  out.send('<p>Legal</p>');
});

pages.get('/robots.txt', (_r: Request, out: Response) => {
  out.type('text/plain');
  out.send('User-agent: *');
});

pages.get('/page/:name', async (r: Request, out: Response) => {
  const body = await renderPage(r.params.name);
  out.send(body);
});

pages.get('/missing', (r: Request, resp: Response) => {
  resp.status(410).end();
});
