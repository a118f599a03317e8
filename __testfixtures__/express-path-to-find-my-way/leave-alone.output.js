const fastify = require('fastify')();
const express = require('express');

const router = express.Router();

router.get('/users/:id', (req, res) => res.send(req.params.id));
router.get('/flights/:from-:to', (req, res) => res.send(req.params));

// Already find-my-way: the wildcard is read as params['*'].
fastify.get('/static/*', async (request) => request.params['*']);
fastify.route({ method: 'GET', url: '/health', handler: async () => ({ ok: true }) });

module.exports = { router, fastify };
