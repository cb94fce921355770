// Columns several tables declare the same way: the row id, the times SQLite stamps (ISO UTC), the code and
// names of what is registered by code, and the folded text rows are searched by; and the shape of a table
// of records that belong to one owner (a system, a person, an organisation).
// (A column naming another table's row is declared beside that table: systemRef, organisationRef…)
import { sql } from 'drizzle-orm';
import type { BuildColumns } from 'drizzle-orm';
import { integer, type SQLiteColumnBuilderBase, type SQLiteTableExtraConfigValue, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** SQLite's clock as an ISO UTC timestamp (what every *_at column defaults to). */
export const nowUtc = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** The row id. */
export const serialId = () => integer('id').primaryKey({ autoIncrement: true });

/** A timestamp column SQLite fills in when the row is written. */
export const stampedAt = (name: string) => text(name).notNull().default(nowUtc);

/** created_at and updated_at (the repositories move updated_at on each update: src/db/rows.ts). */
export const stamps = () => ({ createdAt: stampedAt('created_at'), updatedAt: stampedAt('updated_at') });

/** The unique code (looked up case-insensitively) and the Vietnamese and English names of an organisation or a system. */
export const codeAndNames = () => ({ code: text('code').notNull().unique(), nameVi: text('name_vi').notNull(), nameEn: text('name_en') });

/** The row's words lower-cased, diacritics removed (SQLite's LIKE folds ASCII only): what the lists search. */
export const searchText = () => text('search_text').notNull().default('');

/** The columns of an owned record, in the database's order: id, the owner, the record's own columns, the stamps. */
type OwnedRecordColumns<K extends string, O extends SQLiteColumnBuilderBase, C> = { id: ReturnType<typeof serialId> } & Record<K, O> &
  C & ReturnType<typeof stamps>;

/**
 * The table maker for records that belong to one owner: `ownedRecords('systemId', () => systemRef().notNull())`
 * makes tables of id, system_id, the columns given, created_at and updated_at. The indexes (the one on the
 * owner among them, its name and columns vary) are the caller's.
 */
export const ownedRecords =
  <K extends string, O extends SQLiteColumnBuilderBase>(ownerKey: K, ownerColumn: () => O) =>
  <N extends string, C extends Record<string, SQLiteColumnBuilderBase>>(
    name: N,
    columns: C,
    indexes: (table: BuildColumns<N, OwnedRecordColumns<K, O, C>, 'sqlite'>) => SQLiteTableExtraConfigValue[],
  ) => {
    const owner = { [ownerKey]: ownerColumn() } as Record<K, O>;
    const all: OwnedRecordColumns<K, O, C> = { id: serialId(), ...owner, ...columns, ...stamps() };
    return sqliteTable(name, all, indexes);
  };
