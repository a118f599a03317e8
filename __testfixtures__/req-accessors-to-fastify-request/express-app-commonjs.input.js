const express = require('express');
const audit = require('./audit');

const app = express();

app.post('/events', (req, res) => {
  // Who sent it, and from where.
  const token = req.get('Authorization');
  const agent = req.header('user-agent');
  const trace = req.get('X-Trace-Id') || 'none';

  if (!req.is('json')) {
    return res.status(415).json({ error: 'json only' });
  }

  audit.log({ token, agent, trace, ip: req.ip, host: req.hostname, proto: req.protocol, url: req.originalUrl, path: req.path });
  res.status(202).json({ accepted: true });
});

module.exports = app;
