const express = require('express');

const router = express.Router();

router.get('/old-home', (req, res) => {
  res.redirect(301, '/home');
});

router.post('/login', (req, res) => {
  if (!req.body.user) {
    // Back to the form.
    res.redirect('/login?error=1');
    return;
  }

  res.redirect(303, `/users/${req.body.user}`);
});

module.exports = router;
