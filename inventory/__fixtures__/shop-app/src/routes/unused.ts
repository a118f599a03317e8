import { Router } from 'express';

// Exported but mounted nowhere in this codebase.
export const unusedRouter = Router();
unusedRouter.get('/forgotten', (req, res) => {
  res.json({ forgotten: true });
});
