const express = require('express');
const products = require('../products');

const router = express.Router();

// Loads the product once for every route with :productId.
router.param('productId', (req, res, next, productId) => {
  const product = products.find(productId);
  if (!product) return next(new Error('no such product'));
  req.product = product;
  next();
});

router.get('/products/:productId', (req, res) => res.json(req.product));

module.exports = router;
