const express = require('express');
const { NotFound } = require('http-errors');
const legacyDb = require('../legacy-db');

const router = express.Router();

router.get('/things/:id', (req, res, next) => {
  if (!/^\d+$/.test(req.params.id)) return next(new NotFound('bad id'));

  legacyDb.get(req.params.id, (err, row) => {
    if (err) return next(err); // database down
    res.json(row);
  });
});

router.get('/things', (req, res, next) => {
  legacyDb
    .list()
    .then((rows) => res.json(rows))
    .catch(next);
});

module.exports = router;
