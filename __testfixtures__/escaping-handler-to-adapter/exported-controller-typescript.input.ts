/** Handlers of the /api/users router; routes/users.ts registers them. */
import type { Request, Response } from 'express';
import { redirectToCdn } from '../services/cdn';
import * as usersService from '../services/users.service';

export async function getUser(req: Request, res: Response) {
  res.json(await usersService.findById(Number(req.params.id)));
}

// The CDN helper writes the response itself.
export function avatar(_req: Request, res: Response) {
  const user = res.locals.target as { username: string };
  redirectToCdn(res, `u/${encodeURIComponent(user.username)}.png`);
}

export const banner = async (req: Request, res: Response): Promise<void> => {
  await usersService.streamBanner(req.params.id, res);
};

export default function legacyProfile(req: Request, res: Response) {
  usersService.renderProfile(req, res);
}
