const express = require('express');

// A Router module: no application here, nothing for this step.
const router = express.Router();

router.get('/', (req, res) => res.json([]));

module.exports = router;
