// The old style: a module that receives the app and adds routes to it.
module.exports = function legacyRoutes(app) {
  app.get('/legacy/ping', (req, res) => res.send('pong'));
  app.post('/legacy/echo', (req, res) => res.json(req.body));
};
