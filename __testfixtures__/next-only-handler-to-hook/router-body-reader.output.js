import { Router } from 'express';

export const orders = Router();

// Normalises every posted order before the routes see it.
orders.addHook('preHandler', function normalise(req, res, next) {
  if (req.body && typeof req.body.sku === 'string') {
    req.body.sku = req.body.sku.trim().toUpperCase();
  }
  next();
});

/* @fastify-migrate-todo: middleware mounted on '/admin': a hook runs for every route of its plugin; register it in the plugin for that prefix (or check request.url) */
orders.use('/admin', (req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
});

orders.post('/', (req, res) => res.status(201).json(req.body));
