import express from 'express';

/** Admin-only routes. */
export const adminRouter = express.Router();

adminRouter.get('/stats', (req, res) => res.send({ uptime: process.uptime() }));

const healthRouter = express.Router();
healthRouter.get('/', (req, res) => res.send('ok'));

export { healthRouter };
