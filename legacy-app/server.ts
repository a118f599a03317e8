/** `npm run legacy`: the legacy app alone on PORT (default 3001). */
import { createServer } from 'node:http';
import { createLegacyApp } from './app';
import { closeDb, getDb } from './db';

const port = Number(process.env.PORT ?? 3001);
getDb(); // create and seed the database before the first request
const server = createServer(createLegacyApp());

server.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  console.log(`legacy app listening on http://${process.env.HOST ?? '127.0.0.1'}:${port}`);
});

let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: finishing in-flight requests`);
    server.close((err) => {
      closeDb();
      process.exit(err ? 1 : 0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  });
}
