const { loadThing } = require('../things');

module.exports = async function things(fastify) {
  /* @fastify-migrate-todo: `next` is passed on or called with 'route': Fastify handlers get no next; throw, return, or move this into a hook */
  fastify.get('/:id', (request, reply, next) => {
    loadThing(request.params.id)
      .then((thing) => reply.send(thing))
      .catch(next);
  });

  fastify.delete('/:id', (request, reply, next) => {
    if (!request.user) {
      const err = new Error('login first');
      err.statusCode = 401;
      return next(err);
    }
    reply.code(204).send();
  });
};
