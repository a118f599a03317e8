// Each test file gets its own SQLite file, so files running in parallel workers never share state.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.KEEP_DATABASE_PATH) {
  process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), 'e2f-db-')), 'legacy.db');
}
