const express = require('express');
const { requireAuth } = require('./auth');

const app = express();

// App-level middleware is next-only-handler-to-hook's; routes without middleware have nothing to move.
app.use(requireAuth);
app.get('/health', (req, res) => res.json({ ok: true }));
app.get('/settings', (req, res) => res.json(app.get('settings')));

module.exports = app;
