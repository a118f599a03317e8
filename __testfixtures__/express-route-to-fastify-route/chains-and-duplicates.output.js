const express = require('express');
const things = require('./things');

const { fromExpressMiddleware } = require('../adapter');

const router = express.Router();

// `.all` in a chain runs before each method: it becomes their middleware.
router.get(
  '/things/:id',
  { preHandler: [fromExpressMiddleware(things.load)] },
  things.show
);

router.put(
  '/things/:id',
  { preHandler: [fromExpressMiddleware(things.load)] },
  things.update
);

// Fastify parses bodies itself: route-level body parsers go.
router.post('/things', { bodyLimit: 2097152 }, things.create);

// Two registrations of the same route: Express runs both, Fastify refuses the second.
router.get('/report', function prepare(req, res, next) {
  res.locals.started = Date.now();
  next();
});
/* @fastify-migrate-todo: GET /report is registered twice: Fastify allows one handler per method and path; merge the two (the first one is middleware) */
router.get('/report', things.report);

module.exports = router;

