const express = require('express');
const { load, audit } = require('../store');

const router = express.Router();
const user = { id: 0 };

// The catch only handed the error on: nothing is left to catch.
router.get('/items/:id', (req, res, next) => {
  try {
    const item = load(req.params.id);
    res.json(item);
  } catch (err) {
    next(err);
  }
});

// `user` also names the module's user, read after the try: the statements keep their block.
router.get('/me', (req, res, next) => {
  try {
    const user = load('me');
    res.set('x-user', String(user.id));
  } catch (err) {
    next(err);
  }
  audit(user);
  res.end();
});

// The catch does more than hand the error on, or there is a finally: left as written.
router.get('/audited', (req, res, next) => {
  try {
    res.json(load('audited'));
  } catch (err) {
    audit(err);
    next(err);
  } finally {
    audit('done');
  }
});

module.exports = router;
