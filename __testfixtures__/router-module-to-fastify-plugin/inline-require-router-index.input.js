const router = require('express').Router();

// Every sub-router required where it is mounted.
router.use('/', require('./accounts.routes'));
router.use('/notes', require('./notes.routes'));

module.exports = router;
