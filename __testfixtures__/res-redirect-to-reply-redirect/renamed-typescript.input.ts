import type { Request, Response, NextFunction } from 'express';

const PERMANENT = 308;

export function canonicalHost(rq: Request, rs: Response, go: NextFunction) {
  if (rq.hostname !== 'www.example.com') {
    return rs.redirect(PERMANENT, 'https://www.example.com' + rq.originalUrl);
  }
  go();
}

export async function shortLink(rq: Request, out: Response) {
  const target = await lookup(rq.params.code);
  out.redirect(target.status, target.url); // status from the database
}

declare function lookup(code: string): Promise<{ status: number; url: string }>;
