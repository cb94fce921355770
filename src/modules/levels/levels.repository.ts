import { and, asc, desc, eq, getTableColumns, inArray, type SQL } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import { levelDecisions, type LevelDecisionRow } from '../../db/schema/level-decisions.js';
import { systems } from '../../db/schema/systems.js';
import type { Tx } from '../../db/client.js';
import { insertRow, updateRow } from '../../db/rows.js';

/** A system's decisions, newest first (kept until the next write outside a transaction: several cards of a page ask). */
export function decisionsOf(db: Tx, systemId: number): LevelDecisionRow[] {
  return memoByVersion(db, `decisions:${systemId}`, () =>
    db.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemId)).orderBy(desc(levelDecisions.id)).all(),
  );
}

export function findDecision(db: Tx, systemId: number, id: number): LevelDecisionRow | undefined {
  return db
    .select()
    .from(levelDecisions)
    .where(and(eq(levelDecisions.id, id), eq(levelDecisions.systemId, systemId)))
    .get();
}

export function insertDecision(tx: Tx, row: typeof levelDecisions.$inferInsert): LevelDecisionRow {
  return insertRow(tx, levelDecisions, row);
}

export function updateDecision(tx: Tx, id: number, row: Partial<typeof levelDecisions.$inferInsert>): LevelDecisionRow {
  return updateRow(tx, levelDecisions, id, row);
}

/** Every approved decision of every system (the start-up reconciliation of the level column). */
export function allApprovedDecisions(db: Tx): LevelDecisionRow[] {
  return db.select().from(levelDecisions).where(eq(levelDecisions.dossierStatus, 'approved')).orderBy(asc(levelDecisions.systemId), asc(levelDecisions.id)).all();
}

export function levelColumn(db: Tx): { id: number; level: number | null }[] {
  return db.select({ id: systems.id, level: systems.levelInForce }).from(systems).all();
}

/** Every decision of the given systems, oldest first per system (chunks of 500 ids). */
export function decisionsOfSystems(db: Tx, systemIds: readonly number[]): LevelDecisionRow[] {
  const out: LevelDecisionRow[] = [];
  for (let i = 0; i < systemIds.length; i += 500) {
    out.push(...db.select().from(levelDecisions).where(inArray(levelDecisions.systemId, systemIds.slice(i, i + 500))).orderBy(asc(levelDecisions.systemId), asc(levelDecisions.id)).all());
  }
  return out;
}

export function levelColumnOf(db: Tx, systemId: number): number | null {
  return db.select({ level: systems.levelInForce }).from(systems).where(eq(systems.id, systemId)).get()?.level ?? null;
}

export function setLevelInForce(tx: Tx, systemId: number, level: number | null): void {
  tx.update(systems).set({ levelInForce: level }).where(eq(systems.id, systemId)).run();
}

export type PendingDecisionRow = LevelDecisionRow & { systemCode: string; systemNameVi: string; systemNameEn: string | null };

/** Dossiers under way (draft, submitted, appraised) of the systems matching `visible` (a condition on `systems`), oldest first. */
export function pendingDecisionsWhere(db: Tx, visible: SQL): PendingDecisionRow[] {
  return db
    .select({ ...getTableColumns(levelDecisions), systemCode: systems.code, systemNameVi: systems.nameVi, systemNameEn: systems.nameEn })
    .from(levelDecisions)
    .innerJoin(systems, eq(systems.id, levelDecisions.systemId))
    .where(and(inArray(levelDecisions.dossierStatus, ['draft', 'submitted', 'appraised']), visible))
    .orderBy(asc(levelDecisions.updatedAt), asc(levelDecisions.id))
    .all();
}
