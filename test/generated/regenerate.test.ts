/**
 * gateway/generated is the recipe's output over legacy-app/, committed so a reviewer sees it; nobody
 * edits it by hand. This regenerates it (into a sibling folder of the same depth, so every relative
 * import comes out the same) and fails, naming the files, when the committed files differ.
 * Fix: `npm run generate:own-app` and commit gateway/generated.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../codemods/cli';
import { DEFAULT_OUT, generateOwnApp, LEGACY_DIR } from '../../codemods/generate-own-app';

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

/** Files that differ between two folders: missing on either side, or different bytes. */
export function differingFiles(committed: string, fresh: string): string[] {
  const a = new Set(listFiles(committed));
  const b = new Set(listFiles(fresh));
  const out: string[] = [];
  for (const f of [...new Set([...a, ...b])].sort()) {
    if (!a.has(f)) out.push(`${f} (generated, not committed)`);
    else if (!b.has(f)) out.push(`${f} (committed, no longer generated)`);
    else if (!readFileSync(path.join(committed, f)).equals(readFileSync(path.join(fresh, f)))) out.push(`${f} (content differs)`);
  }
  return out;
}

describe('gateway/generated', () => {
  let fresh: string;
  beforeAll(() => {
    fresh = mkdtempSync(path.join(path.dirname(DEFAULT_OUT), '.regenerate-'));
  });
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  test('is exactly what the recipe generates from legacy-app/ today', () => {
    expect(existsSync(path.join(DEFAULT_OUT, 'index.ts'))).toBe(true);
    const { errors } = generateOwnApp(fresh);
    expect(errors).toEqual([]);
    expect(differingFiles(DEFAULT_OUT, fresh)).toEqual([]);
  });

  test('the migrate CLI (npm run migrate -- legacy-app --out <dir>) writes the same modules', async () => {
    const cliOut = mkdtempSync(path.join(path.dirname(DEFAULT_OUT), '.cli-out-'));
    const reports = mkdtempSync(path.join(path.dirname(DEFAULT_OUT), '.cli-report-'));
    try {
      let err = '';
      const io = { stdout: { write: () => true }, stderr: { write: (t: string) => ((err += t), true), isTTY: false }, cwd: path.dirname(LEGACY_DIR) };
      const result = await run([LEGACY_DIR, '--out', cliOut, '--force', '--quiet', '--cpus', '2', '--report-dir', reports], io);
      expect({ code: result.code, err: err.includes('0 failed') }).toEqual({ code: 0, err: true });
      // The CLI writes the modules; the gateway entry (index.ts) is emit-gateway-entry's.
      expect(differingFiles(DEFAULT_OUT, cliOut)).toEqual(['index.ts (committed, no longer generated)']);
    } finally {
      rmSync(cliOut, { recursive: true, force: true });
      rmSync(reports, { recursive: true, force: true });
    }
  });

  test('the comparison sees a changed, a missing and an extra file', () => {
    const a = mkdtempSync(path.join(path.dirname(DEFAULT_OUT), '.cmp-a-'));
    const b = mkdtempSync(path.join(path.dirname(DEFAULT_OUT), '.cmp-b-'));
    try {
      const write = (dir: string, f: string, text: string) => require('node:fs').writeFileSync(path.join(dir, f), text);
      write(a, 'same.ts', 'x');
      write(b, 'same.ts', 'x');
      write(a, 'changed.ts', 'one');
      write(b, 'changed.ts', 'two');
      write(a, 'old.ts', 'x');
      write(b, 'new.ts', 'x');
      expect(differingFiles(a, b)).toEqual(['changed.ts (content differs)', 'new.ts (generated, not committed)', 'old.ts (committed, no longer generated)']);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});
