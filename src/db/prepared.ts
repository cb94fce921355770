// drizzle builds a query's SQL again on every call (≈ 0.3–0.7 ms for a select with joins, more than SQLite
// takes to run it). The hot reads of a page are prepared once per database with placeholders; inside a
// transaction (a drizzle transaction object, not the database) the query is built as usual.
import type { Db } from './client.js';

/** `prepare(db)` once per database, or null when `db` is a transaction. */
export function preparedOn<P>(db: object, cache: WeakMap<Db, P>, prepare: (db: Db) => P): P | null {
  if (!('$client' in db)) return null;
  let p = cache.get(db as Db);
  if (p === undefined) cache.set(db as Db, (p = prepare(db as Db)));
  return p;
}
