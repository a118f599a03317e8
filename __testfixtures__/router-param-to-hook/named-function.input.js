import { Router } from 'express';
import { loadUser } from './load-user';

export const users = Router();

users.param('userId', loadUser);

users.get('/users/:userId', (req, res) => res.json(req.loadedUser));
