const express = require('express');
const things = require('./things');

const router = express.Router();

// `.all` in a chain runs before each method: it becomes their middleware.
router
  .route('/things/:id')
  .all(things.load)
  .get(things.show)
  .put(express.json(), things.update);

// Fastify parses bodies itself: route-level body parsers go.
router.post('/things', [express.json({ limit: '2mb' })], things.create);

// Two registrations of the same route: Express runs both, Fastify refuses the second.
router.get('/report', function prepare(req, res, next) {
  res.locals.started = Date.now();
  next();
});
router.get('/report', things.report);

module.exports = router;
