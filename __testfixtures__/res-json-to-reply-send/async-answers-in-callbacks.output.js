const { Router } = require('express');
const legacyDb = require('../legacy-db');

const router = Router();

// async only for the await; the answer comes from the callback.
router.get('/rows/:id', async (req, res) => {
  await legacyDb.ready();
  legacyDb.get(req.params.id, (err, row) => {
    if (err) return res.code(500).send({ error: 'db' });
    res.send(row);
  });
  return res;
});

module.exports = router;
