import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisationRecords, organisationRef } from './organisations.js';
import { systemRef } from './systems.js';
import { userRef } from './users.js';

import { CHECKLIST_STATUSES } from '../../domain/catalog/index.js';
import { serialId, stampedAt } from './columns.js';

export { CHECKLIST_STATUSES };

/** A system's answer for one baseline catalogue item; kept when the level changes (only what applies is recomputed). */
export const checklistAnswers = sqliteTable(
  'checklist_answers',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    catalogue: text('catalogue', { enum: ['tcvn-11930-2017', 'tcvn-14423-2026'] }).notNull(),
    itemId: text('item_id').notNull(),
    status: text('status', { enum: CHECKLIST_STATUSES }).notNull(),
    note: text('note'), // evidence reference, or the reason when not applicable
    setBy: userRef('set_by'),
    setAt: stampedAt('set_at'),
    // the TCVN 11930 items whose answers a confirmed transition proposal carried here ("M.ORG.1 M.ORG.2");
    // null when the answer was set directly. An edit on the checklist sets it back to null.
    carriedFrom: text('carried_from'),
  },
  (t) => [uniqueIndex('checklist_answer_item').on(t.systemId, t.catalogue, t.itemId), index('checklist_system_idx').on(t.systemId)],
);

/** REP-01: the organisation's annual report for the period 15 Dec → 14 Dec (internal by 20 Dec, to the authority by 25 Dec). */
export const annualReports = organisationRecords(
  'annual_reports',
  {
    year: integer('year').notNull(), // the period ends on 14 Dec of this year
    internalDate: text('internal_date'),
    authorityDate: text('authority_date'),
    reference: text('reference'),
  },
  (t) => [uniqueIndex('annual_reports_org_year').on(t.organisationId, t.year)],
);

/** LVL-07: the yearly self-inspection notice to BCA of a level-5 / national-security-important system (before 1 Oct). */
export const selfInspectionNotices = sqliteTable(
  'self_inspection_notices',
  {
    id: serialId(),
    systemId: systemRef().notNull(),
    year: integer('year').notNull(),
    sentDate: text('sent_date').notNull(),
    reference: text('reference'),
    createdAt: stampedAt('created_at'),
  },
  (t) => [uniqueIndex('notices_system_year').on(t.systemId, t.year)],
);

export type ChecklistAnswerRow = typeof checklistAnswers.$inferSelect;
export type AnnualReportRow = typeof annualReports.$inferSelect;
export type SelfInspectionNoticeRow = typeof selfInspectionNotices.$inferSelect;

/** Bearer tokens of the read-only JSON API: per organisation (its subtree), stored hashed, revocable. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: serialId(),
    organisationId: organisationRef('organisation_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: userRef('created_by'),
    createdAt: stampedAt('created_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('api_tokens_org_idx').on(t.organisationId)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
