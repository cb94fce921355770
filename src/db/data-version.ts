// The version of the data: the newest row of the change log (fact_changes), which SQLite triggers append to
// on every write to a data table, whoever makes it (the app, a CLI, the sqlite3 shell, another process).
// What is derived from the data can be kept until the version moves. Nothing here is ever reset by hand.
import { dataVersion } from './change-log.js';
import type { Db } from './client.js';

const MEMOS_PER_DB = 512;
const memos = new WeakMap<Db, Map<string, { version: number; value: unknown }>>();

/**
 * `compute()`, kept per database and key until the data version moves (least recently used dropped beyond
 * 512 keys). Inside a transaction (or given one) nothing is kept: its writes may be rolled back. What is
 * kept is shared between requests: read it, never change it. Authorisation decisions are never kept here.
 */
export function memoByVersion<T>(db: Db | object, key: string, compute: () => T): T {
  if (!('$client' in db) || (db as Db).$client.inTransaction) return compute();
  return kept(db as Db, key, compute);
}

function kept<T>(db: Db, key: string, compute: () => T): T {
  let byKey = memos.get(db);
  if (!byKey) memos.set(db, (byKey = new Map()));
  const version = dataVersion(db);
  const hit = byKey.get(key);
  byKey.delete(key);
  if (hit && hit.version === version) {
    byKey.set(key, hit); // most recently used last
    return hit.value as T;
  }
  const value = freezeShallow(compute());
  byKey.set(key, { version, value });
  if (byKey.size > MEMOS_PER_DB) byKey.delete(byKey.keys().next().value!);
  return value;
}

/** A kept row (or list of rows) is shared: frozen, so that a reader changing it fails loudly. */
function freezeShallow<T>(v: T): T {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && typeof x === 'object') Object.freeze(x);
    Object.freeze(v);
  } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    Object.freeze(v);
  }
  return v;
}
