const express = require('express');
const app = express();

/* Express 4 wildcards are numbered. */
app.get('/docs/*', function (req, res) {
  res.sendFile(req.params[0], { root: 'docs' });
});

app.get('/users/:id(\\d+)', (req, res) => res.json({ id: Number(req.params.id) }));

app.get('/static/:file(*)', (req, res) => {
  res.sendFile(req.params.file);
});

app.get('/posts/:slug?', (req, res) => res.json({ slug: req.params.slug }));

// Neither of these can be said in find-my-way.
app.get('/ab?cd', (req, res) => res.send('abcd'));
app.get(/^\/old-(\w+)$/, (req, res) => res.redirect('/new/' + req.params[0]));

module.exports = app;
