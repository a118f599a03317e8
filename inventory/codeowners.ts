/**
 * CODEOWNERS with GitHub's rules: the first file found among `.github/CODEOWNERS`, `CODEOWNERS` and
 * `docs/CODEOWNERS` is the only one read; patterns follow .gitignore syntax with GitHub's
 * exceptions (no `!` negation, no `[ ]` ranges, `\#` escapes a leading hash); the LAST matching
 * line wins, and a matching line with no owners leaves the file unowned.
 *
 *   *                 @org/platform      everything
 *   /legacy-app/      @org/legacy        the root folder legacy-app, at any depth below it
 *   apps/             @org/apps          any folder named apps, anywhere
 *   docs/*            @org/docs          files directly in docs/ (not docs/a/b.md)
 *   **\/admin/*.ts    @org/admin         .ts files directly in any admin folder
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
  regex: RegExp;
}

export interface Codeowners {
  /** Repository-relative path of the CODEOWNERS file that was read, or null when there is none. */
  file: string | null;
  rules: CodeownersRule[];
}

export interface Ownership {
  owners: string[];
  /** Team names from the owners (`@org/team-a` -> `team-a`); `['unowned']` when nobody owns the file. */
  teams: string[];
  /** The first team: the one a file's work is delivered to. */
  team: string;
  rule: { pattern: string; line: number } | null;
}

export const UNOWNED = 'unowned';

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Compiles one CODEOWNERS pattern into a regular expression over `/`-separated relative paths. */
export function compilePattern(raw: string): RegExp {
  let pattern = raw.replace(/\\#/g, '#').replace(/\\ /g, ' ');
  const leadingSlash = pattern.startsWith('/');
  if (leadingSlash) pattern = pattern.slice(1);
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.slice(0, -1);
  // A slash at the start or in the middle anchors the pattern at the repository root.
  const anchored = leadingSlash || pattern.includes('/');
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const next = pattern[i + 2];
      if (atStart && next === '/') {
        body += '(?:.*/)?'; // `**/` : zero or more folders
        i += 2;
      } else if (atStart && next === undefined) {
        body += '.*'; // trailing `/**`: everything inside
        i += 1;
      } else {
        body += '[^/]*'; // `**` elsewhere is an ordinary `*`
        i += 1;
      }
    } else if (ch === '*') {
      body += '[^/]*';
    } else if (ch === '?') {
      body += '[^/]';
    } else {
      body += escapeRegex(ch);
    }
  }
  const prefix = anchored ? '^' : '^(?:.*/)?';
  const last = pattern.slice(pattern.lastIndexOf('/') + 1);
  // `docs/*` matches only files directly in docs/ (GitHub's documented exception to .gitignore); a
  // name without a wildcard may be a folder, so it also matches everything under it.
  let suffix: string;
  if (dirOnly) suffix = '/.*$';
  else if (last.includes('*') && last !== '**') suffix = '$';
  else suffix = '(?:/.*)?$';
  return new RegExp(prefix + body + suffix);
}

export function parseCodeowners(text: string, file: string | null = 'CODEOWNERS'): Codeowners {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.replace(/(^|\s)#.*$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    // Split on whitespace not escaped with a backslash.
    const parts = line.match(/(?:\\ |\S)+/g) ?? [];
    const [pattern, ...owners] = parts;
    if (!pattern || pattern.startsWith('!') || /\[[^\]]*\]/.test(pattern)) return; // unsupported by GitHub: ignored
    rules.push({ pattern, owners, line: index + 1, regex: compilePattern(pattern) });
  });
  return { file, rules };
}

/** Reads the CODEOWNERS file GitHub would use in `root`, or an empty rule set. */
export function loadCodeowners(root: string): Codeowners {
  for (const location of CODEOWNERS_LOCATIONS) {
    const path = join(root, location);
    if (existsSync(path)) return parseCodeowners(readFileSync(path, 'utf8'), location);
  }
  return { file: null, rules: [] };
}

/** `@org/team-a` -> `team-a`, `@octocat` -> `octocat`, `jo@example.com` -> `jo@example.com`. */
export function teamName(owner: string): string {
  const handle = owner.startsWith('@') ? owner.slice(1) : owner;
  return handle.includes('/') ? handle.slice(handle.lastIndexOf('/') + 1) : handle;
}

export function ownerOf(codeowners: Codeowners, relativePath: string): Ownership {
  const path = relativePath.split('\\').join('/').replace(/^\.?\//, '');
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (!rule.regex.test(path)) continue;
    const teams = rule.owners.map(teamName);
    return {
      owners: rule.owners,
      teams: teams.length > 0 ? teams : [UNOWNED],
      team: teams[0] ?? UNOWNED,
      rule: { pattern: rule.pattern, line: rule.line },
    };
  }
  return { owners: [], teams: [UNOWNED], team: UNOWNED, rule: null };
}
