const request = require('superagent');
const app = require('express')();

// The names differ from handler to handler: found by position and scope, not by name.
app.get('/proxy', async (r, reply) => {
  const upstream = await request.get('http://upstream/' + r.query.path);
  reply.send(upstream.body);
});

app.get('/items', function (request, reply, done) {
  const res = 'not the response';
  [1, 2].forEach(function (out) {
    console.log(out, res);
  });
  reply.header('x-count', '2').send({ ctx: request.query, items: [] });
  done();
});

app.get('/short', (request, reply) => reply.send({ q: request }));
