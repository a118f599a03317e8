const { Router } = require('express');
const legacyDb = require('../legacy-db');

const api = Router();

// Middleware: answers early, otherwise passes on. Never turned into `return value`.
api.use((req, res, next) => {
  if (!req.headers['x-api-key']) {
    res.sendStatus(401);
    return;
  }
  next();
});

api.get('/items', (req, res) => {
  legacyDb.all('SELECT * FROM items', (err, rows) => {
    if (err) {
      res.status(500).json({ error: 'db' });
      return;
    }
    res.json(rows);
  });
});

api.get('/items/count', (req, res) => {
  res.json(legacyDb.count());
  console.log('counted'); // still runs after the answer
});

api.get('/legacy.js', (req, res) => {
  res.jsonp({ v: 1 });
});

module.exports = api;
