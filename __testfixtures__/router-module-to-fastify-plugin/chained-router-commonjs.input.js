const express = require('express');

module.exports = express
  .Router()
  .get('/ping', (req, res) => res.send('pong'))
  .use('/admin', require('./admin.routes'));
