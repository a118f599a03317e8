const { Router } = require('express');
const legacyDb = require('../legacy-db');

const api = Router();

// Middleware: answers early, otherwise passes on. Never turned into `return value`.
api.use((req, res, next) => {
  if (!req.headers['x-api-key']) {
    res.code(401).type('text/plain; charset=utf-8').send('Unauthorized');
    return;
  }
  next();
});

api.get('/items', (req, res) => {
  legacyDb.all('SELECT * FROM items', (err, rows) => {
    if (err) {
      res.code(500).send({ error: 'db' });
      return;
    }
    res.send(rows);
  });
});

api.get('/items/count', (req, res) => {
  res.send(legacyDb.count());
  console.log('counted'); // still runs after the answer
});

api.get('/legacy.js', (req, res) => {
  /* @fastify-migrate-todo: res.jsonp(): Fastify has no JSONP; wrap the payload in the callback by hand */
  res.jsonp({ v: 1 });
});

module.exports = api;
