// Every change the app makes appends to the audit trail in the same transaction (the CLIs' too), so the
// newest audit id is a version of the data: what is derived from the data can be kept until it changes.
// Writes made outside the app (a seed, a test's raw INSERT) leave no entry: call resetDataMemos() after them.
import type { Statement } from 'better-sqlite3';
import type { Db } from './client.js';

/** The newest audit entry's id: changes with every write the app makes. */
export function dataVersion(db: Db): number {
  let statement = versionStatements.get(db);
  if (!statement) versionStatements.set(db, (statement = db.$client.prepare<[], number | null>('SELECT max(id) FROM audit_log').pluck()));
  return statement.get() ?? 0;
}

const versionStatements = new WeakMap<Db, Statement<[], number | null>>();

const MEMOS_PER_DB = 512;
const memos = new WeakMap<Db, { generation: number; byKey: Map<string, { version: number; value: unknown }> }>();
let generation = 0;

/**
 * `compute()`, kept per database and key until the next write (least recently used dropped beyond 512
 * keys). Inside a transaction (or given one) nothing is kept: the audit trail may hold entries that are
 * rolled back. What is kept is shared between requests: read it, never change it.
 */
export function memoByVersion<T>(db: Db | object, key: string, compute: () => T): T {
  if (!('$client' in db) || (db as Db).$client.inTransaction) return compute();
  return kept(db as Db, key, compute);
}

function kept<T>(db: Db, key: string, compute: () => T): T {
  let kept = memos.get(db);
  if (!kept || kept.generation !== generation) memos.set(db, (kept = { generation, byKey: new Map() }));
  const version = dataVersion(db);
  const hit = kept.byKey.get(key);
  kept.byKey.delete(key);
  if (hit && hit.version === version) {
    kept.byKey.set(key, hit); // most recently used last
    return hit.value as T;
  }
  const value = freezeShallow(compute());
  kept.byKey.set(key, { version, value });
  if (kept.byKey.size > MEMOS_PER_DB) kept.byKey.delete(kept.byKey.keys().next().value!);
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

/** Forgets every kept value (after writes made outside the app). */
export function resetDataMemos(): void {
  generation += 1;
}
