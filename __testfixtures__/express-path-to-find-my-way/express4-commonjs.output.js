const express = require('express');
const app = express();

/* Express 4 wildcards are numbered. */
app.get('/docs/*', function (req, res) {
  res.sendFile(req.params['*'], { root: 'docs' });
});

app.get('/users/:id(^\\d+$)', (req, res) => res.json({ id: Number(req.params.id) }));

app.get('/static/*', (req, res) => {
  res.sendFile(req.params['*']);
});

app.get('/posts/:slug?', (req, res) => res.json({ slug: req.params.slug }));

// Neither of these can be said in find-my-way.
/* @fastify-migrate-todo: path cannot be converted to find-my-way: '/ab?cd' has an Express 4 optional or repeated character ('?' after 'b'), which find-my-way cannot express */
app.get('/ab?cd', (req, res) => res.send('abcd'));
/* @fastify-migrate-todo: route path is a regular expression: write it as one find-my-way path per route by hand */
app.get(/^\/old-(\w+)$/, (req, res) => res.redirect('/new/' + req.params[0]));

module.exports = app;

