// The reads authorisation needs, straight from the tables: the organisation tree, a system's row, and the
// engagements that give auditors access. Never memoised across requests (an access decision always sees
// the data as it is now); the statements are prepared once per connection.
import type { Statement } from 'better-sqlite3';
import type { Db, Tx } from '../../db/client.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import { eq, sql, type SQL } from 'drizzle-orm';

const statements = new WeakMap<Db['$client'], Map<string, Statement>>();

function prepared<P extends unknown[], R>(db: Db, sql: string): Statement<P, R> {
  let byText = statements.get(db.$client);
  if (!byText) statements.set(db.$client, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.$client.prepare(sql)));
  return s as Statement<P, R>;
}

/** The organisation and everything below it (a parent loop cannot hang: UNION drops repeats). */
export function subtreeIds(db: Db, rootId: number): number[] {
  return prepared<[number], number>(
    db,
    'WITH RECURSIVE t(id) AS (SELECT id FROM organisations WHERE id = ? UNION SELECT o.id FROM organisations o JOIN t ON o.parent_id = t.id) SELECT id FROM t',
  )
    .pluck()
    .all(rootId);
}

/** The organisation's parent, grand-parent, … up to the root (excluding itself). */
export function ancestorIds(db: Db, id: number): number[] {
  return prepared<[number], number>(
    db,
    'WITH RECURSIVE t(id, parent_id) AS (SELECT id, parent_id FROM organisations WHERE id = ? UNION SELECT o.id, o.parent_id FROM organisations o JOIN t ON o.id = t.parent_id) SELECT id FROM t',
  )
    .pluck()
    .all(id)
    .filter((x) => x !== id);
}

export function findSystemRow(db: Tx, id: number): SystemRow | undefined {
  return db.select().from(systems).where(eq(systems.id, id)).get();
}

/**
 * Systems an organisation in `orgIds` is engaged to assess as of `today`: not revoked, and the contract
 * not ended before today (an engagement's access ends with its contract).
 */
export function engagedSystemIds(db: Db, orgIds: readonly number[], today: string): number[] {
  if (!orgIds.length) return [];
  return prepared<[string, string], number>(
    db,
    `SELECT DISTINCT system_id FROM engagements
      WHERE revoked_at IS NULL AND (end_date IS NULL OR end_date >= ?)
        AND assessor_id IN (SELECT value FROM json_each(?))`,
  )
    .pluck()
    .all(today, JSON.stringify(orgIds));
}

/**
 * The assessors of a system's engagements live on `today` (not revoked, contract not ended), one engagement
 * left out; read inside a caller's transaction (a notice written with the change it announces).
 */
export function liveAssessorsOf(db: Tx, systemId: number, today: string, exceptEngagementId: number): number[] {
  return db
    .all<{ id: number }>(sql`SELECT DISTINCT assessor_id AS id FROM engagements
      WHERE system_id = ${systemId} AND id <> ${exceptEngagementId} AND revoked_at IS NULL AND (end_date IS NULL OR end_date >= ${today})`)
    .map((r) => r.id);
}

/** The organisation, its parent, grand-parent, … up to the root (itself first), inside a transaction. */
export function selfAndAncestorIds(db: Tx, id: number): number[] {
  return db
    .all<{ id: number }>(sql`WITH RECURSIVE t(id, parent_id) AS (
        SELECT id, parent_id FROM organisations WHERE id = ${id}
        UNION SELECT o.id, o.parent_id FROM organisations o JOIN t ON o.id = t.parent_id) SELECT id FROM t`)
    .map((r) => r.id);
}

/**
 * The providers the systems matching `visible` (a condition on `systems`) use or used: assessors of their
 * engagements and assessments, their monitoring providers, whether the contract still runs or not, and the
 * groups above those (a group's record decides who counts as a sister company).
 */
export function providersUsedBy(db: Db, visible: SQL): number[] {
  return db
    .all<{ id: number }>(sql`WITH RECURSIVE seen(id) AS (
        SELECT id FROM systems WHERE ${visible}),
      used(id) AS (
        SELECT assessor_id FROM engagements WHERE system_id IN (SELECT id FROM seen)
        UNION SELECT provider_id FROM layer2_monitoring WHERE provider_id IS NOT NULL AND system_id IN (SELECT id FROM seen)
        UNION SELECT assessor_id FROM assessments WHERE system_id IN (SELECT id FROM seen)
        UNION SELECT o.parent_id FROM organisations o JOIN used ON o.id = used.id WHERE o.parent_id IS NOT NULL)
      SELECT used.id AS id FROM used JOIN organisations o ON o.id = used.id WHERE o.kind = 'provider'`)
    .map((r) => r.id);
}
