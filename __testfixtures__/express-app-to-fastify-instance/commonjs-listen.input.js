'use strict';
const createApp = require('express');
const { notFound, logErrors, keepGoing } = require('./middleware/handlers');
const apiRouter = require('./routes/api');

const PORT = process.env.PORT || 3000;
const server = createApp();

server.enable('trust proxy');
server.set('view engine', 'pug');
server.locals.title = 'Shop';

server.get('/', (req, res) => res.send('home'));
server.use('/api', apiRouter);
server.use(keepGoing);
server.use(notFound);
server.use(logErrors);

server.listen(PORT, () => {
  console.log(`listening on ${PORT}`);
});
