const express = require('express');
const db = require('../db');

const router = express.Router();

// Health check: answered by the load balancer every second.
router.get('/health', (req, res) => res.json({ ok: true }));

router.get('/users/:id', (req, res) => {
  const user = db.users.find(req.params.id);
  if (!user) {
    // Unknown id.
    res.status(404).json({ error: 'not found' });
    return;
  }

  res.json(user);
});

router.delete('/users/:id', function (req, res) {
  db.users.remove(req.params.id);
  res.sendStatus(204);
});

module.exports = router;
