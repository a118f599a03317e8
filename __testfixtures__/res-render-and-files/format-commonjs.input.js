const express = require('express');

const router = express.Router();

router.get('/receipt', (req, res) => {
  res.format({
    text: () => res.send('receipt'),
    json: () => res.json({ receipt: true }),
  });
});

module.exports = router;
