import path from 'node:path';
import { Router, type Request, type Response } from 'express';

import type { SendOptions } from '@fastify/static';

const REPORTS = '/var/reports';
export const files = Router();

files.get('/', (_rq: Request, out: Response) => {
  return out.sendFile('index.html', path.join(__dirname, 'public'));
});

files.get('/reports/:name', (rq: Request, out: Response) => {
  return out.sendFile(rq.params.name, REPORTS, {
    maxAge: '1h'
  });
});

files.get('/invoices/:id', async (rq: Request, out: Response) => {
  const file = await invoicePath(rq.params.id);
  return out.download(path.basename(file), `invoice-${rq.params.id}.pdf`, {
    root: path.dirname(file)
  } as SendOptions);
});

declare function invoicePath(id: string): Promise<string>;
