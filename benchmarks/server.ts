/**
 * One benchmark target as its own process, on 127.0.0.1:
 *
 *   node --import tsx benchmarks/server.ts --target migrated --port 0 --endpoint 'GET /api/users/:id' --routes gateway/generated
 *
 * Prints one JSON line on stdout, `{"ready":true,"port":N,"pid":N}` or `{"ready":false,"error":"...","unavailable":bool}`,
 * then serves until SIGTERM / SIGINT, until its stdin closes (the bench that started it is gone),
 * or until --max-lifetime seconds have passed, whichever comes first. Exits through process.exit,
 * so `node --cpu-prof` writes its profile.
 */
import { DEFAULT_ENDPOINT, DEFAULT_ROUTES_MODULE, TARGETS, type TargetName } from './lib/args';
import { startTarget, TargetUnavailable, type RunningTarget } from './targets';

function flag(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function say(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const target = flag('--target') as TargetName | undefined;
  if (!target || !TARGETS.includes(target)) {
    say({ ready: false, error: `--target must be one of ${TARGETS.join(', ')}` });
    process.exit(2);
  }
  const port = Number(flag('--port', '0'));
  const endpoint = flag('--endpoint', DEFAULT_ENDPOINT)!;
  const routesModule = flag('--routes', DEFAULT_ROUTES_MODULE)!;
  const maxLifetime = Number(flag('--max-lifetime', '900'));

  let running: RunningTarget;
  try {
    running = await startTarget(target, { endpoint, routesModule, port, host: '127.0.0.1' });
  } catch (err) {
    say({ ready: false, unavailable: err instanceof TargetUnavailable, error: (err as Error).message });
    process.exit(err instanceof TargetUnavailable ? 3 : 1);
  }

  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    const hard = setTimeout(() => process.exit(0), 3000);
    hard.unref();
    running.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`${target}: error while closing after ${why}: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.on('error', () => stop('stdin error'));
  process.stdin.resume();
  setTimeout(() => stop(`max lifetime ${maxLifetime}s`), maxLifetime * 1000).unref();
  // unref'd timers would let the process end while serving; the listening socket keeps it alive.

  say({ ready: true, target, port: running.port, pid: process.pid });
}

main().catch((err) => {
  say({ ready: false, error: (err as Error).stack ?? String(err) });
  process.exit(1);
});
