// What organisations and systems submit to the authority: the annual report (REP-01) and the yearly
// self-inspection notice of level-5 / national-security-important systems (LVL-07).
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { annualReports, selfInspectionNotices, type AnnualReportRow, type SelfInspectionNoticeRow } from '../../db/schema/compliance.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import { todayIso } from '../../i18n/format.js';
import { assertCan, type Actor, getSystem } from '../access/index.js';
import { audit, diff } from '../audit/audit.service.js';
import { getOrganisation } from '../organisations/organisations.service.js';

export function reportsOf(db: Db, actor: Actor, organisationId: number): AnnualReportRow[] {
  getOrganisation(db, actor, organisationId);
  return db.select().from(annualReports).where(eq(annualReports.organisationId, organisationId)).orderBy(desc(annualReports.year)).all();
}

export function noticesOf(db: Db, actor: Actor, systemId: number): SelfInspectionNoticeRow[] {
  getSystem(db, actor, systemId);
  return db.select().from(selfInspectionNotices).where(eq(selfInspectionNotices.systemId, systemId)).orderBy(desc(selfInspectionNotices.year)).all();
}

export interface ReportInput { year: number; internalDate: string | null; authorityDate: string | null; reference: string | null }

/** One row per organisation and year: recording again updates it. */
export function recordAnnualReport(db: Db, actor: Actor, organisationId: number, input: ReportInput, today = todayIso()): AnnualReportRow {
  assertCan(actor, 'system.write');
  getOrganisation(db, actor, organisationId);
  const errors: FieldErrors = {};
  if (!input.internalDate && !input.authorityDate) errors.internalDate = 'sub.v.oneDate';
  for (const f of ['internalDate', 'authorityDate'] as const) {
    const v = input[f];
    if (v && v > today) errors[f] = 'v.future';
    // the period ends on 14 Dec of the year: a report dated before that is for an earlier period
    else if (v && v < `${input.year}-12-14`) errors[f] = 'sub.v.beforePeriodEnd';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction((tx) => {
    const before = tx.select().from(annualReports).where(and(eq(annualReports.organisationId, organisationId), eq(annualReports.year, input.year))).get();
    const row = before
      ? tx.update(annualReports).set({ ...input, updatedAt: new Date().toISOString() }).where(eq(annualReports.id, before.id)).returning().get()
      : tx.insert(annualReports).values({ organisationId, ...input }).returning().get();
    audit(tx, actor, {
      action: before ? 'update' : 'create', entityType: 'annual_report', entityId: row.id, organisationId,
      summary: String(input.year), changes: diff(before ?? null, row, ['year', 'internalDate', 'authorityDate', 'reference']),
    });
    return row;
  });
}

export function recordNotice(db: Db, actor: Actor, systemId: number, input: { year: number; sentDate: string; reference: string | null }, today = todayIso()): SelfInspectionNoticeRow {
  assertCan(actor, 'system.write');
  const s = getSystem(db, actor, systemId);
  const errors: FieldErrors = {};
  if (input.sentDate > today) errors.sentDate = 'v.future';
  if (input.sentDate.slice(0, 4) !== String(input.year)) errors.sentDate = 'sub.v.sameYear';
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return db.transaction((tx) => {
    const exists = tx.select().from(selfInspectionNotices).where(and(eq(selfInspectionNotices.systemId, systemId), eq(selfInspectionNotices.year, input.year))).get();
    if (exists) throw new ConflictError('sub.noticeExists', { year: input.year });
    const row = tx.insert(selfInspectionNotices).values({ systemId, ...input }).returning().get();
    audit(tx, actor, { action: 'create', entityType: 'self_inspection_notice', entityId: row.id, systemId, organisationId: s.operatorId, summary: String(input.year), changes: diff(null, row, ['year', 'sentDate', 'reference']) });
    return row;
  });
}
