// Express runs a mount's middleware for every request under its prefix: routes registered after it there ran it too.
const express = require('express');
const { requireAuth } = require('../middleware/auth');
const adminRouter = require('./admin');
const extraRouter = require('./extra');
const router = express.Router();
router.get('/open', (req, res) => res.json({}));
router.use('/admin', requireAuth, adminRouter);
router.get('/admin/extra', (req, res) => res.json({ extra: true }));
router.use('/admin/more', extraRouter);
router.get('/public', (req, res) => res.json({}));
module.exports = router;
