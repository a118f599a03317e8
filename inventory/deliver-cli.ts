/**
 * npm run deliver -- <paths...> [--max-routes N] [--app <dir>] [--pr-dir <dir>] [--base <rev>]
 *                    [--test-command "<cmd>"] [--remote <name>] [--force] [--dry]
 *
 * Runs the recipe over <paths> (their committed versions) and writes one branch per owning team,
 * `migrate/<team>`, each one commit on HEAD, with a pull-request description in --pr-dir
 * (default ./migration-prs). The working tree and the current branch are untouched; nothing is
 * pushed: the push commands are printed.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { deliverByOwner } from './delivery';
import { buildInventory } from './inventory';

export const USAGE = `Usage: npm run deliver -- <paths...> [options]
  --max-routes <n>        at most n routes per branch (a team's work is split into -part-1, -part-2...)
  --app <dir>             the app root, for full route paths in the descriptions (default: the paths' common folder)
  --pr-dir <dir>          where the pull-request descriptions go (default: migration-prs)
  --base <rev>            commit the branches start from (default: HEAD)
  --test-command <cmd>    test command named in the descriptions (default: npm test)
  --remote <name>         remote named in the push commands (default: origin)
  --force                 replace migrate/* branches that already exist
  --dry                   print the plan only`;

function commonDir(paths: string[]): string {
  const dirs = paths.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
  let common = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(sep);
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(sep) || sep;
}

export function run(argv: readonly string[], cwd = process.cwd(), log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): number {
  const paths: string[] = [];
  const opts: { maxRoutes?: number; app?: string; prDir?: string; base?: string; testCommand?: string; remote?: string; force?: boolean; dry?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      switch (arg) {
        case '--max-routes': {
          const n = Number(value());
          if (!Number.isInteger(n) || n < 1) throw new Error('--max-routes needs a positive whole number');
          opts.maxRoutes = n;
          break;
        }
        case '--app': opts.app = resolve(cwd, value()); break;
        case '--pr-dir': opts.prDir = value(); break;
        case '--base': opts.base = value(); break;
        case '--test-command': opts.testCommand = value(); break;
        case '--remote': opts.remote = value(); break;
        case '--force': opts.force = true; break;
        case '--dry': opts.dry = true; break;
        case '--by-owner': break; // accepted for symmetry with npm run migrate
        case '-h': case '--help': process.stderr.write(`${USAGE}\n`); return 2;
        default:
          if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
          paths.push(resolve(cwd, arg));
      }
    } catch (err) {
      process.stderr.write(`deliver: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
  }
  if (paths.length === 0) {
    process.stderr.write(`deliver: give the files or folders to migrate\n${USAGE}\n`);
    return 2;
  }
  const app = opts.app ?? commonDir(paths);
  const inventory = buildInventory({ root: app, cwd, manifest: null, diffs: null, staticOnly: true });
  log(`deliver: ${inventory.routes.length} routes found under ${relative(cwd, app) || '.'} (for full paths)`);
  try {
    deliverByOwner({ ...opts, files: paths, cwd, inventory, log });
  } catch (err) {
    process.stderr.write(`deliver: ${(err as Error).message}\n`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
