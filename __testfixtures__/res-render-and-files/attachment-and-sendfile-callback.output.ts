import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';

export const exports = Router();

exports.get('/products.csv', (_req: Request, res: Response) => {
  res.header('Content-Disposition', 'attachment; filename=products.csv').type('text/csv; charset=utf-8');
  res.send(toCsv());
});

exports.get('/account', (req: Request, res: Response) => {
  res.header(
    'Content-Disposition',
    contentDisposition(`account-${req.params.name}.json`)
  ).type('application/json; charset=utf-8');
  res.send(JSON.stringify({ name: req.params.name }, null, 2));
});

exports.get('/report.txt', (_req: Request, res: Response, next: NextFunction) => {
  res.set('Cache-Control', 'no-store');
  return res.sendFile('report.txt', path.join(__dirname, '..', 'static'), {
    cacheControl: false
  });
});

// Left alone: the name's extension is not written out, and this callback does more than hand on the error.
exports.get('/any/:file', (req: Request, res: Response) => {
  /* @fastify-migrate-todo: res.attachment(): set content-disposition yourself (e.g. with the content-disposition package) */
  res.attachment(req.params.file);
  /* @fastify-migrate-todo: res.sendFile with a callback: use res.sendFile(file, root, options) (@fastify/static); errors go to the error handler */
  res.sendFile(req.params.file, { root: '/srv' }, (err) => {
    console.log('sent', err);
  });
});

declare function toCsv(): string;

/** Express's res.attachment() header (the content-disposition package's rules for an ASCII name). */
function contentDisposition(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(base)) return 'attachment; filename=' + base;
  return 'attachment; filename="' + base.replace(/[\\"]/g, '\\$&') + '"';
}

