const express = require('express');

const router = express.Router();

router.get('/old-home', (req, res) => {
  return res.redirect('/home', 301);
});

router.post('/login', (req, res) => {
  if (!req.body.user) {
    // Back to the form.
    return res.redirect('/login?error=1');
  }

  return res.redirect(`/users/${req.body.user}`, 303);
});

module.exports = router;
