import { and, desc, eq } from 'drizzle-orm';
import { memoByVersion } from '../../db/data-version.js';
import { levelDecisions, type LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { Tx } from '../audit/audit.repository.js';

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
  return tx.insert(levelDecisions).values(row).returning().get();
}

export function updateDecision(tx: Tx, id: number, row: Partial<typeof levelDecisions.$inferInsert>): LevelDecisionRow {
  return tx
    .update(levelDecisions)
    .set({ ...row, updatedAt: new Date().toISOString() })
    .where(eq(levelDecisions.id, id))
    .returning()
    .get();
}
