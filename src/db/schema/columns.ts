// Columns every table declares the same way: the row id, and the times SQLite stamps (ISO UTC).
import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';

/** SQLite's clock as an ISO UTC timestamp (what every *_at column defaults to). */
export const nowUtc = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** The row id. */
export const serialId = () => integer('id').primaryKey({ autoIncrement: true });

/** A timestamp column SQLite fills in when the row is written. */
export const stampedAt = (name: string) => text(name).notNull().default(nowUtc);

/** created_at and updated_at (the repositories move updated_at on each update: src/db/rows.ts). */
export const stamps = () => ({ createdAt: stampedAt('created_at'), updatedAt: stampedAt('updated_at') });
