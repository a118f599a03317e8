import express, { type NextFunction, type Request, type Response } from 'express';
import createError from 'http-errors';
import { ordersRouter } from './orders';

const app = express();

app.get('/health', (req: Request, res: Response) => {
  res.send('ok');
});
app.use(ordersRouter);

app.use((req: Request, res: Response, next: NextFunction) => {
  next(createError(404, `Nothing at ${req.path}`));
});

app.use((err: any, req: Request, res: Response, next: NextFunction) => {
  res.status(err.status ?? 500).json({ error: err.message });
});

export default app;
