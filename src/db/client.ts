// The only place that opens the database and knows SQLite's pragmas.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileURLToPath } from 'node:url';
import { syncChecklistItemLevels } from './checklist-tallies.js';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The database or a transaction of it: what repositories take. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0] | Db;

const MIGRATIONS = fileURLToPath(new URL('../../drizzle', import.meta.url));

export function openDatabase(path: string, o: { readonly?: boolean } = {}): Db {
  if (o.readonly) {
    // a worker thread's connection (src/workers): reads only, never changes the journal mode or migrates
    const sqlite = new Database(path, { readonly: true, fileMustExist: true });
    sqlite.pragma('busy_timeout = 5000');
    return drizzle(sqlite, { schema }) as Db;
  }
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // FULL: a transaction is on disk (WAL fsynced) before the user sees "saved". NORMAL may lose the last
  // commits on a power cut or an OS crash (a level decision, an assessment); writes here are human-paced,
  // so the extra fsync per commit costs nothing anyone notices. A bulk job may trade it back explicitly
  // on its own connection (bench/generate.ts does).
  sqlite.pragma('synchronous = FULL');
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS });
  // the copy of the catalogues' levels the checklist tallies' triggers read (checklist-tallies.ts)
  syncChecklistItemLevels(db);
}

let newestMigration: number | undefined;

/**
 * For GET /readyz: whether the database answers, and whether every migration in drizzle/ is applied
 * (drizzle's own test: the newest applied one is not older than the newest file).
 */
export function databaseReadiness(db: Db): { database: 'ok' | 'unavailable'; migrations: 'ok' | 'pending' | 'unknown' } {
  let applied: number | null = null; // created_at of the newest migration applied, null when none is
  try {
    const c = db.$client;
    if (c.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()) {
      const row = c.prepare('SELECT max(created_at) AS at FROM __drizzle_migrations').get() as { at: number | string | null };
      applied = row.at === null ? null : Number(row.at);
    }
  } catch {
    return { database: 'unavailable', migrations: 'unknown' };
  }
  newestMigration ??= Math.max(...readMigrationFiles({ migrationsFolder: MIGRATIONS }).map((m) => m.folderMillis));
  return { database: 'ok', migrations: applied !== null && applied >= newestMigration ? 'ok' : 'pending' };
}

export { schema };
