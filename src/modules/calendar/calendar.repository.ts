// One query per table for all the systems a reader may see: the systems are selected once in SQL and
// every other table is joined to them by a sub-select, never by a list of 20 000 ids or a query per system.
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { assessments, calendarTokens } from '../../db/schema/assessments.js';
import { levelDecisions } from '../../db/schema/level-decisions.js';
import { organisations } from '../../db/schema/organisations.js';
import { engagements, layer2Monitoring } from '../../db/schema/protection.js';
import { systems } from '../../db/schema/systems.js';
import type { Tx } from '../audit/audit.repository.js';
import { visibleCondition, type Visibility } from '../systems/systems.repository.js';

/** The systems the calendar covers: what the reader may see, optionally narrowed to an organisation subtree. */
export interface CalendarScope {
  visibility: Visibility;
  /** owner or operator in these (the systems list's `org` filter) */
  orgIds?: readonly number[] | undefined;
}

const inList = (col: SQL, ids: readonly number[]) => (ids.length ? sql`${col} IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})` : sql`0`);

function scopeCondition(s: CalendarScope): SQL {
  const conds = [visibleCondition(s.visibility)];
  if (s.orgIds) conds.push(sql`(${inList(sql`${systems.ownerId}`, s.orgIds)} OR ${inList(sql`${systems.operatorId}`, s.orgIds)})`);
  return and(...conds)!;
}

const scopedSystemIds = (s: CalendarScope) => sql`(SELECT ${systems.id} FROM ${systems} WHERE ${scopeCondition(s)})`;

export function scopedSystems(db: Db, s: CalendarScope) {
  return db
    .select({
      id: systems.id,
      code: systems.code,
      nameVi: systems.nameVi,
      nameEn: systems.nameEn,
      lifecycleStatus: systems.lifecycleStatus,
      goLiveDate: systems.goLiveDate,
      decommissionedAt: systems.decommissionedAt,
      nationalSecurityImportant: systems.nationalSecurityImportant,
    })
    .from(systems)
    .where(scopeCondition(s))
    // the systems list's order: items on the same day follow it
    .orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id))
    .all();
}

export type CalendarSystem = ReturnType<typeof scopedSystems>[number];

/** Every approved decision, oldest approval first (a later one replaces an earlier one). */
export function approvedLevels(db: Db, s: CalendarScope) {
  return db
    .select({ systemId: levelDecisions.systemId, level: levelDecisions.proposedLevel, approvalDate: levelDecisions.approvalDate })
    .from(levelDecisions)
    .where(sql`${levelDecisions.dossierStatus} = 'approved' AND ${levelDecisions.approvalDate} IS NOT NULL AND ${levelDecisions.systemId} IN ${scopedSystemIds(s)}`)
    .orderBy(asc(levelDecisions.approvalDate), asc(levelDecisions.id))
    .all();
}

export function performedAssessments(db: Db, s: CalendarScope) {
  return db
    .select({ systemId: assessments.systemId, performedDate: assessments.performedDate, reportedDate: assessments.reportedDate })
    .from(assessments)
    .where(sql`${assessments.performedDate} IS NOT NULL AND ${assessments.systemId} IN ${scopedSystemIds(s)}`)
    .all();
}

/** The layer-2 record in force of each system: its newest row. */
export function latestMonitoring(db: Db, s: CalendarScope) {
  return db
    .select({
      systemId: layer2Monitoring.systemId,
      mode: layer2Monitoring.mode,
      providerId: layer2Monitoring.providerId,
      contractNumber: layer2Monitoring.contractNumber,
      endDate: layer2Monitoring.endDate,
    })
    .from(layer2Monitoring)
    .where(
      sql`${layer2Monitoring.id} IN (SELECT max(l.id) FROM ${layer2Monitoring} l WHERE l.system_id IN ${scopedSystemIds(s)} GROUP BY l.system_id)`,
    )
    .all();
}

/** Assessors engaged now or later: not revoked, contract not ended before `today`. */
export function currentEngagements(db: Db, s: CalendarScope, today: string) {
  return db
    .select({ systemId: engagements.systemId, assessorId: engagements.assessorId })
    .from(engagements)
    .where(
      sql`${engagements.revokedAt} IS NULL AND (${engagements.endDate} IS NULL OR ${engagements.endDate} >= ${today}) AND ${engagements.systemId} IN ${scopedSystemIds(s)}`,
    )
    .all();
}

export function providersByIds(db: Db, ids: readonly number[]) {
  if (!ids.length) return [];
  return db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      nameVi: organisations.nameVi,
      nameEn: organisations.nameEn,
      licenceNumber: organisations.licenceNumber,
      licenceExpires: organisations.licenceExpires,
    })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]))
    .all();
}

export type CalendarProvider = ReturnType<typeof providersByIds>[number];

// ---- feed tokens ----

export function tokenOf(db: Tx, userId: number) {
  return db.select().from(calendarTokens).where(eq(calendarTokens.userId, userId)).get();
}

export function tokenByHash(db: Db, tokenHash: string) {
  return db.select().from(calendarTokens).where(eq(calendarTokens.tokenHash, tokenHash)).get();
}

/** One token per user: a new one replaces the old (whose URL stops working at once). */
export function putToken(tx: Tx, userId: number, tokenHash: string) {
  return tx
    .insert(calendarTokens)
    .values({ userId, tokenHash })
    .onConflictDoUpdate({ target: calendarTokens.userId, set: { tokenHash, createdAt: new Date().toISOString() } })
    .returning()
    .get();
}

export function deleteToken(tx: Tx, userId: number): number {
  return tx.delete(calendarTokens).where(eq(calendarTokens.userId, userId)).run().changes;
}
