/**
 * `npm run shadow:report -- [diffs.jsonl] [--out report.md]`: the shadow differences as Markdown,
 * grouped by route and field. The file defaults to SHADOW_DIFF_FILE, else `shadow-diffs.jsonl`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseDiffFile, summariseRecords, toMarkdown } from './report';

function main(argv: string[]): number {
  let file = process.env.SHADOW_DIFF_FILE ?? 'shadow-diffs.jsonl';
  let out: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') out = argv[++i];
    else if (argv[i] === '--help' || argv[i] === '-h') {
      process.stdout.write('usage: shadow:report [diffs.jsonl] [--out report.md]\n');
      return 0;
    } else file = argv[i];
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`shadow:report: cannot read ${file}: ${(err as Error).message}\n(no differences recorded yet, or set SHADOW_DIFF_FILE)\n`);
    return 1;
  }
  const { records, badLines } = parseDiffFile(text);
  if (badLines > 0) process.stderr.write(`shadow:report: skipped ${badLines} unreadable line(s) in ${file}\n`);
  const markdown = `${toMarkdown(summariseRecords(records), `Shadow differences (${file})`, true)}\n`;
  if (out) writeFileSync(out, markdown);
  else process.stdout.write(markdown);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
