const express = require('express');

const app = express();
app.get('/', (req, res) => res.send('ok'));

// Started by the platform's wrapper with its own callback.
exports.start = function start(port, done) {
  app.listen(port, done);
};

// Started on a host the caller picks.
exports.startOn = function startOn(port, host) {
  app.listen(port, host);
};

exports.startWith = function startWith(port, x) {
  app.listen(port, x);
};

if (require.main === module) {
  app.listen(() => console.log('listening on a random port'));
}
