const express = require('express');
const Note = require('../models/note');

const router = express.Router();

// passport and connect-flash add these methods to Express's request only.
function mustBeSignedIn(req, res, next) {
  if (!req.isAuthenticated()) {
    req.flash('error', 'Sign in first');
    return res.redirect('/signin');
  }
  next();
}

router.get('/notes', mustBeSignedIn, async (req, res) => {
  res.render('notes', { notes: await Note.byOwner(req.user.id) });
});

router.post('/signout', (req, res, next) => {
  req.logout((err) => {
    if (err) return next(err);
    res.redirect('/');
  });
});

// Only the app's own properties on req: stays for the native steps.
router.get('/notes/:id', (req, res) => {
  res.json(req.note);
});

module.exports = router;
