const express = require('express');
const users = require('../users');

const router = express.Router();

router.use((req, res, next) => {
  res.locals.title = 'Users';
  next();
});

router.get('/users/:id', (req, res) => {
  const user = users.find(req.params.id);
  // Server-rendered profile page.
  res.render('users/show', { user });
});

router.get('/users/:id/card', (req, res) => {
  res.render('users/card', { user: users.find(req.params.id) }, (err, html) => {
    res.send(err ? 'unavailable' : html);
  });
});

module.exports = router;
