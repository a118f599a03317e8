import { Router, type NextFunction, type Request, type Response } from 'express';
import { subscribe } from '../events';

export const stream = Router();
const seen: Request[] = [];

function remember(req: Request, res: Response, next: NextFunction) {
  seen.push(req);
  next();
}

stream.get('/events', remember, (req: Request, res: Response) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
});
