const express = require('express');
const users = require('../users');

const router = express.Router();

function requireAuth(req, res, next) {
  if (!req.user) return res.status(401).json({ error: 'login required' });
  next();
}

const requireRole = (role) => (req, res, next) => {
  if (req.user.role !== role) return res.status(403).json({ error: 'forbidden' });
  next();
};

// Only admins may delete.
router.delete('/users/:id', requireAuth, requireRole('ADMIN'), (req, res) => {
  users.remove(req.params.id);
  res.sendStatus(204);
});

router.get('/users/me', requireAuth, (req, res) => res.json(req.user));

module.exports = router;
