import { and, asc, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { checklistAnswers, type ChecklistAnswerRow } from '../../db/schema/compliance.js';
import { levelDecisions, type LevelDecisionRow } from '../../db/schema/level-decisions.js';
import { systems, type SystemRow } from '../../db/schema/systems.js';
import { groupBy } from '../../domain/collections.js';
import { visibleCondition, type Visibility } from '../access/index.js';

export interface CandidateRows {
  systems: SystemRow[];
  decisions: Map<number, LevelDecisionRow[]>;
  answers: Map<number, ChecklistAnswerRow[]>;
}

/**
 * The systems a reader sees that are not decommissioned (narrowed to owners or operators in `orgIds`), with
 * their decisions and checklist answers: one query per table, the others joined by a sub-select.
 */
export function candidateRows(db: Db, visibility: Visibility, orgIds: readonly number[] | undefined): CandidateRows {
  const conds = [visibleCondition(visibility), ne(systems.lifecycleStatus, 'decommissioned')];
  if (orgIds) {
    const list = orgIds.length ? sql.join(orgIds.map((i) => sql`${i}`), sql`, `) : sql`NULL`;
    conds.push(sql`(${systems.ownerId} IN (${list}) OR ${systems.operatorId} IN (${list}))`);
  }
  const where = and(...conds)!;
  const ids = sql`(SELECT ${systems.id} FROM ${systems} WHERE ${where})`;
  const rows = db.select().from(systems).where(where).orderBy(sql`${systems.nameVi} COLLATE NOCASE`, asc(systems.id)).all();
  const decisions = db.select().from(levelDecisions).where(sql`${levelDecisions.systemId} IN ${ids}`).orderBy(sql`${levelDecisions.id} DESC`).all();
  const answers = db.select().from(checklistAnswers).where(sql`${checklistAnswers.systemId} IN ${ids}`).all();
  return { systems: rows, decisions: groupBy(decisions, (d) => d.systemId), answers: groupBy(answers, (a) => a.systemId) };
}
