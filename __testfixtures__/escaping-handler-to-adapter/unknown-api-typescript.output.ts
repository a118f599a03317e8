import { Router, type NextFunction, type Request, type Response } from 'express';
import { subscribe } from '../events';

import { fromExpressHandler, fromExpressMiddleware } from '../adapter';

export const stream = Router();
const seen: Request[] = [];

function remember(req: Request, res: Response, next: NextFunction) {
  seen.push(req);
  next();
}

/* @fastify-migrate-todo: served through the Express adapter (req is passed to .push(); res.writeHead has no Fastify counterpart; res.write has no Fastify counterpart); migrate it natively when you can */
stream.get('/events', fromExpressMiddleware(remember), fromExpressHandler((req: Request, res: Response) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
}));
