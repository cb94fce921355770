// The two writes every repository makes the same way: insert a row and return it; update a row by id,
// stamping updated_at, and return it. Typed by the table, so a repository keeps its own row types.
import { eq } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from './client.js';

type Stamped = SQLiteTable & { id: SQLiteColumn; updatedAt: SQLiteColumn };

/** Inserts one row and returns it as stored (defaults filled in). */
export function insertRow<T extends SQLiteTable>(tx: Tx, table: T, row: T['$inferInsert']): T['$inferSelect'] {
  return tx.insert(table).values(row).returning().get() as T['$inferSelect'];
}

/** Updates the row with this id, stamps updated_at, and returns it as stored. */
export function updateRow<T extends Stamped>(tx: Tx, table: T, id: number, row: Partial<T['$inferInsert']>): T['$inferSelect'] {
  return tx
    .update(table)
    .set({ ...row, updatedAt: new Date().toISOString() } as never)
    .where(eq(table.id, id))
    .returning()
    .get() as T['$inferSelect'];
}
