import type { Router } from 'express';

// Called from app.ts with the app: the parameter is bound to it.
export function registerExtraRoutes(r: Router): void {
  r.get('/extra/ping', (req, res) => {
    res.send('pong');
  });
}

// A router passed around and never handed over in this codebase: where `router` is mounted is
// known only at run time.
export function registerPluginRoutes(router: Router): void {
  router.get('/plugin/status', (req, res) => {
    res.json({ plugin: true });
  });
}
