import { sql } from 'drizzle-orm';
import { check, index, integer, text } from 'drizzle-orm/sqlite-core';
import { systemRecords } from './systems.js';
import { userRef } from './users.js';

export const DOSSIER_STATUSES = ['draft', 'submitted', 'appraised', 'approved', 'rejected'] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];
export const REGIMES = ['nd331', 'nd85'] as const;

// One row per determination. Re-determination adds a row; history is never overwritten.
export const levelDecisions = systemRecords(
  'level_decisions',
  {
    regime: text('regime', { enum: REGIMES }).notNull(),
    answers: text('answers', { mode: 'json' }).notNull(), // LevelAnswers as JSON
    computedLevel: integer('computed_level').notNull(),
    proposedLevel: integer('proposed_level').notNull(),
    proposalReason: text('proposal_reason'),
    dossierStatus: text('dossier_status', { enum: DOSSIER_STATUSES }).notNull().default('draft'),
    submittedDate: text('submitted_date'),
    appraisalBody: text('appraisal_body'),
    appraisalDate: text('appraisal_date'),
    appraisalRef: text('appraisal_ref'),
    approvalNumber: text('approval_number'),
    approvalDate: text('approval_date'),
    approvingBody: text('approving_body'),
    regulationNumber: text('regulation_number'),
    regulationDate: text('regulation_date'),
    rejectionReason: text('rejection_reason'),
    createdBy: userRef('created_by'),
  },
  (t) => [
    index('level_decisions_system_idx').on(t.systemId, t.dossierStatus),
    // the approved level of a system (systems list filter and sort): found without sorting
    index('level_decisions_approved_idx').on(t.systemId, t.dossierStatus, t.approvalDate, t.id, t.proposedLevel),
    check('level_decisions_levels', sql`${t.computedLevel} BETWEEN 1 AND 5 AND ${t.proposedLevel} BETWEEN ${t.computedLevel} AND 5`),
  ],
);

export type LevelDecisionRow = typeof levelDecisions.$inferSelect;
