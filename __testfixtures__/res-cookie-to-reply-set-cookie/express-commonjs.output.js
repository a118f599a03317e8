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
    path: '/',
    sameSite: false
  });

  res.json({ ok: true });
});

router.post('/logout', (req, res) => {
  res.setCookie('sid', '', {
    path: '/',
    expires: new Date(1),
    sameSite: false
  });
  res.status(204).end();
});

module.exports = router;
