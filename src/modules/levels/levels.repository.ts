import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import { levelDecisions, type LevelDecisionRow } from '../../db/schema/level-decisions.js';
import { systems } from '../../db/schema/systems.js';
import type { Tx } from '../../db/client.js';
import { ownedRowsOf, rowsWithSystemNames, type WithSystemNames } from '../../db/rows.js';

/** A system's decisions, newest first (kept until the next write outside a transaction: several cards of a page ask). */
export function decisionsOf(db: Tx, systemId: number): LevelDecisionRow[] {
  return memoByVersion(db, `decisions:${systemId}`, () =>
    db.select().from(levelDecisions).where(eq(levelDecisions.systemId, systemId)).orderBy(desc(levelDecisions.id)).all(),
  );
}

/** A decision of this system (another system's id is simply not found); a new one; a change to one. */
export const { find: findDecision, insert: insertDecision, update: updateDecision } = ownedRowsOf(levelDecisions, levelDecisions.systemId);

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

export type PendingDecisionRow = WithSystemNames<LevelDecisionRow>;

/** Dossiers under way (draft, submitted, appraised) of the systems matching `visible` (a condition on `systems`), oldest first. */
export function pendingDecisionsWhere(db: Tx, visible: SQL): PendingDecisionRow[] {
  const underWay = inArray(levelDecisions.dossierStatus, ['draft', 'submitted', 'appraised']);
  return rowsWithSystemNames(db, levelDecisions, and(underWay, visible), [asc(levelDecisions.updatedAt), asc(levelDecisions.id)]);
}
