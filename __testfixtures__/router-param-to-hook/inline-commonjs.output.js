const express = require('express');
const products = require('../products');

const router = express.Router();

// Loads the product once for every route with :productId.
router.addHook('preHandler', (req, res, next) => {
  if (req.params.productId === undefined) {
    return next();
  }

  const productId = req.params.productId;
  const product = products.find(productId);
  if (!product) return next(new Error('no such product'));
  req.product = product;
  next();
});

router.get('/products/:productId', (req, res) => res.json(req.product));

module.exports = router;
