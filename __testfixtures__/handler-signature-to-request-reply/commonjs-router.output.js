'use strict';
const express = require('express');
const { listOrders, createOrder } = require('../services/orders');

const router = express.Router();

// List every order of the current user.
router.get('/', async (request, reply) => {
  const orders = await listOrders(request.user.id);

  reply.send({ orders });
});

/* Create one; next is declared but never used. */
router.post('/', async function create(request, reply) {
  const order = await createOrder(request.user.id, request.body);
  reply.status(201).send(order); // created
});

router.delete('/:id', (request, reply, next) => {
  if (!request.user) return next(new Error('no user'));
  reply.status(204).send();
});

module.exports = router;
