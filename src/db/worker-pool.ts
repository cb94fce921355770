// The pool of worker threads attached to a database: the server attaches its pool (src/workers) at start,
// and any module runs its heavy work there when there is one (the whole-registry evaluation, another
// date's, the annual report, the roster). Declared here, below the modules, so that a module can ask for it
// without importing src/workers, whose job table imports the modules.
import type { Db } from './client.js';

export interface Pool {
  /** Runs the job named `job` with `args`; `onPiece` receives what the job sends before its value, in order. */
  run<T>(job: string, args: unknown, onPiece?: (piece: unknown) => void): Promise<T>;
}

const pools = new WeakMap<Db, Pool>();

/** From now on, heavy work on this database runs in `pool`'s threads. */
export function attachPool(db: Db, pool: Pool): void {
  pools.set(db, pool);
}

/**
 * The pool heavy work on this database runs in; none where none is attached (a database in memory: the
 * tests, the CLIs). Work that must see a transaction's uncommitted writes stays on its connection.
 */
export function poolOf(db: Db): Pool | undefined {
  return pools.get(db);
}

/**
 * Runs `job` with `args` in the database's pool, or `here()` on this thread where there is none or inside
 * a transaction (a worker's connection does not see its uncommitted writes).
 */
export async function offThread<T>(db: Db, job: string, args: unknown, here: () => T | Promise<T>): Promise<T> {
  const pool = pools.get(db);
  if (!pool || db.$client.inTransaction) return here();
  return pool.run<T>(job, args);
}
