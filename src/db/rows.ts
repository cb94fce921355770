// The reads and writes every repository makes the same way: find a row by id (or by id within the record
// it belongs to) or by its code, count rows, insert a row and return it, update a row by id stamping
// updated_at and return it; and rows listed with the code and names of their system. Typed by the table,
// so a repository keeps its own row types.
import { and, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Tx } from './client.js';
import { systems } from './schema/systems.js';

type WithId = SQLiteTable & { id: SQLiteColumn };
type Stamped = WithId & { updatedAt: SQLiteColumn };

/** The row with this id. */
export function findRow<T extends WithId>(db: Tx, table: T, id: number): T['$inferSelect'] | undefined {
  return db.select().from(table).where(eq(table.id, id)).get() as T['$inferSelect'] | undefined;
}

/**
 * The row with this id when it belongs to `ownerId` (`owner` is the column naming what it belongs to: its
 * system, assessment, person, evidence item): another owner's id is simply not found.
 */
export function findOwnedRow<T extends WithId>(db: Tx, table: T, owner: SQLiteColumn, ownerId: number, id: number): T['$inferSelect'] | undefined {
  return db.select().from(table).where(and(eq(table.id, id), eq(owner, ownerId))).get() as T['$inferSelect'] | undefined;
}

/** The row with this code, whatever its case (codes are unique case-insensitively: the importers, the duplicate checks). */
export function findByCode<T extends WithId & { code: SQLiteColumn }>(db: Tx, table: T, code: string): T['$inferSelect'] | undefined {
  return db.select().from(table).where(sql`lower(${table.code}) = lower(${code})`).get() as T['$inferSelect'] | undefined;
}

/** How many rows of the table match `where`. */
export function countRows(db: Tx, table: SQLiteTable, where: SQL | undefined): number {
  return db.select({ n: sql<number>`count(*)` }).from(table).where(where).get()?.n ?? 0;
}

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

/** The row operations of a table, bound to it: find by id, insert, update. */
export function rowsOf<T extends Stamped>(table: T) {
  return {
    find: (db: Tx, id: number) => findRow(db, table, id),
    insert: (tx: Tx, row: T['$inferInsert']) => insertRow(tx, table, row),
    update: (tx: Tx, id: number, row: Partial<T['$inferInsert']>) => updateRow(tx, table, id, row),
  };
}

/** The same for a table whose rows belong to an owner (see findOwnedRow): a row is found only within its owner. */
export function ownedRowsOf<T extends Stamped>(table: T, owner: SQLiteColumn) {
  return { ...rowsOf(table), find: (db: Tx, ownerId: number, id: number) => findOwnedRow(db, table, owner, ownerId, id) };
}

/** A row listed with the code and names of the system it belongs to. */
export type WithSystemNames<R> = R & { systemCode: string; systemNameVi: string; systemNameEn: string | null };

/** The rows of `table` matching `where` (which may name `systems`), each with its system's code and names, in `order`. */
export function rowsWithSystemNames<T extends SQLiteTable & { systemId: SQLiteColumn }>(db: Tx, table: T, where: SQL | undefined, order: SQL[]): WithSystemNames<T['$inferSelect']>[] {
  return db
    .select({ ...getTableColumns(table), systemCode: systems.code, systemNameVi: systems.nameVi, systemNameEn: systems.nameEn })
    .from(table)
    .innerJoin(systems, eq(systems.id, table.systemId))
    .where(where)
    .orderBy(...order)
    .all() as WithSystemNames<T['$inferSelect']>[];
}
