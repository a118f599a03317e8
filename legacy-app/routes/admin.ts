import path from 'node:path';
import { Router } from 'express';
import { requireAuth, requireRole } from '../middleware/auth';
import * as audit from '../services/audit.service';
import * as settings from '../services/settings.service';
import { Checker, requireObjectBody } from '../services/validation';

const router = Router();
router.use(requireAuth, requireRole('ADMIN'));

router.get('/stats', (_req, res) => {
  res.json(settings.stats());
});

router.get('/audit', (req, res) => {
  const check = new Checker(req.query as Record<string, unknown>);
  const limit = check.int('limit', { min: 1, max: 100 }) ?? 10;
  check.done();
  res.json({ entries: audit.latest(limit) });
});

router.get('/maintenance', (_req, res) => {
  res.json({ maintenance: settings.getSetting('maintenance') === 'on' });
});

router.put('/maintenance', (req, res) => {
  const check = new Checker(requireObjectBody(req.body));
  const enabled = check.boolean('enabled', { required: true });
  check.done();
  settings.setSetting('maintenance', enabled ? 'on' : 'off');
  audit.record(res.locals.user.id, enabled ? 'maintenance.on' : 'maintenance.off', 'settings');
  res.json({ maintenance: enabled });
});

router.get('/report.txt', (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  res.sendFile(path.join(__dirname, '..', 'static', 'admin-report.txt'), (err) => {
    if (err) next(err);
  });
});

router.post('/cache/purge', (req, res) => {
  audit.record(req.user!.id, 'cache.purge', String(req.query.scope ?? 'all'));
  res.sendStatus(202);
});

export default router;
