import { Router, type Request, type Response } from 'express';

export const files = Router();

files.get('/files/:name', (request: Request, response: Response) => {
  const kind = request.query.kind as string;
  /* @fastify-migrate-todo: response.type(kind): Express maps a short name ('json', 'html') to a full content type and adds a charset; Fastify sets it as given */
  response.type(kind);
  response.type('text/markdown; charset=utf-8');
  response.header('Set-Cookie', 'seen=1');
  /* @fastify-migrate-todo: response.append('Link', ...) more than once: Fastify's reply.header replaces the header; send one header with all values */
  response.append('Link', '</a>; rel="prev"');
  /* @fastify-migrate-todo: response.append('Link', ...) more than once: Fastify's reply.header replaces the header; send one header with all values */
  response.append('Link', '</' + request.params.name + '>; rel="self"');
  response.send(request.params.name);
});

files.get('/feed', (request: Request, response: Response) => {
  response.type('application/rss+xml');
  response.type('text/html; charset=utf-8');
  response.send('<rss/>');
});
