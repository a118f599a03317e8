import type { NextFunction, Request, Response } from 'express';
import createError from 'http-errors';
import { findUser } from '../users';

export async function showUser(rq: Request, rs: Response, nx: NextFunction) {
  try {
    const user = await findUser(rq.params.id);
    if (!user) {
      // 404 through the error handler, like every other miss.
      nx(createError(404, 'no such user'));
      return;
    }

    rs.json(user);
  } catch (e) {
    nx(e);
  }
}
