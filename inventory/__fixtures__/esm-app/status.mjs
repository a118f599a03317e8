import { Router } from 'express';

export const statusRouter = Router();
statusRouter.get('/', (req, res) => res.json({ up: true }));
statusRouter.head('/', (req, res) => res.end());
