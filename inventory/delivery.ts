/**
 * Delivery by owner: run the recipe and, instead of one big change, write one git branch per owning
 * team (`migrate/<team>`, one commit on the current HEAD) plus a pull-request description per branch.
 *
 *   deliverByOwner({ files: ['legacy-app'], maxRoutes: 20 })
 *   -> migrate/accounts          3 files, 14 routes   migration-prs/migrate-accounts.md
 *      migrate/orders-part-1     1 file,  20 routes   ...
 *      git push -u origin migrate/accounts ...
 *
 * The branches are built with git plumbing (a temporary index, hash-object, write-tree, commit-tree,
 * update-ref): the working tree, the index and the current branch are never touched, and nothing is
 * pushed. Each file is migrated from its committed version at the base commit, so uncommitted edits
 * never leak into a team's branch. A file owned by several teams goes to the first owner listed in
 * CODEOWNERS and its routes are named in every co-owner's description.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { collectSourceFiles } from './analyze';
import { loadCodeowners, ownerOf, type Codeowners } from './codeowners';
import { buildInventory, type Inventory } from './inventory';

export const TODO_MARKER = '@fastify-migrate-todo';

export interface DeliveredRouteInput {
  method: string;
  path: string;
  line: number;
  outcome: 'native' | 'adapter' | 'todo';
  reasons: string[];
}

export interface MigrateFileResult {
  output: string;
  changed?: boolean;
  routes?: DeliveredRouteInput[];
  report?: { routes?: DeliveredRouteInput[]; todos?: { line: number; message: string; step?: string }[] };
  error?: string;
}

export type MigrateFn = (file: string, source: string) => MigrateFileResult;

export interface DeliverOptions {
  /** Files or folders to migrate (absolute, or relative to cwd). */
  files: string[];
  /** Runs the recipe over one file's committed text; default: codemods/recipe.ts with codemods/steps.ts. */
  migrate?: MigrateFn;
  repoRoot?: string;
  cwd?: string;
  /** Split a team's work so that no branch moves more than this many routes (a file is never split). */
  maxRoutes?: number;
  /** Commit the branches are made on; default HEAD. */
  base?: string;
  branchPrefix?: string;
  /** Where the pull-request descriptions go; default `<cwd>/migration-prs`. */
  prDir?: string;
  testCommand?: string;
  remote?: string;
  /** Replace branches that already exist (otherwise such a team is skipped, with the reason). */
  force?: boolean;
  /** Plan only: no branch, no file. */
  dry?: boolean;
  /** For full paths (with mount prefixes) and manifest keys in the descriptions; default: built over the
   * top-level folder of the first file; null: none (paths as written). */
  inventory?: Inventory | null;
  codeowners?: Codeowners;
  log?: (line: string) => void;
}

export interface DeliveredRoute extends DeliveredRouteInput {
  file: string;
  /** Full path with mount prefixes when the inventory knows it; else the path as written. */
  fullPath: string;
  key: string | null;
  team: string;
  coOwners: string[];
}

export interface Marker {
  file: string;
  line: number;
  message: string;
}

export interface BranchPlan {
  team: string;
  branch: string;
  part: number;
  parts: number;
  files: string[];
  routes: DeliveredRoute[];
  /** Routes delivered in another team's branch, from files this team co-owns. */
  sharedIn: { branch: string; route: DeliveredRoute }[];
  markers: Marker[];
  adapterDebt: DeliveredRoute[];
  commit: string | null;
  prFile: string | null;
  error?: string;
}

export interface Delivery {
  base: string;
  baseBranch: string;
  branches: BranchPlan[];
  skipped: { file: string; why: string }[];
  pushCommands: string[];
}

function git(cwd: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): string {
  return execFileSync('git', args, {
    cwd,
    input: options.input,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  }).replace(/\n$/, '');
}

function tryGit(cwd: string, args: string[]): string | null {
  try {
    return git(cwd, args);
  } catch {
    return null;
  }
}

/** `@org/Team A` -> `team-a`: safe in a ref name. */
export function branchSafe(team: string): string {
  return team.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').replace(/\.\.+/g, '.') || 'team';
}

/** Splits files (in order) into chunks of at most `max` routes; a file with more routes is a chunk alone. */
export function chunkByRoutes<T extends { routes: number }>(files: T[], max: number | undefined): T[][] {
  if (!max || max <= 0) return files.length ? [files] : [];
  const chunks: T[][] = [];
  let current: T[] = [];
  let count = 0;
  for (const f of files) {
    if (current.length > 0 && count + f.routes > max) {
      chunks.push(current);
      current = [];
      count = 0;
    }
    current.push(f);
    count += f.routes;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

export function markersIn(text: string, file: string): Marker[] {
  const out: Marker[] = [];
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf(`${TODO_MARKER}:`);
    if (at === -1) return;
    const message = line.slice(at + TODO_MARKER.length + 1).replace(/\*\/.*$/, '').trim();
    out.push({ file, line: i + 1, message });
  });
  return out;
}

/** The recipe as a MigrateFn, or null with the reason. */
export function recipeMigrate(projectRoot = join(__dirname, '..')): { migrate: MigrateFn | null; why: string } {
  const recipePath = join(projectRoot, 'codemods', 'recipe.ts');
  const stepsPath = join(projectRoot, 'codemods', 'steps.ts');
  if (!existsSync(recipePath) || !existsSync(stepsPath)) return { migrate: null, why: 'codemods/recipe.ts or codemods/steps.ts not found' };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const recipe = require(recipePath) as { migrateSource?: (s: string, f: string, o: { steps: readonly unknown[] }) => MigrateFileResult };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stepsMod = require(stepsPath) as { steps?: unknown; default?: unknown };
    const steps = [stepsMod.steps, stepsMod.default].find(Array.isArray) as unknown[] | undefined;
    if (typeof recipe.migrateSource !== 'function' || !steps) return { migrate: null, why: 'codemods/recipe.ts exports no migrateSource or codemods/steps.ts no steps' };
    const migrateSource = recipe.migrateSource;
    return { migrate: (file, source) => migrateSource(source, file, { steps }), why: 'recipe' };
  } catch (err) {
    return { migrate: null, why: `codemods/recipe.ts failed to load: ${(err as Error).message}` };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describeRoute(r: DeliveredRoute): string {
  return `\`${r.method} ${r.fullPath}\` (${r.file}:${r.line})`;
}

export function prDescription(plan: BranchPlan, delivery: Pick<Delivery, 'baseBranch' | 'base'>, options: { testCommand: string; remote: string }): string {
  const lines: string[] = [];
  const partText = plan.parts > 1 ? ` (part ${plan.part} of ${plan.parts})` : '';
  lines.push(`# Migrate ${plan.team} routes to Fastify${partText}`, '');
  lines.push(
    `Branch \`${plan.branch}\`, one commit on \`${delivery.baseBranch}\` (${delivery.base.slice(0, 12)}), made by the codemod recipe. ` +
      `${plan.routes.length} route${plan.routes.length === 1 ? '' : 's'} in ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} owned by ${plan.team}.`,
    '',
  );
  lines.push('## Routes this moves', '');
  if (plan.routes.length === 0) lines.push('No route: the changed files hold middleware or helpers only.');
  else {
    lines.push('| route | file | recipe | notes |', '|---|---|---|---|');
    for (const r of plan.routes) {
      const shared = r.coOwners.length ? `shared with ${r.coOwners.join(', ')}` : '';
      lines.push(`| \`${r.method} ${r.fullPath}\` | ${r.file}:${r.line} | ${r.outcome} | ${[shared, ...r.reasons].filter(Boolean).join('; ').replace(/\|/g, '\\|')} |`);
    }
  }
  lines.push('');
  if (plan.sharedIn.length) {
    lines.push('## Routes in files you share, delivered in another branch', '');
    for (const { branch, route } of plan.sharedIn) lines.push(`- ${describeRoute(route)} goes with \`${branch}\` (owner of the file: ${route.team}); please review it there.`);
    lines.push('');
  }
  lines.push(`## Markers left for a person (${plan.markers.length})`, '');
  if (plan.markers.length === 0) lines.push('None.');
  for (const m of plan.markers) lines.push(`- [ ] ${m.file}:${m.line}: ${m.message}`);
  lines.push('', `Find them with \`git grep -n "${TODO_MARKER}" ${plan.branch} -- ${plan.files.join(' ')}\`.`, '');
  lines.push(`## Adapter debt (${plan.adapterDebt.length})`, '');
  if (plan.adapterDebt.length === 0) lines.push('None: every route here is native Fastify or left for a person.');
  for (const r of plan.adapterDebt) lines.push(`- ${describeRoute(r)}: ${r.reasons.join('; ') || 'runs through the Express adapter'}`);
  lines.push('', '## How to test', '', '```sh', `git switch ${plan.branch}`, options.testCommand, '```', '');
  const keys = plan.routes.map((r) => r.key ?? `${r.method} ${r.fullPath}`);
  lines.push('## Rollout', '');
  lines.push('1. Merge: the Fastify code ships, and the gateway keeps sending these routes to Express until the manifest says otherwise.');
  lines.push('2. Shadow: set the routes to `"shadow"` in `gateway/manifest.json`, deploy, and watch the diffs (`gateway/shadow-diffs.jsonl`; `npm run inventory -- <app>` counts them per route) until real traffic shows none:', '');
  lines.push('   ```json', ...keys.map((k, i) => `   "${k}": "shadow"${i < keys.length - 1 ? ',' : ''}`), '   ```', '');
  lines.push('3. Flip: set them to `"fastify"`. To roll back, set a route back to `"express"`.');
  lines.push('');
  lines.push(`Push: \`git push -u ${options.remote} ${plan.branch}\``, '');
  return lines.join('\n');
}

export function deliverByOwner(options: DeliverOptions): Delivery {
  const cwd = resolve(options.cwd ?? process.cwd());
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // The repository of the files (not of the current folder: `npm run deliver -- ../other-app` works).
  const firstPath = options.files.length ? resolve(cwd, options.files[0]) : cwd;
  const probe = existsSync(firstPath) && statSync(firstPath).isDirectory() ? firstPath : dirname(firstPath);
  const repoRoot = resolve(options.repoRoot ?? git(existsSync(probe) ? probe : cwd, ['rev-parse', '--show-toplevel']));
  const base = git(repoRoot, ['rev-parse', '--verify', `${options.base ?? 'HEAD'}^{commit}`]);
  const baseBranch = tryGit(repoRoot, ['symbolic-ref', '--short', '-q', 'HEAD']) ?? base.slice(0, 12);
  const prefix = options.branchPrefix ?? 'migrate/';
  const remote = options.remote ?? 'origin';
  const testCommand = options.testCommand ?? 'npm test';
  const prDir = resolve(cwd, options.prDir ?? 'migration-prs');
  let migrate = options.migrate;
  if (!migrate) {
    const loaded = recipeMigrate();
    if (!loaded.migrate) throw new Error(`deliver: no recipe to run (${loaded.why})`);
    migrate = loaded.migrate;
  }
  const codeowners = options.codeowners ?? loadCodeowners(repoRoot);

  // Full paths from the inventory, by repository-relative file, line and method. Without one, the
  // app is taken to be the top-level folder of the first file (legacy-app/routes/x.ts -> legacy-app).
  let inventory = options.inventory;
  if (inventory === undefined) {
    const top = relative(repoRoot, probe).split(/[\\/]/)[0];
    const appRoot = top && !top.startsWith('..') ? join(repoRoot, top) : repoRoot;
    try {
      inventory = buildInventory({ root: appRoot, cwd, manifest: null, diffs: null, staticOnly: true });
    } catch {
      inventory = null;
    }
  }
  const fullPaths = new Map<string, { path: string; key: string }>();
  if (inventory) {
    const invRoot = resolve(cwd, inventory.root);
    for (const r of inventory.routes) {
      const rel = relative(repoRoot, join(invRoot, r.file)).split('\\').join('/');
      fullPaths.set(`${rel}:${r.line}:${r.method}`, { path: r.path, key: r.key });
    }
  }

  const files = [...new Set(options.files.flatMap((f) => {
    const abs = resolve(cwd, f);
    return existsSync(abs) && statSync(abs).isDirectory() ? collectSourceFiles(abs) : [abs];
  }))].sort();

  const skipped: Delivery['skipped'] = [];
  interface Migrated { rel: string; output: string; mode: string; routes: DeliveredRoute[]; markers: Marker[]; teams: string[] }
  const migrated: Migrated[] = [];
  for (const abs of files) {
    const rel = relative(repoRoot, abs).split('\\').join('/');
    if (rel.startsWith('..')) {
      skipped.push({ file: abs, why: 'outside the repository' });
      continue;
    }
    const entry = tryGit(repoRoot, ['ls-tree', base, '--', rel]);
    if (!entry) {
      skipped.push({ file: rel, why: `not committed at ${baseBranch}` });
      continue;
    }
    const mode = entry.split(/\s+/)[0];
    const source = git(repoRoot, ['cat-file', 'blob', `${base}:${rel}`]);
    let result: MigrateFileResult;
    try {
      result = migrate(abs, source);
    } catch (err) {
      skipped.push({ file: rel, why: `the recipe threw: ${(err as Error).message}` });
      continue;
    }
    if (result.error) {
      skipped.push({ file: rel, why: result.error });
      continue;
    }
    if (result.output === source) {
      skipped.push({ file: rel, why: 'the recipe changed nothing' });
      continue;
    }
    const owner = ownerOf(codeowners, rel);
    // One entry per route: a recipe may report a route once per step that touched it.
    const unique = new Map<string, DeliveredRouteInput>();
    for (const r of result.routes ?? result.report?.routes ?? []) {
      const key = `${r.method.toUpperCase()} ${r.path} ${r.line}`;
      const seen = unique.get(key);
      if (!seen) unique.set(key, { ...r, reasons: [...r.reasons] });
      else {
        const rank = { native: 0, adapter: 1, todo: 2 } as const;
        if (rank[r.outcome] > rank[seen.outcome]) seen.outcome = r.outcome;
        for (const reason of r.reasons) if (!seen.reasons.includes(reason)) seen.reasons.push(reason);
      }
    }
    const routes: DeliveredRoute[] = [...unique.values()].map((r) => {
      const known = fullPaths.get(`${rel}:${r.line}:${r.method.toUpperCase()}`);
      return {
        ...r,
        method: r.method.toUpperCase(),
        file: rel,
        fullPath: known?.path ?? r.path,
        key: known?.key ?? null,
        team: owner.team,
        coOwners: owner.teams.slice(1),
      };
    });
    migrated.push({ rel, output: result.output, mode, routes, markers: markersIn(result.output, rel), teams: owner.teams });
  }

  // Group by the file's first owner, split by --max-routes.
  const byTeam = new Map<string, Migrated[]>();
  for (const m of migrated) byTeam.set(m.teams[0], [...(byTeam.get(m.teams[0]) ?? []), m]);
  const plans: BranchPlan[] = [];
  for (const [team, list] of [...byTeam].sort(([a], [b]) => a.localeCompare(b))) {
    const chunks = chunkByRoutes(list.map((m) => ({ ...m, routes: m.routes.length, all: m })), options.maxRoutes);
    chunks.forEach((chunk, i) => {
      const branch = `${prefix}${branchSafe(team)}${chunks.length > 1 ? `-part-${i + 1}` : ''}`;
      const routes = chunk.flatMap((c) => c.all.routes);
      plans.push({
        team,
        branch,
        part: i + 1,
        parts: chunks.length,
        files: chunk.map((c) => c.rel),
        routes,
        sharedIn: [],
        markers: chunk.flatMap((c) => c.all.markers),
        adapterDebt: routes.filter((r) => r.outcome === 'adapter'),
        commit: null,
        prFile: null,
      });
    });
  }
  // Routes of shared files: named in every co-owner's description too.
  for (const plan of plans) {
    for (const route of plan.routes) {
      for (const co of route.coOwners) {
        if (co === plan.team) continue;
        let target = plans.find((p) => p.team === co);
        if (!target) {
          // The co-owner has no branch of its own: a description-only entry.
          target = { team: co, branch: `${prefix}${branchSafe(co)}`, part: 1, parts: 1, files: [], routes: [], sharedIn: [], markers: [], adapterDebt: [], commit: null, prFile: null };
          plans.push(target);
        }
        target.sharedIn.push({ branch: plan.branch, route });
      }
    }
  }

  const delivery: Delivery = { base, baseBranch, branches: plans, skipped, pushCommands: [] };
  if (!options.dry) {
    mkdirSync(prDir, { recursive: true });
    const tmp = mkdtempSync(join(tmpdir(), 'deliver-'));
    try {
      for (const plan of plans) {
        const prFile = join(prDir, `${plan.branch.replace(/\//g, '-')}.md`);
        if (plan.files.length > 0) {
          const ref = `refs/heads/${plan.branch}`;
          const existing = tryGit(repoRoot, ['rev-parse', '--verify', '-q', ref]);
          if (existing && !options.force) {
            plan.error = `branch ${plan.branch} already exists (${existing.slice(0, 12)}); pass --force to replace it`;
            continue;
          }
          const env = { GIT_INDEX_FILE: join(tmp, `${branchSafe(plan.branch)}.index`) };
          git(repoRoot, ['read-tree', base], { env });
          const byFile = new Map(migrated.map((m) => [m.rel, m]));
          for (const rel of plan.files) {
            const m = byFile.get(rel)!;
            const blob = git(repoRoot, ['hash-object', '-w', '--stdin', `--path=${rel}`], { input: m.output });
            git(repoRoot, ['update-index', '--add', '--cacheinfo', `${m.mode},${blob},${rel}`], { env });
          }
          const tree = git(repoRoot, ['write-tree'], { env });
          const message = [
            `Migrate ${plan.team} routes to Fastify${plan.parts > 1 ? ` (part ${plan.part} of ${plan.parts})` : ''}`,
            '',
            `${plural(plan.routes.length, 'route')} in ${plural(plan.files.length, 'file')}; ${plural(plan.markers.length, 'marker')} left for a person; ${plan.adapterDebt.length} through the adapter.`,
            '',
            ...plan.files.map((f) => `- ${f}`),
          ].join('\n');
          const commit = git(repoRoot, ['commit-tree', tree, '-p', base, '-F', '-'], { input: message });
          git(repoRoot, ['update-ref', '-m', 'deliver: migrate by owner', ref, commit]);
          plan.commit = commit;
        }
        writeFileSync(prFile, prDescription(plan, delivery, { testCommand, remote }));
        plan.prFile = prFile;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  // What to run next: nothing is pushed.
  for (const plan of plans) {
    if (!plan.commit && !options.dry) continue;
    if (plan.files.length === 0) continue;
    const title = `Migrate ${plan.team} routes to Fastify${plan.parts > 1 ? ` (part ${plan.part} of ${plan.parts})` : ''}`;
    delivery.pushCommands.push(`git push -u ${remote} ${plan.branch}`);
    const body = plan.prFile ? relative(cwd, plan.prFile) : join(relative(cwd, prDir) || '.', `${plan.branch.replace(/\//g, '-')}.md`);
    delivery.pushCommands.push(`gh pr create --base ${baseBranch} --head ${plan.branch} --title "${title.replace(/"/g, '\\"')}" --body-file ${body}`);
  }

  for (const plan of plans) {
    if (plan.files.length === 0) {
      if (plan.prFile) log(`deliver: ${plan.team}: no branch (no file of its own); shared routes listed in ${relative(cwd, plan.prFile)}`);
      continue;
    }
    if (plan.error) {
      log(`deliver: ${plan.branch}: skipped: ${plan.error}`);
      continue;
    }
    log(
      `deliver: ${plan.branch}${plan.commit ? ` ${plan.commit.slice(0, 12)}` : ' (dry run)'}: ${plural(plan.files.length, 'file')}, ${plural(plan.routes.length, 'route')}, ` +
        `${plural(plan.markers.length, 'marker')}, ${plan.adapterDebt.length} through the adapter${plan.sharedIn.length ? `, ${plural(plan.sharedIn.length, 'shared route')} from other branches` : ''}` +
        `${plan.prFile ? `; description ${relative(cwd, plan.prFile)}` : ''}`,
    );
  }
  for (const s of skipped) log(`deliver: skipped ${s.file}: ${s.why}`);
  if (delivery.pushCommands.length) {
    log('deliver: nothing was pushed. To push and open the pull requests:');
    for (const c of delivery.pushCommands) log(`  ${c}`);
  }
  return delivery;
}

/** Entry for `npm run migrate -- <paths> --by-owner` (codemods/cli.ts passes { files, cwd, dry }). */
export default function byOwner(input: DeliverOptions): Delivery {
  return deliverByOwner(input);
}
