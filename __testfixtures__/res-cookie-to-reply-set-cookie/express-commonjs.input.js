const express = require('express');
const sessions = require('../sessions');

const router = express.Router();

router.post('/login', (req, res) => {
  const token = sessions.create(req.body.user);
  // One hour, as Express counts it (milliseconds).
  res.cookie('sid', token, { httpOnly: true, maxAge: 3600000, sameSite: 'strict' });
  res.cookie('theme', req.cookies.theme || 'light');

  res.json({ ok: true });
});

router.post('/logout', (req, res) => {
  res.clearCookie('sid');
  res.status(204).end();
});

module.exports = router;
