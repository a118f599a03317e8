const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('home'));

// Written here: next-only-handler-to-hook and error-middleware-to-set-error-handler rewrite these.
const notFound = (req, res) => res.status(404).send('nope');
const sendError = (err, req, res, next) => res.status(500).json({ error: err.message });

app.use(notFound);
app.use(sendError);

module.exports = app;
