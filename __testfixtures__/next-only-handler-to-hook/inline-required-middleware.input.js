const express = require('express');

const app = express();

app.use(require('./middleware/stamp'));
app.use(require('./middleware/audit')({ level: 'info' }));
app.use(express.json());
app.use(require('./middleware/needs-body'));

app.get('/', (req, res) => {
  res.send('home');
});

app.use(require('./middleware/last-resort'));

module.exports = app;
