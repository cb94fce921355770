// Reading the change log (fact_changes) that SQLite triggers append to on every write to a data table
// (drizzle/0010_change_log_triggers.sql). What a change means is for its readers to decide.
import type { Statement } from 'better-sqlite3';
import type { Db } from './client.js';

export interface ChangeRow {
  id: number;
  table_name: string;
  system_id: number | null;
  organisation_id: number | null;
  operator_id: number | null;
}

const versionStatements = new WeakMap<Db['$client'], Statement<[], number | null>>();

/**
 * The version of the data: the newest change id (0 when none). It moves with every committed write to a data
 * table, whoever makes it — and, inside a transaction, with that transaction's own writes.
 */
export function dataVersion(db: Db): number {
  let statement = versionStatements.get(db.$client);
  if (!statement) versionStatements.set(db.$client, (statement = db.$client.prepare<[], number | null>('SELECT max(id) FROM fact_changes').pluck()));
  return statement.get() ?? 0;
}

/** The oldest change the log still keeps, or 0. */
export function oldestChange(db: Db): number {
  return db.$client.prepare<[], number | null>('SELECT min(id) FROM fact_changes').pluck().get() ?? 0;
}

/** The changes after `after` up to `upTo` (both ids), oldest first, at most `limit`; optionally of some tables only. */
export function changesBetween(db: Db, after: number, upTo: number, limit: number, tables?: readonly string[]): ChangeRow[] {
  const only = tables ? ` AND table_name IN (${tables.map(() => '?').join(', ')})` : '';
  return db.$client
    .prepare<unknown[], ChangeRow>(`SELECT id, table_name, system_id, organisation_id, operator_id FROM fact_changes WHERE id > ? AND id <= ?${only} ORDER BY id LIMIT ${limit}`)
    .all(after, upTo, ...(tables ?? []));
}

/** Rows the log keeps; older ones are deleted now and then (a reader that fell further behind starts over). */
export const CHANGE_LOG_KEEP = 100_000;

/** Deletes change rows older than the newest CHANGE_LOG_KEEP; returns how many. */
export function pruneChangeLog(db: Db): number {
  const upTo = dataVersion(db);
  if (upTo <= CHANGE_LOG_KEEP) return 0;
  return db.$client.prepare('DELETE FROM fact_changes WHERE id <= ?').run(upTo - CHANGE_LOG_KEEP).changes;
}
