import express, { type NextFunction, type Request, type Response } from 'express';
import { loadUser } from './users';

export const app = express();

app.use(async (rq: Request, rs: Response, proceed: NextFunction) => {
  const user = await loadUser(rq.headers.authorization);
  if (!user) {
    rs.status(401).json({ error: 'unauthorized' });
    return;
  }
  if (user.disabled) {
    return proceed(new Error('account disabled'));
  }

  // Known user: on to the route.
  rq.user = user;
  proceed();
});
