const express = require('express');
const { body } = require('express-validator');
const requireLogin = require('../middleware/require-login');

const router = express.Router();

// Express flattens nested arrays too: this route runs three middleware, then the handler.
router.post(
  '/notes',
  [requireLogin, [body('title').notEmpty(), body('text').isLength({ max: 500 })]],
  (req, res) => {
    res.status(201).json({ title: req.body.title });
  }
);

router.put('/notes/:id', [[requireLogin], express.json()], (req, res) => {
  res.json({ id: req.params.id });
});

module.exports = router;
