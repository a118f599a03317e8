import express from 'express';
import { adminOnly, authenticate } from '../middleware/auth';

// A sub-app: mounted with app.use('/admin', admin).
export const admin = express();
admin.use(authenticate, adminOnly);
admin.get('/stats', (req, res) => {
  res.json({ uptime: process.uptime() });
});
admin.post('/cache/flush', function flushCache(req, res) {
  res.status(204).end();
});
