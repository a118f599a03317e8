const express = require('express');
const router = express.Router();

router.get('/:id', (req, res, next) => {
  loadThing(req.params.id)
    .then((thing) => res.send(thing))
    .catch(next);
});

router.get('/skip', (req, res, next) => {
  if (!req.query.really) return next('route');
  res.send('ok');
});

module.exports = router;
