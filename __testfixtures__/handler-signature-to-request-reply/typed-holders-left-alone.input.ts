import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Router } from 'express';

interface IdParams {
  id: string;
}

// Type arguments: not a plain RequestHandler, so only a marker.
export const loadItem: RequestHandler<IdParams> = (req, res, next) => {
  res.locals.id = req.params.id;
  next();
};

// next handed to a promise: a callback hook's done takes the error too, so it is a preHandler.
export const delegate: RequestHandler = (req, res, next) => {
  Promise.resolve(req.body).then(() => next(), next);
};

// Reads members of err (Express typed it any): the holder type stays.
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  res.status(err.status ?? 500).json({ message: err.message });
};

const router = Router();
router.get('/:id', loadItem, (req, res) => res.json({ id: res.locals.id }));
export default router;
