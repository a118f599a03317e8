const express = require('express');
const sessions = require('../sessions');

const router = express.Router();

router.post('/login', (req, res) => {
  const token = sessions.create(req.body.user);
  // One hour, as Express counts it (milliseconds).
  res.setCookie('sid', token, {
    httpOnly: true,
    maxAge: 3600,
    sameSite: 'strict',
    path: '/'
  });
  res.setCookie('theme', req.cookies.theme || 'light', {
    path: '/'
  });

  res.json({ ok: true });
});

router.post('/logout', (req, res) => {
  res.clearCookie('sid');
  res.status(204).end();
});

module.exports = router;
