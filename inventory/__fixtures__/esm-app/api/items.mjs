import express from 'express';
import { itemsController } from './controller.mjs';

const items = express.Router();
items.get('/items', (req, res) => res.json([]));
items.put('/items/:id', (req, res) => res.json({ id: req.params.id }));
items.get('/items/count', itemsController.count.bind(itemsController));
export default items;
