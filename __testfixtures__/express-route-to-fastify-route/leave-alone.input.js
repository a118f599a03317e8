const express = require('express');
const cache = require('./cache');

const app = express();

// Nothing here needs the route step: no middleware chains, nothing escapes.
app.get('/', (req, res) => {
  res.send('home');
});

if (app.get('env') === 'production') {
  app.set('trust proxy', 1);
}

// Not a router: a cache with a get(key, fallback) method.
cache.get('/users', () => []);

module.exports = app;
