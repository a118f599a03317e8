import http from 'node:http';
import { router } from './router.mjs';

const web = require('express')();

web.set('strict routing', true);
web.use(router);

// Start on the port and host the platform gives.
web.listen(8080, '127.0.0.1', function onListen() {
  console.log('up on', this.address().port);
});

http.createServer(web).listen(8081);

export default web;
