// npm run backup -- <file> [--force] — a consistent online copy of DATABASE_PATH, taken with SQLite's
// backup API while the app keeps running and writing. The copy is checked (PRAGMA integrity_check)
// before success is reported. Restore: stop the app, put the copy in place of DATABASE_PATH (and
// remove any stale -wal/-shm files next to it), start the app.
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig } from '../config.js';

class UsageError extends Error {}

async function main(argv: string[]): Promise<string> {
  const force = argv.includes('--force');
  const files = argv.filter((a) => a !== '--force');
  if (files.length !== 1 || files[0]!.startsWith('-')) throw new UsageError('usage: npm run backup -- <file> [--force]');
  const target = resolve(files[0]!);
  const config = loadConfig();
  const source = resolve(config.databasePath);
  if (target === source) throw new UsageError(`backup failed: the target is the live database (${source})`);
  if (!existsSync(source)) throw new UsageError(`backup failed: no database at ${source}`);
  if (existsSync(target) && !force) throw new UsageError(`backup failed: ${target} already exists (use --force to overwrite)`);
  // --force: start from nothing, so whatever was there (even a non-database file, or a stale -wal)
  // cannot mix into the copy
  for (const f of [target, `${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(f, { force: true });

  const live = new Database(source, { fileMustExist: true });
  let pages: number;
  try {
    live.pragma('busy_timeout = 5000');
    // All remaining pages in one step: in WAL mode the step's read transaction does not block the
    // app's writers, and a single step cannot be restarted by their commits (small steps can be,
    // over and over, under steady write load).
    const progress = await live.backup(target, { progress: () => 0x7fffffff });
    pages = progress.totalPages;
  } finally {
    live.close();
  }

  const copy = new Database(target, { fileMustExist: true });
  try {
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new UsageError(`backup failed: integrity check of ${target} says: ${String(result)}`);
  } finally {
    copy.close();
  }
  return `backup written: ${target} (${pages} pages, integrity ok)`;
}

main(process.argv.slice(2)).then(
  (line) => console.log(line),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) console.error(err.message);
    else console.error('backup failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
