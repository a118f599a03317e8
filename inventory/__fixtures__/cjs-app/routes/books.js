const router = require('express').Router();
const { hasRole } = require('../lib/roles');
const handlers = require('./book-handlers');

router.get('/', handlers.list);
router.get('/:isbn', handlers.show);
router.delete('/:isbn', hasRole(['librarian', 'admin']), handlers.remove);
router.route('/:isbn/loans').get(handlers.loans).post(hasRole('librarian'), handlers.lend);

module.exports = router;
