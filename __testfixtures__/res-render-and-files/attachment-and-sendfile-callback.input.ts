import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';

export const exports = Router();

exports.get('/products.csv', (_req: Request, res: Response) => {
  res.attachment('products.csv');
  res.send(toCsv());
});

exports.get('/account', (req: Request, res: Response) => {
  res.attachment(`account-${req.params.name}.json`);
  res.type('text/html; charset=utf-8').send(JSON.stringify({ name: req.params.name }, null, 2));
});

exports.get('/report.txt', (_req: Request, res: Response, next: NextFunction) => {
  res.set('Cache-Control', 'no-store');
  res.sendFile(path.join(__dirname, '..', 'static', 'report.txt'), (err) => {
    if (err) next(err);
  });
});

// Left alone: the name's extension is not written out, and this callback does more than hand on the error.
exports.get('/any/:file', (req: Request, res: Response) => {
  res.attachment(req.params.file);
  res.sendFile(req.params.file, { root: '/srv' }, (err) => {
    console.log('sent', err);
  });
});

declare function toCsv(): string;
