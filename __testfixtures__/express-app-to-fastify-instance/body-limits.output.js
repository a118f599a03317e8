const express = require('express');

const Fastify = require('fastify');

const app = Fastify({ bodyLimit: 2097152, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
// Large JSON documents; forms stay small.
app.use(express.json());
app.use(express.urlencoded({ extended: false, limit: 102400 }));
app.post('/docs', (req, res) => res.status(201).json({ size: JSON.stringify(req.body).length }));

module.exports = app;
