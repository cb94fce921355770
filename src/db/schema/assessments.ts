import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { organisationRef } from './organisations.js';
import { systemRecords, systemRef } from './systems.js';
import { users, userRef } from './users.js';
import { serialId, stampedAt, stamps } from './columns.js';

export const ASSESSMENT_KINDS = ['periodic', 'ad_hoc', 'pre_operation'] as const;
export const ASSESSMENT_RESULTS = ['passed', 'passed_with_findings', 'failed'] as const;
export const TEST_BOXES = ['black', 'grey', 'white'] as const;

/** An inspection of a system by an assessor (kiểm tra, đánh giá). */
export const assessments = systemRecords(
  'assessments',
  {
    assessorId: organisationRef('assessor_id').notNull(),
    kind: text('kind', { enum: ASSESSMENT_KINDS }).notNull(),
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    plannedDate: text('planned_date'),
    performedDate: text('performed_date'),
    scopeCompliance: integer('scope_compliance', { mode: 'boolean' }).notNull().default(false),
    scopeEffectiveness: integer('scope_effectiveness', { mode: 'boolean' }).notNull().default(false),
    scopeScanning: integer('scope_scanning', { mode: 'boolean' }).notNull().default(false),
    scopePentest: integer('scope_pentest', { mode: 'boolean' }).notNull().default(false),
    testBox: text('test_box', { enum: TEST_BOXES }),
    result: text('result', { enum: ASSESSMENT_RESULTS }),
    reportRef: text('report_ref'),
    reportedDate: text('reported_date'), // result reported to the authority
    // the uploaded report lives outside the database; the row keeps where, what and its SHA-256
    fileName: text('file_name'),
    fileStoredAs: text('file_stored_as'),
    fileMime: text('file_mime'),
    fileSize: integer('file_size'),
    fileSha256: text('file_sha256'),
    createdBy: userRef('created_by'),
  },
  (t) => [index('assessments_system_idx').on(t.systemId, t.performedDate), index('assessments_assessor_idx').on(t.assessorId)],
);

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const FINDING_STATUSES = ['open', 'in_progress', 'fixed', 'accepted'] as const;

/** A defect an assessment found (tồn tại, điểm yếu), with its remediation due date. */
export const findings = sqliteTable(
  'findings',
  {
    id: serialId(),
    assessmentId: integer('assessment_id').notNull().references(() => assessments.id, { onDelete: 'restrict' }),
    systemId: systemRef().notNull(),
    title: text('title').notNull(),
    severity: text('severity', { enum: SEVERITIES }).notNull(),
    requirementId: text('requirement_id'), // a baseline catalogue item id, optional
    remediationPlan: text('remediation_plan'),
    dueDate: text('due_date'),
    status: text('status', { enum: FINDING_STATUSES }).notNull().default('open'),
    acceptedReason: text('accepted_reason'),
    closedDate: text('closed_date'),
    evidenceNote: text('evidence_note'),
    ...stamps(),
  },
  (t) => [index('findings_system_idx').on(t.systemId, t.status), index('findings_assessment_idx').on(t.assessmentId)],
);

/** A user's private calendar feed (.ics): the token's hash only; revoking deletes the row. */
export const calendarTokens = sqliteTable('calendar_tokens', {
  id: serialId(),
  userId: integer('user_id').notNull().unique().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: stampedAt('created_at'),
});

export type AssessmentRow = typeof assessments.$inferSelect;
export type FindingRow = typeof findings.$inferSelect;
