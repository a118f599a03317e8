import { Router } from 'express';

export const orders = Router();

// Normalises every posted order before the routes see it.
orders.use(function normalise(req, res, next) {
  if (req.body && typeof req.body.sku === 'string') {
    req.body.sku = req.body.sku.trim().toUpperCase();
  }
  next();
});

orders.use('/admin', (req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
});

orders.post('/', (req, res) => res.status(201).json(req.body));
