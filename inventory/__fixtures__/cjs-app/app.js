const express = require('express');
const { hasRole } = require('./lib/roles');

function createApp() {
  const app = express();
  const v1 = express.Router();
  v1.use('/catalog', require('./routes'));
  app.use('/v1', hasRole('member'), v1);
  app.post('/v1/login', (req, res) => res.json({ ok: true }));
  require('./routes/legacy')(app);
  return app;
}

module.exports = { createApp };
