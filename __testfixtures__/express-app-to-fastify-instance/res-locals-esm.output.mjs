import Fastify from 'fastify';
import { requestId } from './middleware/context.mjs';

export const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });

app.addHook('onRequest', async (request, reply) => { reply.locals = {}; });

app.use(requestId);
app.get('/id', (req, res) => {
  res.json({ id: res.locals.requestId });
});

app.listen({ port: 3000, host: '0.0.0.0' });
