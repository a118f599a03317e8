const express = require('express');
const { NotFound } = require('http-errors');
const legacyDb = require('../legacy-db');

const router = express.Router();

router.get('/things/:id', (req, res) => {
  if (!/^\d+$/.test(req.params.id)) {
    throw new NotFound('bad id');
  }

  legacyDb.get(req.params.id, (err, row) => {
    if (err) return res.send(err); // database down
    res.json(row);
  });
});

router.get('/things', (req, res) => {
  legacyDb
    .list()
    .then((rows) => res.json(rows))
    .catch(err => res.send(err));
});

module.exports = router;
