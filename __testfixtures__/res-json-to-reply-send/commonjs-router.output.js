const express = require('express');
const db = require('../db');

const router = express.Router();

// Health check: answered by the load balancer every second.
router.get('/health', (req, res) => ({ ok: true }));

router.get('/users/:id', (req, res) => {
  const user = db.users.find(req.params.id);
  if (!user) {
    // Unknown id.
    return res.code(404).send({ error: 'not found' });
  }

  return res.send(user);
});

router.delete('/users/:id', function (req, res) {
  db.users.remove(req.params.id);
  return res.code(204).send();
});

module.exports = router;
