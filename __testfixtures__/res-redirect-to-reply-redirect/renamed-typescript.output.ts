import type { Request, Response, NextFunction } from 'express';

const PERMANENT = 308;

export function canonicalHost(rq: Request, rs: Response, go: NextFunction) {
  if (rq.hostname !== 'www.example.com') {
    return rs.redirect('https://www.example.com' + rq.originalUrl, PERMANENT);
  }
  go();
}

export async function shortLink(rq: Request, out: Response) {
  const target = await lookup(rq.params.code);
  return out.redirect(target.url, target.status); // status from the database
}

declare function lookup(code: string): Promise<{ status: number; url: string }>;
