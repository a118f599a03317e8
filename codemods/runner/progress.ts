/**
 * Live progress on stderr: a bar redrawn in place when stderr is a terminal, otherwise a plain line
 * every few seconds (CI logs), and nothing at all when `quiet`.
 */
export interface Progress {
  tick(lines: number): void;
  done(): void;
}

export function createProgress(total: number, stream: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }, quiet = false): Progress {
  const started = Date.now();
  let files = 0;
  let lines = 0;
  let lastDraw = 0;
  const tty = Boolean((stream as { isTTY?: boolean }).isTTY);
  const interval = tty ? 100 : 3000;
  const line = () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = `${Math.round(files / seconds)} files/s, ${Math.round(lines / seconds).toLocaleString('en-US')} lines/s`;
    if (!tty) return `migrate: ${files}/${total} files, ${seconds.toFixed(1)} s, ${rate}\n`;
    const width = 24;
    const filled = total === 0 ? width : Math.round((files / total) * width);
    return `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${files}/${total} files  ${rate}  `;
  };
  return {
    tick(n: number) {
      files += 1;
      lines += n;
      if (quiet) return;
      const now = Date.now();
      if (now - lastDraw >= interval) {
        lastDraw = now;
        stream.write(line());
      }
    },
    done() {
      if (quiet) return;
      stream.write(line());
      if (tty) stream.write('\n');
    },
  };
}
