import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from './errors';

export const app = express();

/** Maps domain errors to HTTP answers. */
export function errorHandler(error: Error, rq: Request, rs: Response) {
  if (rs.headersSent) {
    throw error;
  }
  const status = error instanceof HttpError ? error.status : 500;
  rs.status(status).json({ message: error.message });
}

app.setErrorHandler(errorHandler);
