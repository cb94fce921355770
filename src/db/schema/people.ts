import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { organisationRecords, organisationRef } from './organisations.js';
import { systemRef } from './systems.js';
import { ownedRecords, searchText, serialId, stamps } from './columns.js';

/** People who administer or operate systems (cán bộ quản trị, vận hành). */
export const operators = sqliteTable(
  'operators',
  {
    id: serialId(),
    fullName: text('full_name').notNull(),
    organisationId: organisationRef('organisation_id').notNull(),
    position: text('position'),
    email: text('email'),
    phone: text('phone'),
    nationalId: text('national_id'), // optional; shown masked
    searchText: searchText(),
    ...stamps(),
  },
  (t) => [index('operators_org_idx').on(t.organisationId)],
);

/** The column naming the person a record belongs to: a person with records cannot be deleted. */
export const operatorRef = () => integer('operator_id').references(() => operators.id, { onDelete: 'restrict' });

/** A table of records that belong to one person: id, the person, its own columns, the stamps. */
export const operatorRecords = ownedRecords('operatorId', () => operatorRef().notNull());

export const ASSIGNMENT_ROLES = ['administrator', 'operator', 'security'] as const;

export const operatorAssignments = operatorRecords(
  'operator_assignments',
  {
    systemId: systemRef().notNull(),
    role: text('role', { enum: ASSIGNMENT_ROLES }).notNull(),
    fromDate: text('from_date').notNull(),
    toDate: text('to_date'),
  },
  (t) => [
    index('assignments_system_idx').on(t.systemId),
    index('assignments_operator_idx').on(t.operatorId),
    check('assignments_dates', sql`${t.toDate} IS NULL OR ${t.toDate} >= ${t.fromDate}`),
  ],
);

export const CERTIFICATE_KINDS = ['national_in_depth', 'international', 'other'] as const;
/** What the issuing body says of a certificate (the form's choices). */
export const CERTIFICATE_STATUSES = ['valid', 'suspended', 'revoked'] as const;
/** As stored: also `void`, a certificate entered by mistake and voided with a reason (it never counts). */
export const CERTIFICATE_RECORD_STATUSES = [...CERTIFICATE_STATUSES, 'void'] as const;

/** What the issuing body last said of a certificate, from which date and why (for a void entry: why it was voided). */
const statusAsOf = () => ({
  status: text('status', { enum: CERTIFICATE_RECORD_STATUSES }).notNull().default('valid'),
  statusDate: text('status_date'),
  statusReason: text('status_reason'),
});

export const certificates = operatorRecords(
  'certificates',
  {
    kind: text('kind', { enum: CERTIFICATE_KINDS }).notNull(),
    name: text('name').notNull(), // e.g. "Chứng nhận chuyên sâu ATTT", CISSP, CISM, CEH, OSCP, ISO 27001 LA
    number: text('number').notNull(),
    issuer: text('issuer').notNull(),
    issueDate: text('issue_date').notNull(),
    expiryDate: text('expiry_date'),
    ...statusAsOf(),
  },
  (t) => [
    index('certificates_operator_idx').on(t.operatorId),
    index('certificates_number_idx').on(t.number),
    // a number is unique per issuing body; a void entry (a mistake) frees its number for the correct one
    uniqueIndex('certificates_issuer_number_uq').on(t.issuer, t.number).where(sql`${t.status} <> 'void'`),
  ],
);

export const knowledgeUpdates = operatorRecords(
  'knowledge_updates',
  {
    date: text('date').notNull(),
    programme: text('programme').notNull(),
    hours: integer('hours').notNull(),
    organiser: text('organiser'),
  },
  (t) => [index('updates_operator_idx').on(t.operatorId, t.date)],
);

export const DRILL_KINDS = ['tabletop', 'technical', 'live'] as const;

/** Incident-response exercises (diễn tập), of an organisation and optionally of one system. */
export const drills = organisationRecords(
  'drills',
  {
    systemId: systemRef(), // set: one of the organisation's systems' (a project's); empty: the organisation's own
    date: text('date').notNull(),
    kind: text('kind', { enum: DRILL_KINDS }).notNull(),
    scenario: text('scenario').notNull(),
    participants: integer('participants'),
    organiser: text('organiser'),
    result: text('result'),
    lessons: text('lessons'),
  },
  (t) => [index('drills_org_idx').on(t.organisationId, t.date), index('drills_system_idx').on(t.systemId, t.date)],
);

/** IT budget and security spending of a year (VND, integers), per organisation or per system/project. */
export const budgets = organisationRecords(
  'budgets',
  {
    systemId: systemRef(), // set: one of the organisation's systems' (a project's); empty: the organisation's own
    year: integer('year').notNull(),
    itBudget: integer('it_budget').notNull(),
    securitySpending: integer('security_spending').notNull(),
    note: text('note'),
  },
  (t) => [
    // one row per organisation (system null) or per system, per year: a unique expression index in
    // drizzle/0004_budgets_unique.sql (drizzle-kit cannot generate expression indexes)
    index('budgets_org_year_idx').on(t.organisationId, t.year),
    check('budgets_amounts', sql`${t.itBudget} >= 0 AND ${t.securitySpending} >= 0`),
  ],
);

export type OperatorRow = typeof operators.$inferSelect;
export type AssignmentRow = typeof operatorAssignments.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
export type KnowledgeUpdateRow = typeof knowledgeUpdates.$inferSelect;
export type DrillRow = typeof drills.$inferSelect;
export type BudgetRow = typeof budgets.$inferSelect;
