/**
 * npm run inventory -- <app root> [--out <dir>] [--manifest <file>] [--diffs <file>]
 *                     [--codeowners <file>] [--role-fn <name>]... [--static] [--json]
 *
 * Writes <out>/inventory.json, inventory.md and inventory.html (default out: the current folder)
 * and prints a one-screen summary. Nothing in the app is run or written.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildInventory, type Inventory, type InventoryOptions } from './inventory';
import { renderHtml, renderMarkdown } from './render';

export const USAGE = `Usage: npm run inventory -- <app root> [options]
  --out <dir>          where to write inventory.json, inventory.md, inventory.html (default: .)
  --manifest <file>    gateway manifest (default: gateway/manifest.json when present)
  --diffs <file>       shadow diffs, JSON Lines (default: gateway/shadow-diffs.jsonl when present)
  --codeowners <file>  CODEOWNERS file (default: GitHub's locations in the app or its repository)
  --role-fn <name>     another role middleware name (repeatable), besides requireRole, hasRole, authorize...
  --static             classify with the static classifier even when codemods/recipe.ts exists
  --no-manifest        ignore the manifest; --no-diffs: ignore shadow diffs
  --json               print inventory.json to stdout instead of the summary`;

export class UsageError extends Error {}

export interface CliOptions extends InventoryOptions {
  out: string;
  json: boolean;
}

export function parseArgs(argv: readonly string[], cwd = process.cwd()): CliOptions {
  const opts: Partial<CliOptions> & { roleFunctions: string[] } = { out: cwd, json: false, roleFunctions: [], cwd };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--out': opts.out = resolve(cwd, value()); break;
      case '--manifest': opts.manifest = resolve(cwd, value()); break;
      case '--diffs': opts.diffs = resolve(cwd, value()); break;
      case '--codeowners': opts.codeowners = resolve(cwd, value()); break;
      case '--role-fn': opts.roleFunctions.push(value()); break;
      case '--static': opts.staticOnly = true; break;
      case '--no-manifest': opts.manifest = null; break;
      case '--no-diffs': opts.diffs = null; break;
      case '--json': opts.json = true; break;
      case '-h': case '--help': throw new UsageError('');
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'give the app root' : 'give one app root');
  return { ...opts, root: resolve(cwd, positional[0]) } as CliOptions;
}

export function summaryText(inv: Inventory, written: string[]): string {
  const s = inv.summary;
  const lines = [
    `inventory: ${s.routes} routes in ${inv.sources.files} files under ${inv.root}; ${s.unresolved} unresolved`,
    `inventory: state: ${s.byState.fastify} fastify, ${s.byState.shadow} shadow, ${s.byState.express} express (manifest: ${inv.sources.manifest ?? 'none'})`,
    `inventory: recipe: ${s.byOutcome.native} native, ${s.byOutcome.adapter} adapter, ${s.byOutcome.todo} for a person (${inv.classifier.used}: ${inv.classifier.detail})`,
    `inventory: teams: ${s.byTeam.map((t) => `${t.name} ${t.fastify}/${t.total}`).join(', ')} (CODEOWNERS: ${inv.sources.codeowners ?? 'none'})`,
    ...inv.unresolved.map((u) => `inventory: unresolved ${u.method ?? ''} ${u.path ?? ''} ${u.file}:${u.line}: ${u.reason}`),
  ];
  if (written.length) lines.push(`inventory: wrote ${written.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function run(argv: readonly string[], io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): number {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv, io.cwd);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message ? `inventory: ${err.message}\n` : ''}${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const inv = buildInventory(opts);
  mkdirSync(opts.out, { recursive: true });
  const files = {
    json: join(opts.out, 'inventory.json'),
    md: join(opts.out, 'inventory.md'),
    html: join(opts.out, 'inventory.html'),
  };
  writeFileSync(files.json, `${JSON.stringify(inv, null, 2)}\n`);
  writeFileSync(files.md, renderMarkdown(inv));
  writeFileSync(files.html, renderHtml(inv));
  if (opts.json) io.stdout.write(`${JSON.stringify(inv, null, 2)}\n`);
  else io.stdout.write(summaryText(inv, Object.values(files).map((f) => relative(io.cwd, f) || f)));
  return 0;
}

if (require.main === module) {
  process.exitCode = run(process.argv.slice(2));
}
