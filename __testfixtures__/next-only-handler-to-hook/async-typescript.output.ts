import express, { type NextFunction, type Request, type Response } from 'express';
import { loadUser } from './users';

export const app = express();

app.addHook('onRequest', async (rq: Request, rs: Response) => {
  const user = await loadUser(rq.headers.authorization);
  if (!user) {
    rs.status(401).json({ error: 'unauthorized' });
    return rs;
  }
  if (user.disabled) {
    throw new Error('account disabled');
  }

  // Known user: on to the route.
  rq.user = user;
});
