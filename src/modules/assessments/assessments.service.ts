import type { Db, Tx } from '../../db/client.js';
import type { assessments } from '../../db/schema/assessments.js';
import type { AssessmentRow, FindingRow } from '../../db/schema/assessments.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { todayIso } from '../../i18n/format.js';
import { can } from '../../domain/permissions.js';
import { assertCan, type Actor, getSystem, visibility, visibleCondition } from '../access/index.js';
import { audit, changesOf, diff, hasChanges, updateAuditedIn, writeAudited } from '../audit/audit.service.js';
import { checklistItems } from '../checklists/checklists.service.js';
import * as notices from '../mail/notices.service.js';
import * as repo from './assessments.repository.js';
import type { AssessmentInput, FindingInput } from './assessments.schemas.js';
import { removeReport, storeReport, type PreparedReport } from '../files/index.js';
import { allOrganisations, findOrganisation } from '../organisations/organisations.service.js';

const AUDITED = [
  'kind', 'assessorId', 'periodFrom', 'periodTo', 'plannedDate', 'performedDate', 'scopeCompliance', 'scopeEffectiveness',
  'scopeScanning', 'scopePentest', 'testBox', 'result', 'reportRef', 'reportedDate', 'fileName', 'fileSha256',
] as const;

const FINDING_AUDITED = [
  'title', 'severity', 'requirementId', 'remediationPlan', 'dueDate', 'status', 'acceptedReason', 'closedDate', 'evidenceNote',
] as const;

// ---- reading

export function listAssessments(db: Db, actor: Actor, systemId: number, today = todayIso()) {
  const system = getSystem(db, actor, systemId);
  return { system, assessments: repo.assessmentsOf(db, systemId, today) };
}

export function getAssessment(db: Db, actor: Actor, systemId: number, id: number): { system: SystemRow; assessment: AssessmentRow } {
  const system = getSystem(db, actor, systemId);
  const assessment = repo.findAssessment(db, systemId, id);
  if (!assessment) throw new NotFoundError('assessment');
  return { system, assessment };
}

export function assessmentDetail(db: Db, actor: Actor, systemId: number, id: number, today = todayIso()) {
  const { system, assessment } = getAssessment(db, actor, systemId, id);
  const findings = repo.findingsOfAssessment(db, id).map((f) => ({ ...f, overdue: isOverdue(f, today) }));
  return { system, assessment, assessor: findOrganisation(db, assessment.assessorId), findings, writable: mayWrite(actor, assessment) };
}

/** The stored report of an assessment the actor may see; 404 when there is none. */
export function reportOf(db: Db, actor: Actor, systemId: number, id: number): AssessmentRow & { fileName: string; fileMime: string } {
  const { assessment } = getAssessment(db, actor, systemId, id);
  if (!assessment.fileName || !assessment.fileMime || !assessment.fileStoredAs) throw new NotFoundError('report');
  return assessment as AssessmentRow & { fileName: string; fileMime: string };
}

/**
 * Who may be named as the assessor: any provider (assessment companies work across provinces) and the
 * agencies in the actor's province or ministry. An auditor records only their own organisation's work.
 */
export function assessorChoices(db: Db, actor: Actor): Organisation[] {
  const all = allOrganisations(db);
  if (actor.role === 'auditor') return all.filter((o) => actor.scope.has(o.id));
  return all.filter((o) => o.kind === 'provider' || actor.reach.has(o.id));
}

/** Whether the actor may change this assessment and its findings: auditors only their own organisation's (or a unit's). */
export function mayWrite(actor: Actor, assessment: Pick<AssessmentRow, 'assessorId'>): boolean {
  return can(actor.role, 'assessment.write') && (actor.role !== 'auditor' || actor.scope.has(assessment.assessorId));
}

function assertMayWrite(actor: Actor, assessment: AssessmentRow): void {
  assertCan(actor, 'assessment.write');
  if (!mayWrite(actor, assessment)) throw new ForbiddenError('assessment.write');
}

/** The system a new assessment would be recorded on, once the actor may record one there. */
export function systemForNew(db: Db, actor: Actor, systemId: number): SystemRow {
  assertCan(actor, 'assessment.write');
  const system = getSystem(db, actor, systemId);
  if (system.lifecycleStatus === 'decommissioned') throw new ConflictError('assessment.decommissioned');
  return system;
}

/** An assessment the actor may change (404 when not visible, 403 when visible but not theirs). */
export function assessmentForEdit(db: Db, actor: Actor, systemId: number, id: number): { system: SystemRow; assessment: AssessmentRow } {
  const found = getAssessment(db, actor, systemId, id);
  assertMayWrite(actor, found.assessment);
  return found;
}

// ---- assessments

function checkAssessment(db: Db, actor: Actor, input: AssessmentInput, before: AssessmentRow | null, today: string): void {
  const errors: FieldErrors = {};
  const unchanged = before !== null && before.assessorId === input.assessorId && actor.role !== 'auditor';
  if (!unchanged && !assessorChoices(db, actor).some((o) => o.id === input.assessorId)) {
    errors.assessorId = actor.role === 'auditor' ? 'assessment.v.ownAssessor' : 'v.choose';
  }
  if (input.periodFrom && input.periodTo && input.periodTo < input.periodFrom) errors.periodTo = 'assessment.v.periodOrder';
  if (input.performedDate && input.performedDate > today) errors.performedDate = 'v.future';
  if (input.performedDate && !input.result) errors.result = 'assessment.v.resultRequired';
  if (input.result && !input.performedDate) errors.performedDate = 'assessment.v.performedRequired';
  if (input.reportedDate) {
    if (input.reportedDate > today) errors.reportedDate = 'v.future';
    else if (!input.performedDate) errors.reportedDate = 'assessment.v.reportedWithoutPerformed';
    else if (input.reportedDate < input.performedDate) errors.reportedDate = 'assessment.v.reportedBeforePerformed';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const fileColumns = (report: PreparedReport, storedAs: string) => ({
  fileName: report.fileName, fileStoredAs: storedAs, fileMime: report.mime, fileSize: report.size, fileSha256: report.sha256,
});

/**
 * The file goes to disk before the row is written, so a row never points at a missing file; if the
 * database write then fails, a file that this call created and nothing refers to is removed again.
 */
async function withStoredReport<T>(db: Db, uploadDir: string, report: PreparedReport | null, write: (storedAs: string | null) => T): Promise<T> {
  if (!report) return write(null);
  const stored = await storeReport(uploadDir, report);
  try {
    return write(stored.storedAs);
  } catch (err) {
    if (stored.created && repo.fileReferences(db, report.sha256) === 0) await removeReport(uploadDir, stored.storedAs);
    throw err;
  }
}

export async function createAssessment(
  db: Db, actor: Actor, systemId: number, input: AssessmentInput, report: PreparedReport | null, uploadDir: string, today = todayIso(),
): Promise<AssessmentRow> {
  const system = systemForNew(db, actor, systemId);
  checkAssessment(db, actor, input, null, today);
  return withStoredReport(db, uploadDir, report, (storedAs) =>
    db.transaction((tx) => {
      const a = repo.insertAssessment(tx, { ...input, systemId, createdBy: actor.id, ...(report && storedAs ? fileColumns(report, storedAs) : {}) });
      audit(tx, actor, {
        action: 'create', entityType: 'assessment', entityId: a.id, systemId, organisationId: system.operatorId,
        summary: summaryOf(db, a), changes: diff(null, a, AUDITED),
      });
      return a;
    }),
  );
}

export async function updateAssessment(
  db: Db, actor: Actor, systemId: number, id: number, input: AssessmentInput, report: PreparedReport | null, uploadDir: string, today = todayIso(),
): Promise<AssessmentRow> {
  const { system, assessment: before } = assessmentForEdit(db, actor, systemId, id);
  checkAssessment(db, actor, input, before, today);
  const next = { ...input, fileName: report ? report.fileName : before.fileName, fileSha256: report ? report.sha256 : before.fileSha256 };
  const changes = diff(before, next, AUDITED);
  // nothing changed: the report is not stored again
  if (!hasChanges(changes)) return before;
  return withStoredReport(db, uploadDir, report, (storedAs) =>
    db.transaction((tx) => writeAudited(tx, actor, {
      changes,
      write: () => repo.updateAssessment(tx, id, { ...input, ...(report && storedAs ? fileColumns(report, storedAs) : {}) }),
      entry: (a) => ({ entityType: 'assessment', entityId: id, systemId, organisationId: system.operatorId, summary: summaryOf(db, a) }),
    })),
  );
}

// ---- row writers with their audit entries, in the caller's transaction (the forms, and the importer) ----

type AssessmentFields = Omit<typeof assessments.$inferInsert, 'id' | 'systemId' | 'createdBy' | 'createdAt' | 'updatedAt'>;

export function insertAssessmentAudited(tx: Tx, actor: Actor, system: Pick<SystemRow, 'id' | 'operatorId'>, fields: AssessmentFields): AssessmentRow {
  const a = repo.insertAssessment(tx, { ...fields, systemId: system.id, createdBy: actor.id });
  audit(tx, actor, {
    action: 'create', entityType: 'assessment', entityId: a.id, systemId: system.id, organisationId: system.operatorId,
    summary: summaryOf(tx, a), changes: diff(null, a, AUDITED),
  });
  return a;
}

export function assessmentChangesFor(before: AssessmentRow, fields: Partial<AssessmentFields>): Record<string, [unknown, unknown]> {
  return changesOf(before, fields, AUDITED);
}

/** Applies `fields` to an assessment with its audit entry; null when nothing changes. */
export function updateAssessmentAudited(tx: Tx, actor: Actor, system: Pick<SystemRow, 'id' | 'operatorId'>, before: AssessmentRow, fields: Partial<AssessmentFields>): AssessmentRow | null {
  return updateAuditedIn(tx, actor, {
    changes: assessmentChangesFor(before, fields),
    write: () => repo.updateAssessment(tx, before.id, fields),
    entry: (a) => ({ entityType: 'assessment', entityId: before.id, systemId: system.id, organisationId: system.operatorId, summary: summaryOf(tx, a) }),
  });
}

/** The assessment of a system by an assessor on a day (the importer's key), whoever may see it (the caller checks). */
export function findAssessmentOn(db: Tx, systemId: number, assessorId: number, performedDate: string): AssessmentRow | undefined {
  return repo.findAssessmentOn(db, systemId, assessorId, performedDate);
}

function summaryOf(db: Tx, a: AssessmentRow): string {
  const assessor = findOrganisation(db, a.assessorId)?.nameVi ?? String(a.assessorId);
  return [a.kind, assessor, a.performedDate ?? a.plannedDate].filter(Boolean).join(' · ');
}

// ---- findings

/** ASM-06: a finding still open (or in progress) after its remediation due date (Circular 12 Art 12; Decree 331 Art 27). */
export function isOverdue(f: Pick<FindingRow, 'status' | 'dueDate'>, today: string): boolean {
  return (f.status === 'open' || f.status === 'in_progress') && !!f.dueDate && f.dueDate < today;
}

export function getFinding(db: Db, actor: Actor, systemId: number, assessmentId: number, id: number) {
  const { system, assessment } = getAssessment(db, actor, systemId, assessmentId);
  const finding = repo.findFinding(db, assessmentId, id);
  if (!finding) throw new NotFoundError('finding');
  return { system, assessment, finding };
}

/** A requirement a finding may name: an item of the system's checklist (its level and regime). */
export interface RequirementChoice {
  id: string;
  titleVi: string;
  titleEn: string;
}

export interface RequirementChoices {
  /** the catalogue of the system's checklist; null without a level */
  catalogue: string | null;
  /** the items grouped as the checklist groups them, in catalogue order */
  groups: Array<{ groupVi: string; groupEn: string; items: RequirementChoice[] }>;
}

/** The items a finding's requirement is chosen from: the system's checklist items, with their ids. */
export function requirementChoices(db: Db, actor: Actor, systemId: number): RequirementChoices {
  const { catalogue, items } = checklistItems(db, actor, systemId);
  const groups = new Map<string, RequirementChoices['groups'][number]>();
  for (const i of items) {
    const key = i.group_id ?? i.group;
    const g = groups.get(key) ?? { groupVi: i.group_vi, groupEn: i.group, items: [] };
    g.items.push({ id: i.id, titleVi: i.title_vi, titleEn: i.title_en });
    groups.set(key, g);
  }
  return { catalogue, groups: [...groups.values()] };
}

/**
 * A finding names one of the system's checklist items, or none. A value recorded before (free text of the
 * first release, or an item of a level the system no longer has) may be kept as it is, never typed anew.
 */
function checkRequirement(db: Db, actor: Actor, systemId: number, requirementId: string | null, stored: string | null, errors: FieldErrors): void {
  if (requirementId === null || requirementId === stored) return;
  const { items } = checklistItems(db, actor, systemId);
  if (!items.some((i) => i.id === requirementId)) errors.requirementId = 'finding.v.requirement';
}

/** Closing fields only mean something for closed findings; an accepted risk needs its reason. */
function normaliseFinding(input: FindingInput, assessment: AssessmentRow, today: string, errors: FieldErrors = {}) {
  const closed = input.status === 'fixed' || input.status === 'accepted';
  if (closed) {
    if (!input.closedDate) errors.closedDate = 'finding.v.closedRequired';
    else if (input.closedDate > today) errors.closedDate = 'v.future';
    else if (assessment.performedDate && input.closedDate < assessment.performedDate) errors.closedDate = 'finding.v.closedBeforePerformed';
  }
  if (input.status === 'accepted' && !input.acceptedReason) errors.acceptedReason = 'finding.v.reasonRequired';
  // a fix cannot be due before the assessment that found the problem
  if (assessment.performedDate && input.dueDate < assessment.performedDate) errors.dueDate = 'finding.v.dueBeforePerformed';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    ...input,
    closedDate: closed ? input.closedDate : null,
    acceptedReason: input.status === 'accepted' ? input.acceptedReason : null,
  };
}

export function addFinding(db: Db, actor: Actor, systemId: number, assessmentId: number, input: FindingInput, today = todayIso()): FindingRow {
  const { system, assessment } = getAssessment(db, actor, systemId, assessmentId);
  assertMayWrite(actor, assessment);
  // a finding is what a performed assessment found
  if (!assessment.performedDate) throw new ConflictError('finding.notPerformed');
  const errors: FieldErrors = {};
  checkRequirement(db, actor, systemId, input.requirementId, null, errors);
  const values = normaliseFinding(input, assessment, today, errors);
  return db.transaction((tx) => {
    const f = repo.insertFinding(tx, { ...values, assessmentId, systemId });
    audit(tx, actor, {
      action: 'create', entityType: 'finding', entityId: f.id, systemId, organisationId: system.operatorId,
      summary: f.title, changes: diff(null, f, FINDING_AUDITED),
    });
    notices.findingRecorded(tx, actor, { system, assessment, finding: f });
    return f;
  });
}

export function updateFinding(
  db: Db, actor: Actor, systemId: number, assessmentId: number, id: number, input: FindingInput, today = todayIso(),
): FindingRow {
  const { system, assessment, finding: before } = getFinding(db, actor, systemId, assessmentId, id);
  assertMayWrite(actor, assessment);
  const errors: FieldErrors = {};
  checkRequirement(db, actor, systemId, input.requirementId, before.requirementId, errors);
  const values = normaliseFinding(input, assessment, today, errors);
  const changes = diff(before, values, FINDING_AUDITED);
  if (!hasChanges(changes)) return before;
  return db.transaction((tx) => {
    const f = writeAudited(tx, actor, {
      changes,
      write: () => repo.updateFinding(tx, id, values),
      entry: (row) => ({ entityType: 'finding', entityId: id, systemId, organisationId: system.operatorId, summary: row.title }),
    });
    notices.findingRecorded(tx, actor, { system, assessment, finding: f, before });
    return f;
  });
}

export type OpenFinding = repo.OpenFindingRow & { overdue: boolean };

/** For the system page: open and in-progress findings with their assessment, overdue ones flagged. */
export function openFindingsOf(db: Db, actor: Actor, systemId: number, today = todayIso()): OpenFinding[] {
  getSystem(db, actor, systemId);
  return repo.openFindingsOf(db, systemId).map((f) => ({ ...f, overdue: isOverdue(f, today) }));
}

export type ScopeFinding = repo.ScopeFindingRow & { overdue: boolean };

/** "My work": the open findings of every system the actor may see (an auditor: those engaged on), soonest due first. */
export function openFindingsInScope(db: Db, actor: Actor, today = todayIso()): ScopeFinding[] {
  return repo.openFindingsWhere(db, visibleCondition(visibility(db, actor))).map((f) => ({ ...f, overdue: isOverdue(f, today) }));
}
