import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { serialId } from './columns.js';

/**
 * The change log SQLite writes itself: triggers on every data table append a row per inserted, updated or
 * deleted record — which table, and the system, organisation or person it belongs to — whoever wrote it
 * (the app, a CLI, the sqlite3 shell, another process). Caches bring themselves up to date from the rows
 * after the last one they saw. No foreign keys: rows name records that may be gone.
 */
export const factChanges = sqliteTable('fact_changes', {
  id: serialId(),
  tableName: text('table_name').notNull(),
  systemId: integer('system_id'),
  organisationId: integer('organisation_id'),
  operatorId: integer('operator_id'),
});

export type FactChangeRow = typeof factChanges.$inferSelect;
