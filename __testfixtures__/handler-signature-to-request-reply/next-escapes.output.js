const express = require('express');
const router = express.Router();

/* @fastify-migrate-todo: `next` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook */
router.get('/:id', (request, reply, next) => {
  loadThing(request.params.id)
    .then((thing) => reply.send(thing))
    .catch(next);
});

/* @fastify-migrate-todo: `next` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook */
router.get('/skip', (request, reply, next) => {
  if (!request.query.really) return next('route');
  reply.send('ok');
});

module.exports = router;
