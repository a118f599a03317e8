import type { Request, Response } from 'express';
import createError from 'http-errors';
import { findUser } from '../users';

export async function showUser(rq: Request, rs: Response) {
  const user = await findUser(rq.params.id);
  if (!user) {
    // 404 through the error handler, like every other miss.
    return rs.send(createError(404, 'no such user'));
  }

  rs.json(user);
}

