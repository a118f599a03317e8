'use strict';
const express = require('express');
const { listOrders, createOrder } = require('../services/orders');

const router = express.Router();

// List every order of the current user.
router.get('/', async (req, res) => {
  const orders = await listOrders(req.user.id);

  res.send({ orders });
});

/* Create one; next is declared but never used. */
router.post('/', async function create(req, res, next) {
  const order = await createOrder(req.user.id, req.body);
  res.status(201).send(order); // created
});

router.delete('/:id', (req, res, next) => {
  if (!req.user) return next(new Error('no user'));
  res.status(204).send();
});

module.exports = router;
