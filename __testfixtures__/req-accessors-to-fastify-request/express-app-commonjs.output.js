const express = require('express');
const audit = require('./audit');

const app = express();

app.post('/events', (req, res) => {
  // Who sent it, and from where.
  const token = req.headers.authorization;
  const agent = req.headers['user-agent'];
  const trace = req.headers['x-trace-id'] || 'none';

  if (!/^application\/json\s*(?:;|$)/i.test(req.headers['content-type'] ?? '')) {
    return res.status(415).json({ error: 'json only' });
  }

  audit.log({ token, agent, trace, ip: req.ip, host: req.hostname, proto: req.protocol, url: req.originalUrl, path: req.url.split('?')[0] });
  res.status(202).json({ accepted: true });
});

module.exports = app;
