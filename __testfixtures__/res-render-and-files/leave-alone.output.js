const express = require('express');
const { compile } = require('./templates');

const app = express();

app.get('/mail-preview', (req, res) => {
  // A template object's render, not the response's.
  const template = compile('<p>{{name}}</p>');
  res.type('html').send(template.render({ name: req.query.name }));
});

app.get('/raw', (req, res) => {
  app.render('raw', {}, (err, html) => res.send(html));
});

module.exports = app;
