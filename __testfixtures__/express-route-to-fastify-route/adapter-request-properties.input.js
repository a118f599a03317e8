const express = require('express');
const { expressjwt } = require('express-jwt');
const Booking = require('../models/booking');
const catchAsync = require('express-async-handler');

const router = express.Router();
const requireToken = expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] });

// express-jwt sets req.auth on Express's request; the native handler reads it from Fastify's.
router.get('/bookings', requireToken, async (req, res) => {
  res.json(await Booking.forGuest(req.auth.sub, req.query.from));
});

// Only what the adapter mirrors anyway (user): no options.
router.delete('/bookings/:id', requireToken, async (req, res) => {
  await Booking.cancel(req.params.id, req.user.id);
  res.sendStatus(204);
});

// The handler written inline in a factory (express-async-handler): the function inside is what reads.
router.get('/bookings/:id', requireToken, catchAsync(async (req, res) => {
  res.json(await Booking.find(req.params.id, req.auth.sub));
}));

module.exports = router;
