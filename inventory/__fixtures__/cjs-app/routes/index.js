const { Router } = require('express');
const books = require('./books');
const { router: authorsRouter } = require('./authors.cjs');

const router = Router();
router.use('/books', books);
router.use(['/authors', '/writers'], authorsRouter);
module.exports = router;
