/**
 * --by-owner on a temporary git repository made from the shop-app fixture (CODEOWNERS in .github/,
 * a file co-owned by two teams, a sub-app, nested routers).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chunkByRoutes, deliverByOwner, recipeMigrate, type MigrateFn } from './delivery';
import { run as deliverCli } from './deliver-cli';
import { buildInventory } from './inventory';

const SHOP = join(__dirname, '__fixtures__', 'shop-app');
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deliver-repo-'));
  cpSync(SHOP, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'shop app');
  return dir;
}

/** A stand-in recipe: rewrites res.json( and leaves a marker above res.render(; routes from the inventory. */
function fakeRecipe(repo: string): MigrateFn {
  const inv = buildInventory({ root: repo, cwd: repo, staticOnly: true, manifest: null, diffs: null });
  return (file, source) => ({
    output: source
      .replace(/res\.json\(/g, 'reply.send(')
      .replace(/^(\s*)(res\.render\()/gm, '$1/* @fastify-migrate-todo: res.render has no Fastify equivalent: render the template with @fastify/view */\n$1$2'),
    routes: inv.routes
      .filter((r) => join(repo, r.file) === file)
      .map((r) => ({ method: r.method, path: r.path, line: r.line, outcome: r.recipe.outcome, reasons: r.recipe.reasons })),
  });
}

describe('deliverByOwner', () => {
  const repo = makeRepo();
  const head = git(repo, 'rev-parse', 'HEAD');
  // An uncommitted edit: it must neither leak into a branch nor be lost.
  appendFileSync(join(repo, 'src', 'app.ts'), '\n// work in progress\n');
  const statusBefore = git(repo, 'status', '--porcelain');
  const prDir = mkdtempSync(join(tmpdir(), 'deliver-prs-'));
  const lines: string[] = [];
  const inventory = buildInventory({ root: repo, cwd: repo, staticOnly: true, manifest: null, diffs: null });
  const delivery = deliverByOwner({ repoRoot: repo, cwd: repo, files: ['src'], migrate: fakeRecipe(repo), prDir, inventory, log: (l) => lines.push(l) });
  const branch = (name: string) => {
    const b = delivery.branches.find((p) => p.branch === name);
    if (!b) throw new Error(`no ${name} in ${delivery.branches.map((p) => p.branch).join(', ')}`);
    return b;
  };

  test('one branch per owning team, each one commit on HEAD holding exactly that team\'s migrated files', () => {
    expect(git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/migrate/').split('\n').sort()).toEqual([
      'migrate/accounts', 'migrate/backoffice', 'migrate/orders', 'migrate/platform', 'migrate/unowned',
    ]);
    for (const plan of delivery.branches.filter((p) => p.files.length)) {
      expect(git(repo, 'rev-parse', `${plan.branch}^`)).toBe(head);
      expect(git(repo, 'diff', '--name-only', head, plan.branch).split('\n').sort()).toEqual([...plan.files].sort());
    }
    expect(branch('migrate/accounts').files).toEqual(['src/routes/extra.ts', 'src/routes/posts.ts', 'src/routes/unused.ts', 'src/routes/users.ts']);
    expect(branch('migrate/orders').files).toEqual(['src/routes/orders.ts']);
    expect(branch('migrate/backoffice').routes.map((r) => `${r.method} ${r.fullPath}`)).toEqual(['GET /admin/stats', 'POST /admin/cache/flush']);
    const committed = git(repo, 'show', 'migrate/platform:src/app.ts');
    expect(committed).toContain('reply.send({ ok: true })');
    expect(committed).not.toContain('work in progress');
    expect(delivery.skipped).toEqual(expect.arrayContaining([{ file: 'src/lib/payments.ts', why: 'the recipe changed nothing' }]));
  });

  test('the working tree, the index and the current branch are untouched, and nothing is pushed', () => {
    expect(git(repo, 'status', '--porcelain')).toBe(statusBefore);
    expect(statusBefore).toBe('M src/app.ts');
    expect(git(repo, 'symbolic-ref', '--short', 'HEAD')).toBe('main');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(repo, 'src', 'app.ts'), 'utf8')).toContain('res.json({ ok: true })');
    expect(git(repo, 'for-each-ref', 'refs/remotes')).toBe('');
    expect(lines).toEqual(expect.arrayContaining([
      'deliver: nothing was pushed. To push and open the pull requests:',
      '  git push -u origin migrate/orders',
      expect.stringMatching(/^ {2}gh pr create --base main --head migrate\/orders --title "Migrate orders routes to Fastify" --body-file .*migrate-orders\.md$/),
    ]));
  });

  test('a description per branch: routes with full paths, markers, adapter debt, test command, rollout', () => {
    const orders = readFileSync(branch('migrate/orders').prFile!, 'utf8');
    expect(orders).toContain('| `POST /api/v1/orders/:id/pay` | src/routes/orders.ts:16 | adapter | shared with accounts;');
    expect(orders).toMatch(/## Markers left for a person \(1\)\n\n- \[ \] src\/routes\/orders\.ts:20: res\.render has no Fastify equivalent/);
    expect(orders).toMatch(/## Adapter debt \(2\)\n\n- `POST \/api\/v1\/orders\/:id\/pay`/);
    expect(orders).toContain('git switch migrate/orders\nnpm test');
    expect(orders).toContain('"GET /api/v1/orders": "shadow",');
    expect(orders).toContain('3. Flip: set them to `"fastify"`.');
  });

  test('a route in a file shared by two teams goes to the file\'s first owner and is named in both descriptions', () => {
    expect(branch('migrate/orders').routes.every((r) => r.coOwners.join() === 'accounts')).toBe(true);
    expect(branch('migrate/accounts').routes.some((r) => r.file === 'src/routes/orders.ts')).toBe(false);
    const accounts = readFileSync(branch('migrate/accounts').prFile!, 'utf8');
    expect(accounts).toContain('## Routes in files you share, delivered in another branch');
    expect(accounts).toContain('- `POST /api/v1/orders/:id/pay` (src/routes/orders.ts:16) goes with `migrate/orders` (owner of the file: orders)');
  });

  test('an existing branch is kept unless --force', () => {
    const before = git(repo, 'rev-parse', 'migrate/orders');
    const again = deliverByOwner({ repoRoot: repo, cwd: repo, files: ['src/routes/orders.ts'], migrate: fakeRecipe(repo), prDir, log: () => {} });
    expect(again.branches[0].error).toMatch(/already exists.*--force/);
    expect(git(repo, 'rev-parse', 'migrate/orders')).toBe(before);
    const forced = deliverByOwner({ repoRoot: repo, cwd: repo, files: ['src/routes/orders.ts'], migrate: fakeRecipe(repo), prDir, force: true, log: () => {} });
    expect(forced.branches[0].commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(repo, 'diff', before, 'migrate/orders')).toBe(''); // same content, new commit
  });
});

test('--max-routes splits a team\'s work into several branches, never splitting a file', () => {
  expect(chunkByRoutes([{ routes: 2 }, { routes: 0 }, { routes: 6 }, { routes: 1 }], 5).map((c) => c.map((f) => f.routes))).toEqual([[2, 0], [6], [1]]);
  const repo = makeRepo();
  const delivery = deliverByOwner({ repoRoot: repo, cwd: repo, files: ['src/routes'], migrate: fakeRecipe(repo), maxRoutes: 5, prDir: mkdtempSync(join(tmpdir(), 'prs-')), log: () => {} });
  const accounts = delivery.branches.filter((b) => b.team === 'accounts' && b.files.length);
  expect(accounts.map((b) => [b.branch, b.files, b.routes.length])).toEqual([
    ['migrate/accounts-part-1', ['src/routes/extra.ts', 'src/routes/posts.ts', 'src/routes/unused.ts'], 3],
    ['migrate/accounts-part-2', ['src/routes/users.ts'], 6],
  ]);
  expect(readFileSync(accounts[1].prFile!, 'utf8')).toContain("# Migrate accounts routes to Fastify (part 2 of 2)");
});

test('npm run deliver uses the codemod recipe; each branch holds exactly what the recipe makes of the committed file', () => {
  const { migrate, why } = recipeMigrate();
  if (!migrate) throw new Error(why);
  const repo = makeRepo();
  const lines: string[] = [];
  expect(deliverCli(['src', '--pr-dir', join(repo, '..', `${repo.split('/').pop()}-prs`)], repo, (l) => lines.push(l))).toBe(0);
  const branches = git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/migrate/').split('\n').filter(Boolean);
  expect(branches.length).toBeGreaterThan(0);
  for (const b of branches) {
    for (const file of git(repo, 'diff', '--name-only', 'HEAD', b).split('\n')) {
      const expected = migrate(join(repo, file), git(repo, 'show', `HEAD:${file}`)).output;
      expect(execFileSync('git', ['show', `${b}:${file}`], { cwd: repo, encoding: 'utf8' })).toBe(expected);
    }
  }
  expect(git(repo, 'status', '--porcelain')).toBe('');
  expect(lines.filter((l) => l.startsWith('  git push -u origin migrate/')).length).toBe(branches.length);
});

test('--dry prints the plan and writes no branch and no description', () => {
  const repo = makeRepo();
  const prDir = join(mkdtempSync(join(tmpdir(), 'prs-dry-')), 'out');
  const lines: string[] = [];
  const delivery = deliverByOwner({ repoRoot: repo, cwd: repo, files: ['src'], migrate: fakeRecipe(repo), prDir, dry: true, log: (l) => lines.push(l) });
  expect(delivery.branches.filter((b) => b.files.length).map((b) => b.branch)).toEqual([
    'migrate/accounts', 'migrate/backoffice', 'migrate/orders', 'migrate/platform', 'migrate/unowned',
  ]);
  expect(git(repo, 'for-each-ref', 'refs/heads/migrate/')).toBe('');
  expect(() => readFileSync(join(prDir, 'migrate-orders.md'))).toThrow();
  expect(lines).toContain('deliver: migrate/orders (dry run): 1 file, 5 routes, 1 marker, 2 through the adapter');
});
