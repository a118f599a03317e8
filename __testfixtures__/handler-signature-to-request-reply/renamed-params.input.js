const request = require('superagent');
const app = require('express')();

// The names differ from handler to handler: found by position and scope, not by name.
app.get('/proxy', async (r, s) => {
  const upstream = await request.get('http://upstream/' + r.query.path);
  s.send(upstream.body);
});

app.get('/items', function (ctx, out, done) {
  const res = 'not the response';
  [1, 2].forEach(function (out) {
    console.log(out, res);
  });
  out.header('x-count', '2').send({ ctx: ctx.query, items: [] });
  done();
});

app.get('/short', (q, s) => s.send({ q }));
