import express from 'express';

const items = express.Router();
items.get('/items', (req, res) => res.json([]));
items.put('/items/:id', (req, res) => res.json({ id: req.params.id }));
export default items;
