import { and, asc, desc, eq, getTableColumns, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { preparedOn } from '../../db/prepared.js';
import { assessments, findings, type AssessmentRow, type FindingRow } from '../../db/schema/assessments.js';
import { organisations } from '../../db/schema/organisations.js';
import { countRows, ownedRowsOf, rowsWithSystemNames, type WithSystemNames } from '../../db/rows.js';

export const OPEN_STATUSES = ['open', 'in_progress'] as const;

/** Newest first: by the date it was performed, else planned, else recorded. */
const newestFirst = sql`coalesce(${assessments.performedDate}, ${assessments.plannedDate}, substr(${assessments.createdAt}, 1, 10))`;

/** The most urgent due date first, findings with none last. */
const soonestDueFirst = [sql`CASE WHEN ${findings.dueDate} IS NULL THEN 1 ELSE 0 END`, asc(findings.dueDate), asc(findings.id)];

export type ListedAssessment = AssessmentRow & { assessorName: string; assessorNameEn: string | null; openFindings: number; overdueFindings: number };

export function assessmentsOf(db: Tx, systemId: number, today: string): ListedAssessment[] {
  const q = preparedOn(db, assessmentsQueries, (d) => assessmentsBuilder(d, sql.placeholder('systemId'), sql.placeholder('today')).prepare());
  return q ? q.all({ systemId, today }) : assessmentsBuilder(db, systemId, today).all();
}

function assessmentsBuilder(db: Tx, systemId: number | Placeholder, today: string | Placeholder) {
  return db
    .select({
      ...getTableColumns(assessments),
      assessorName: organisations.nameVi,
      assessorNameEn: organisations.nameEn,
      openFindings: sql<number>`(SELECT count(*) FROM findings f WHERE f.assessment_id = ${assessments.id} AND f.status IN ('open', 'in_progress'))`,
      overdueFindings: sql<number>`(SELECT count(*) FROM findings f WHERE f.assessment_id = ${assessments.id} AND f.status IN ('open', 'in_progress') AND f.due_date < ${today})`,
    })
    .from(assessments)
    .innerJoin(organisations, eq(organisations.id, assessments.assessorId))
    .where(eq(assessments.systemId, systemId))
    .orderBy(desc(newestFirst), desc(assessments.id));
}

const assessmentsQueries = new WeakMap<Db, ReturnType<ReturnType<typeof assessmentsBuilder>['prepare']>>();

/** An assessment of this system (another system's id is simply not found); a new one; a change to one. */
export const { find: findAssessment, insert: insertAssessment, update: updateAssessment } = ownedRowsOf(assessments, assessments.systemId);

export function findAssessmentOn(db: Tx, systemId: number, assessorId: number, performedDate: string): AssessmentRow | undefined {
  return db.select().from(assessments).where(and(eq(assessments.systemId, systemId), eq(assessments.assessorId, assessorId), eq(assessments.performedDate, performedDate))).get();
}

/** How many rows point at a stored file (content-addressed files may be shared). */
export function fileReferences(db: Tx, sha256: string): number {
  return countRows(db, assessments, eq(assessments.fileSha256, sha256));
}

export function findingsOfAssessment(db: Tx, assessmentId: number): FindingRow[] {
  return db
    .select()
    .from(findings)
    .where(eq(findings.assessmentId, assessmentId))
    .orderBy(
      sql`CASE ${findings.severity} WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`,
      asc(findings.dueDate),
      asc(findings.id),
    )
    .all();
}

/** A finding of this assessment (another assessment's id is simply not found); a new one; a change to one. */
export const { find: findFinding, insert: insertFinding, update: updateFinding } = ownedRowsOf(findings, findings.assessmentId);

export interface OpenFindingRow extends FindingRow {
  assessment: { id: number; kind: AssessmentRow['kind']; performedDate: string | null; assessorId: number; assessorName: string; assessorNameEn: string | null };
}

/** A system's open and in-progress findings, the most urgent due date first (none last). */
export function openFindingsOf(db: Tx, systemId: number): OpenFindingRow[] {
  const q = preparedOn(db, openFindingsQueries, (d) => openFindingsBuilder(d, sql.placeholder('systemId')).prepare());
  return (q ? q.all({ systemId }) : openFindingsBuilder(db, systemId).all()).map(({ aId, aKind, aPerformed, aAssessorId, aAssessorName, aAssessorNameEn, ...f }) => ({
    ...f,
    assessment: { id: aId, kind: aKind, performedDate: aPerformed, assessorId: aAssessorId, assessorName: aAssessorName, assessorNameEn: aAssessorNameEn },
  }));
}

function openFindingsBuilder(db: Tx, systemId: number | Placeholder) {
  return db
    .select({
      ...getTableColumns(findings),
      aId: assessments.id,
      aKind: assessments.kind,
      aPerformed: assessments.performedDate,
      aAssessorId: assessments.assessorId,
      aAssessorName: organisations.nameVi,
      aAssessorNameEn: organisations.nameEn,
    })
    .from(findings)
    .innerJoin(assessments, eq(assessments.id, findings.assessmentId))
    .innerJoin(organisations, eq(organisations.id, assessments.assessorId))
    .where(and(eq(findings.systemId, systemId), inArray(findings.status, [...OPEN_STATUSES])))
    .orderBy(...soonestDueFirst);
}

const openFindingsQueries = new WeakMap<Db, ReturnType<ReturnType<typeof openFindingsBuilder>['prepare']>>();

export type ScopeFindingRow = WithSystemNames<FindingRow>;

/** Open and in-progress findings of the systems matching `visible` (a condition on `systems`), soonest due first. */
export function openFindingsWhere(db: Tx, visible: SQL): ScopeFindingRow[] {
  return rowsWithSystemNames(db, findings, and(inArray(findings.status, [...OPEN_STATUSES]), visible), soonestDueFirst);
}
