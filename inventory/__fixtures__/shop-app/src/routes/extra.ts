import type { Router } from 'express';

// A router passed around: where `r` is mounted is known only at run time.
export function registerExtraRoutes(r: Router): void {
  r.get('/extra/ping', (req, res) => {
    res.send('pong');
  });
}
