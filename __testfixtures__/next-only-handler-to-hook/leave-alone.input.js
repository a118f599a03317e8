const express = require('express');
const cors = require('cors');
const users = require('./routes/users');
const audit = require('./audit');

const app = express();

app.use(cors());
app.use('/users', users);
// Hands the request to another module: the adapter step's business.
app.use((req, res, next) => {
  audit.record(req);
  next();
});
app.get('/ping', (req, res, next) => {
  next();
});

module.exports = app;
