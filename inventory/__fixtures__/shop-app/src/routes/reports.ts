import { Router } from 'express';

const reports = Router();
const prefix = process.env.REPORTS_PREFIX ?? '/reports';

// A path known only at run time: listed as unresolved, never dropped.
reports.get(`${prefix}/daily`, (req, res) => {
  res.json({ daily: true });
});
reports.get('/reports/weekly', (req, res) => {
  res.json({ weekly: true });
});

export default reports;
