import { Router } from 'express';
import { loadUser } from './load-user';

import { fromExpressMiddleware } from '../adapter';

export const users = Router();

/* @fastify-migrate-todo: param callback for :userId is not in this file: served through the Express adapter; migrate it natively when you can */
users.addHook('preHandler', fromExpressMiddleware(
  (req, res, next) => req.params.userId === undefined ? next() : loadUser(req, res, next, req.params.userId)
));

users.get('/users/:userId', (req, res) => res.json(req.loadedUser));
