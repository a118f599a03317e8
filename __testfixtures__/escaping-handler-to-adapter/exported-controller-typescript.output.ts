/** Handlers of the /api/users router; routes/users.ts registers them. */
import type { Request, Response } from 'express';
import { redirectToCdn } from '../services/cdn';
import * as usersService from '../services/users.service';

import { fromExpressHandler } from '../adapter';

export async function getUser(req: Request, res: Response) {
  res.json(await usersService.findById(Number(req.params.id)));
}

// The CDN helper writes the response itself.
/* @fastify-migrate-todo: served through the Express adapter (res is passed to redirectToCdn()); migrate it natively when you can */
export const avatar = fromExpressHandler(function avatar(_req: Request, res: Response) {
  const user = res.locals.target as { username: string };
  redirectToCdn(res, `u/${encodeURIComponent(user.username)}.png`);
});

/* @fastify-migrate-todo: served through the Express adapter (res is passed to .streamBanner()); migrate it natively when you can */
export const banner = fromExpressHandler(async (req: Request, res: Response): Promise<void> => {
  await usersService.streamBanner(req.params.id, res);
});

/* @fastify-migrate-todo: served through the Express adapter (req is passed to .renderProfile(); res is passed to .renderProfile()); migrate it natively when you can */
export default fromExpressHandler(function legacyProfile(req: Request, res: Response) {
  usersService.renderProfile(req, res);
});

