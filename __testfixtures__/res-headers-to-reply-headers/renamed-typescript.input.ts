import { Router, type Request, type Response } from 'express';

export const files = Router();

files.get('/files/:name', (request: Request, response: Response) => {
  const kind = request.query.kind as string;
  response.type(kind);
  response.header('Content-Type', 'text/markdown');
  response.append('Set-Cookie', 'seen=1');
  response.append('Link', '</a>; rel="prev"');
  response.append('Link', '</' + request.params.name + '>; rel="self"');
  response.send(request.params.name);
});

files.get('/feed', (request: Request, response: Response) => {
  response.set('Content-Type', 'application/rss+xml');
  response.type('.html');
  response.send('<rss/>');
});
