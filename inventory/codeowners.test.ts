import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePattern, loadCodeowners, ownerOf, parseCodeowners, teamName } from './codeowners';

describe('CODEOWNERS patterns (GitHub syntax)', () => {
  const cases: [string, string, boolean][] = [
    ['*', 'a.js', true],
    ['*', 'deep/down/a.ts', true],
    ['*.js', 'src/a.js', true],
    ['*.js', 'src/a.ts', false],
    ['/build/logs/', 'build/logs/x.log', true],
    ['/build/logs/', 'build/logs/deeper/x.log', true],
    ['/build/logs/', 'src/build/logs/x.log', false],
    ['docs/*', 'docs/getting-started.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['apps/', 'apps/a.js', true],
    ['apps/', 'src/apps/deep/a.js', true],
    ['apps/', 'apps', false],
    ['/docs/', 'docs/a.md', true],
    ['/docs/', 'src/docs/a.md', false],
    ['**/logs', 'logs/a.log', true],
    ['**/logs', 'build/logs/a.log', true],
    ['**/logs', 'build/catalogs/a.log', false],
    ['/scripts/**', 'scripts/a/b/c.sh', true],
    ['src/**/admin/*.ts', 'src/admin/a.ts', true],
    ['src/**/admin/*.ts', 'src/x/y/admin/a.ts', true],
    ['src/**/admin/*.ts', 'src/x/admin/deep/a.ts', false],
    ['legacy-app', 'legacy-app/routes/users.ts', true],
    ['legacy-app', 'other/legacy-app/routes/users.ts', true],
    ['/legacy-app/routes/users.ts', 'legacy-app/routes/users.ts', true],
    ['routes/*.ts', 'routes/a.ts', true],
    ['routes/*.ts', 'src/routes/a.ts', false],
    ['a?c.js', 'abc.js', true],
    ['a?c.js', 'a/c.js', false],
  ];
  test.each(cases)('%s matching %s is %s', (pattern, path, expected) => {
    expect(compilePattern(pattern).test(path)).toBe(expected);
  });

  test('the last matching pattern wins, and a pattern without owners leaves the file unowned', () => {
    const owners = parseCodeowners(
      ['# comment', '*       @org/platform', '/src/    @org/web  @org/design', '/src/vendor/', 'src/*.md  docs@example.com # trailing comment'].join('\n'),
    );
    expect(ownerOf(owners, 'README.md')).toMatchObject({ team: 'platform', owners: ['@org/platform'] });
    expect(ownerOf(owners, 'src/app.ts')).toMatchObject({ team: 'web', teams: ['web', 'design'], rule: { pattern: '/src/', line: 3 } });
    expect(ownerOf(owners, 'src/vendor/lib.js')).toMatchObject({ team: 'unowned', owners: [] });
    expect(ownerOf(owners, 'src/notes.md')).toMatchObject({ team: 'docs@example.com' });
    expect(ownerOf(parseCodeowners(''), 'a.ts')).toMatchObject({ team: 'unowned', rule: null });
  });

  test('negation and character ranges are not GitHub syntax: such lines are ignored', () => {
    const owners = parseCodeowners('* @org/a\n!*.md @org/b\n[ab].ts @org/c\n');
    expect(owners.rules.map((r) => r.pattern)).toEqual(['*']);
    expect(ownerOf(owners, 'a.ts').team).toBe('a');
  });

  test('team names come from the owner handle', () => {
    expect(teamName('@org/team-a')).toBe('team-a');
    expect(teamName('@octocat')).toBe('octocat');
  });

  test('.github/CODEOWNERS is read before CODEOWNERS, which is read before docs/CODEOWNERS', () => {
    const root = mkdtempSync(join(tmpdir(), 'codeowners-'));
    mkdirSync(join(root, 'docs'));
    writeFileSync(join(root, 'docs', 'CODEOWNERS'), '* @org/docs-file\n');
    expect(loadCodeowners(root)).toMatchObject({ file: 'docs/CODEOWNERS' });
    writeFileSync(join(root, 'CODEOWNERS'), '* @org/root-file\n');
    expect(loadCodeowners(root)).toMatchObject({ file: 'CODEOWNERS' });
    mkdirSync(join(root, '.github'));
    writeFileSync(join(root, '.github', 'CODEOWNERS'), '* @org/github-file\n');
    const owners = loadCodeowners(root);
    expect(owners.file).toBe('.github/CODEOWNERS');
    expect(ownerOf(owners, 'x.ts').team).toBe('github-file');
  });
});
