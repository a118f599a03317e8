const express = require('express');

const buildApp = () => {
  const app = express();

  // Only the local nginx may set X-Forwarded-For.
  app.set('trust proxy', 'loopback');
  app.enable('case sensitive routing');
  app.set('etag', false);
  app.set('port', 8080);

  app.get('/', (req, res) => res.send('root'));
  return app;
};

if (require.main === module) {
  const app = buildApp();
  app.listen(app.get('port'));
}

module.exports = buildApp;
