'use strict';
const Fastify = require('fastify');
const { notFound, logErrors, keepGoing } = require('./middleware/handlers');
const apiRouter = require('./routes/api');

const PORT = process.env.PORT || 3000;
const server = Fastify({ trustProxy: true, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });

/* @fastify-migrate-todo: 'view engine': register @fastify/view ({ engine, root }) and call reply.view(...) where res.render was */
server.set('view engine', 'pug');
/* @fastify-migrate-todo: server.locals is Express's application API: keep the values in server.decorate(...) or a module, or pass them to reply.view(...) */
server.locals.title = 'Shop';

server.get('/', (req, res) => res.send('home'));
server.use('/api', apiRouter);
server.use(keepGoing);
server.setNotFoundHandler(notFound);
server.setErrorHandler(logErrors);

server.listen({ port: Number(PORT), host: '0.0.0.0' }, (err) => {
  if (err) throw err;
  console.log(`listening on ${PORT}`);
});
