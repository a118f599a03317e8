const express = require('express');

const app = express();
const admin = express();

admin.get('/', (req, res) => res.send('admin'));
app.use('/admin', admin);

module.exports = app;
