const { loadThing } = require('../things');

module.exports = async function things(fastify) {
  fastify.get('/:id', (request, reply) => {
    loadThing(request.params.id)
      .then((thing) => reply.send(thing))
      .catch(err => reply.send(err));
  });

  fastify.delete('/:id', (request, reply) => {
    if (!request.user) {
      const err = new Error('login first');
      err.statusCode = 401;
      throw err;
    }
    reply.code(204).send();
  });
};
