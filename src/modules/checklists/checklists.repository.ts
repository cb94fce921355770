import { asc, eq, sql, type Placeholder } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { preparedOn } from '../../db/prepared.js';
import { checklistAnswers, type ChecklistAnswerRow } from '../../db/schema/compliance.js';
import { users } from '../../db/schema/users.js';

export type AnswerWithAuthor = ChecklistAnswerRow & { setByName: string | null };

/** Every answer of a system, in every catalogue (answers of another level or regime are kept). */
export function answersOf(db: Tx, systemId: number): AnswerWithAuthor[] {
  const q = preparedOn(db, answersQueries, (d) => answersBuilder(d, sql.placeholder('systemId')).prepare());
  return q ? q.all({ systemId }) : answersBuilder(db, systemId).all();
}

function answersBuilder(db: Tx, systemId: number | Placeholder) {
  return db
    .select({
      id: checklistAnswers.id,
      systemId: checklistAnswers.systemId,
      catalogue: checklistAnswers.catalogue,
      itemId: checklistAnswers.itemId,
      status: checklistAnswers.status,
      note: checklistAnswers.note,
      setBy: checklistAnswers.setBy,
      setAt: checklistAnswers.setAt,
      carriedFrom: checklistAnswers.carriedFrom,
      setByName: users.fullName,
    })
    .from(checklistAnswers)
    .leftJoin(users, eq(users.id, checklistAnswers.setBy))
    .where(eq(checklistAnswers.systemId, systemId))
    .orderBy(asc(checklistAnswers.catalogue), asc(checklistAnswers.itemId));
}

const answersQueries = new WeakMap<Db, ReturnType<ReturnType<typeof answersBuilder>['prepare']>>();

export type AnswerWrite = Pick<typeof checklistAnswers.$inferInsert, 'systemId' | 'catalogue' | 'itemId' | 'status' | 'note' | 'setBy' | 'setAt' | 'carriedFrom'>;

/**
 * One row per (system, catalogue, item): a new answer replaces the previous one; the audit log keeps the
 * history. An answer set directly (no `carriedFrom`) is no longer a carried one.
 */
export function saveAnswer(tx: Tx, row: AnswerWrite): void {
  tx.insert(checklistAnswers)
    .values({ ...row, carriedFrom: row.carriedFrom ?? null })
    .onConflictDoUpdate({
      target: [checklistAnswers.systemId, checklistAnswers.catalogue, checklistAnswers.itemId],
      set: { status: sql`excluded.status`, note: sql`excluded.note`, setBy: sql`excluded.set_by`, setAt: sql`excluded.set_at`, carriedFrom: sql`excluded.carried_from` },
    })
    .run();
}
