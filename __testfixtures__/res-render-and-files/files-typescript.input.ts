import path from 'node:path';
import { Router, type Request, type Response } from 'express';

const REPORTS = '/var/reports';
export const files = Router();

files.get('/', (_rq: Request, out: Response) => {
  out.sendFile(path.join(__dirname, 'public', 'index.html'));
});

files.get('/reports/:name', (rq: Request, out: Response) => {
  out.sendFile(rq.params.name, { root: REPORTS, maxAge: '1h' });
});

files.get('/invoices/:id', async (rq: Request, out: Response) => {
  const file = await invoicePath(rq.params.id);
  out.download(file, `invoice-${rq.params.id}.pdf`);
});

declare function invoicePath(id: string): Promise<string>;
