import Fastify, { type FastifyInstance } from 'fastify';

/** Mounts the routes of this package on an app. */
export function mount(app: FastifyInstance): void {
  app.get('/ping', (req, res) => {
    res.json({ pong: true });
  });
}

export const app: FastifyInstance = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
mount(app);
/* @fastify-migrate-todo: 'json spaces': Fastify serializes JSON itself; give the instance a serializer (setReplySerializer) if clients rely on it */
app.set('json spaces', 2);
const port = 4000;
/* @fastify-migrate-todo: Express's listen returned the http.Server; Fastify's returns a promise (nothing with a callback): use app.server */
const listening = app.listen({ port, host: '0.0.0.0' }, (error) => {
  if (error) throw error;
  console.log('listening');
});
export { listening };
