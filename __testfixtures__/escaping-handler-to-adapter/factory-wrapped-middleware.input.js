const wrapAsync = require('../lib/wrap-async');
const Shop = require('../models/shop');

// wrapAsync(fn) returns (req, res, next) => fn(req, res, next).catch(next): as a Fastify hook it would
// both call done and return a promise, and Fastify would run the rest of the route twice.
const requireSeller = wrapAsync(async (req, res, next) => {
  const shop = await Shop.ownedBy(req.user.id);
  if (!shop) {
    res.status(403);
    throw new Error('sellers only');
  }
  req.shop = shop;
  next();
});

// A route handler in the same factory is fine natively: Fastify awaits what it returns.
const listOrders = wrapAsync(async (req, res) => {
  res.json(await req.shop.orders());
});

module.exports = { requireSeller, listOrders };
