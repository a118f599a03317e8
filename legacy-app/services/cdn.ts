/** Redirects to the image CDN; shared by every handler that serves a user-uploaded picture. */
import type { Response } from 'express';

const CDN = 'https://avatars.example.com';

export function redirectToCdn(res: Response, file: string): void {
  res.set('Cache-Control', 'public, max-age=3600');
  res.redirect(301, `${CDN}/${file}`);
}
