const express = require('express');
const queue = require('./queue');

const router = express.Router();

router.post('/jobs', (req, res) => {
  queue.push(req.body, (err) => (err ? res.send(err) : res.status(202).json({ queued: true })));
});

module.exports = router;
