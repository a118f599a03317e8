import * as e from 'express';
import { Application } from 'express';

/** Mounts the routes of this package on an app. */
export function mount(app: Application): void {
  app.get('/ping', (req, res) => {
    res.json({ pong: true });
  });
}

export const app: Application = e();
mount(app);
app.set('json spaces', 2);
const port = 4000;
const listening = app.listen(port, (error) => {
  if (error) throw error;
  console.log('listening');
});
export { listening };
