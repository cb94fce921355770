// The exports as tables (a sheet name, columns with headers in the user's language, rows): the systems
// register, the gaps as of a date, what falls due (the calendar's list), the operator roster and the audit log. The routes send the
// same table as CSV (src/web/csv.ts) or XLSX (src/web/xlsx.ts). Every table holds only what the actor
// may see: the same visibility and filters as the page it comes from.
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { parseAuditQuery, type AuditKind } from '../audit/audit.service.js';
import { listSecurityEventsFor, securityEventColumns } from '../audit/security-events.service.js';
import { organisations } from '../../db/schema/organisations.js';
import { RULE_IDS, type EngineConfig } from '../../domain/rules/index.js';
import type { Locale, T } from '../../i18n/index.js';
import { formatDate, parseDateInput, todayIso } from '../../i18n/format.js';
import { transitionDeadline } from '../print/rule-dates.js';
import type { XlsxColumn, XlsxValue } from '../../web/xlsx.js';
import { subtreeIds, type Actor } from '../access/index.js';
import { auditCsvColumns, inWords, listAuditEntries, type AuditFilter } from '../audit/audit.service.js';
import { calendarService } from '../calendar/index.js';
import type { CalendarQuery } from '../calendar/calendar.schemas.js';
import { evaluate, evaluateAway, SEVERITIES } from '../evaluation/index.js';
import { decisionRegister } from '../levels/levels.service.js';
import { rosterRows } from '../operators/index.js';
import type { RosterQuery } from '../operators/operators.schemas.js';
import { IMPORT_SYSTEM_COLUMNS, systemAsFiled } from '../imports/index.js';
import { allListedSystems } from '../systems/systems.service.js';
import type { SystemListQuery } from '../systems/systems.schemas.js';
import { idFilter } from '../../web/forms.js';

export interface Table {
  name: string;
  columns: XlsxColumn[];
  rows: Array<Record<string, XlsxValue>>;
}

export interface Lang {
  t: T;
  locale: Locale;
}

/** Every row of an export, whatever the page size of the screen. */
export const MAX_ROWS = 50_000;
const CHUNK = 500; // bound parameters per IN (…)

/** A translated enum value, or the raw value when the dictionary has no entry for it. */
function label(t: T, key: string, raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw === '') return '';
  const s = t(key);
  return s === key ? raw : s;
}

/** The columns of a table: headers translated; the keys in `dates` hold ISO dates (real dates in Excel, dd/mm/yyyy in CSV). */
const cols = (t: T, prefix: string, keys: readonly string[], dates: readonly string[] = []): XlsxColumn[] =>
  keys.map((key) => ({ header: t(`${prefix}.${key}`), key, ...(dates.includes(key) ? { date: true } : {}) }));

function chunks<V>(values: readonly V[]): V[][] {
  const out: V[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

function orgsOf(db: Db, ids: readonly number[]): Map<number, { code: string; nameVi: string; nameEn: string | null }> {
  const found = new Map<number, { code: string; nameVi: string; nameEn: string | null }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = db.select({ id: organisations.id, code: organisations.code, nameVi: organisations.nameVi, nameEn: organisations.nameEn }).from(organisations).where(inArray(organisations.id, part)).all();
    for (const o of rows) found.set(o.id, o);
  }
  return found;
}

// ---- the systems register ----

/** The readable columns after the importer's: names and labels the importer ignores. */
const SYSTEM_READABLE_KEYS = [
  'owner', 'operator', 'securityUnit', 'type', 'sector', 'status', 'hostingLabel', 'regimeLabel', 'appraiser', 'appraisalDate',
  'nationalSecurityImportant', 'proposedLevel', 'dossier', 'dossierVersion', 'transition',
] as const;
const SYSTEM_READABLE_DATES = ['appraisalDate', 'transition'];

/**
 * Every system of the /systems list with its filters (no page), in the actor's visibility: the register
 * of docs/rules.md §9. First the columns of the import's systems sheet (its headers, in the user's
 * language; codes and raw values; the decision in force: level, regime, number, date, approver, security
 * regulation), so that the file imports back unchanged; then readable columns the importer ignores:
 * organisation names, labels, the appraisal, the dossier and its version, and the transition deadline of
 * the evaluation's LVL-06 as of today (1 Jan 2027 for a system still to be approved under Decree 85,
 * 1 Jul 2027 to meet Decree 331).
 */
export function systemsTable(db: Db, actor: Actor, q: SystemListQuery, cfg: EngineConfig, { t, locale }: Lang, asOf = todayIso()): Table {
  // the list page's filters and order (an organisation outside the actor's subtree is ignored, as on the page)
  const systems = allListedSystems(db, actor, q, (id) => subtreeIds(db, id), MAX_ROWS);
  const orgs = orgsOf(db, systems.flatMap((s) => [s.ownerId, s.operatorId, ...(s.securityUnitId === null ? [] : [s.securityUnitId])]));
  const nameOf = (id: number) => {
    const o = orgs.get(id);
    return o ? (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi) : '';
  };
  const codeOf = (id: number) => orgs.get(id)?.code ?? '';
  const decisions = decisionRegister(db, systems.map((s) => s.id), asOf);
  const results = new Map(evaluate(db, actor, { asOf }, cfg).systems.map((e) => [e.system.id, e.results]));
  const yesNo = [t('common.yes').toLowerCase(), t('common.no').toLowerCase()] as const;
  const filed: XlsxColumn[] = IMPORT_SYSTEM_COLUMNS.map((c) => ({ header: locale === 'en' && c.en ? c.en : c.header, key: c.key, ...(c.date ? { date: true } : {}) }));
  return {
    name: t('export.sheet.systems'),
    columns: [...filed, ...cols(t, 'export.sys', SYSTEM_READABLE_KEYS, SYSTEM_READABLE_DATES)],
    rows: systems.map((s) => {
      const reg = decisions.get(s.id);
      const d = reg?.inForce;
      const shown = d ?? reg?.latest;
      return {
        ...systemAsFiled(s, d, codeOf, yesNo),
        owner: nameOf(s.ownerId),
        operator: nameOf(s.operatorId),
        securityUnit: s.securityUnitId === null ? '' : nameOf(s.securityUnitId),
        type: label(t, `type.${s.systemType}`, s.systemType),
        sector: label(t, `sector.${s.prioritySector}`, s.prioritySector),
        status: label(t, `lifecycle.${s.lifecycleStatus}`, s.lifecycleStatus),
        hostingLabel: label(t, `hosting.${s.hosting}`, s.hosting),
        regimeLabel: d ? label(t, `level.regime.short.${d.regime}`, d.regime) : '',
        appraiser: d?.appraisalBody ?? '',
        appraisalDate: d?.appraisalDate ?? null,
        nationalSecurityImportant: t(s.nationalSecurityImportant ? 'common.yes' : 'common.no'),
        proposedLevel: reg?.latest?.proposedLevel ?? null,
        dossier: label(t, `dossier.${s.dossierStatus}`, s.dossierStatus),
        dossierVersion: shown ? (reg?.version.get(shown.id) ?? null) : null,
        transition: transitionDeadline(results.get(s.id) ?? [])?.dueDate ?? null,
      };
    }),
  };
}

// ---- the gaps as of a date ----

/** The /gaps query string (bad values ignored, as on the page). */
export const gapsQuery = z.object({
  org: idFilter,
  level: z.enum(['1', '2', '3', '4', '5', 'none']).optional().catch(undefined),
  rule: z.string().max(20).optional().catch(undefined),
  severity: z.enum(SEVERITIES).optional().catch(undefined),
  state: z.enum(['gap', 'due_soon']).optional().catch(undefined),
  asOf: z.string().max(20).optional().catch(undefined),
});
export type GapsQuery = z.infer<typeof gapsQuery>;

const GAP_KEYS = ['code', 'subject', 'kind', 'rule', 'title', 'state', 'severity', 'due', 'message', 'citation'] as const;

/** The date the gaps are evaluated on: the query's (dd/mm/yyyy or yyyy-mm-dd) when valid, else today. */
export function gapsAsOf(q: GapsQuery): string {
  return (q.asOf ? parseDateInput(q.asOf) : null) ?? todayIso();
}

export async function gapsTable(db: Db, actor: Actor, q: GapsQuery, cfg: EngineConfig, { t, locale }: Lang): Promise<Table> {
  const asOf = gapsAsOf(q);
  const orgIds = q.org !== undefined && actor.scope.has(q.org) ? subtreeIds(db, q.org) : undefined;
  const ev = await evaluateAway(db, actor, { asOf, orgIds }, cfg);
  const rule = q.rule && (RULE_IDS as readonly string[]).includes(q.rule) ? q.rule : undefined;
  const rows = ev.gapRows({ rule, severity: q.severity, state: q.state, level: q.level });
  const nameOf = (o: { nameVi: string; nameEn: string | null }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);
  return {
    name: t('export.sheet.gaps', { date: formatDate(asOf).replace(/\//g, '-') }),
    columns: cols(t, 'export.gap', GAP_KEYS, ['due']),
    rows: rows.map(({ result: r, system, organisation }) => {
      const subject = system ?? organisation!;
      return {
        code: subject.code,
        subject: nameOf(subject),
        kind: t(system ? 'export.gap.kind.system' : 'export.gap.kind.organisation'),
        rule: r.rule,
        title: t(`rule.${r.rule}.title`),
        state: label(t, `gaps.state.${r.state}`, r.state),
        severity: r.severity ? label(t, `sev.${r.severity}`, r.severity) : '',
        due: r.dueDate,
        message: t(r.messageKey, r.params),
        citation: r.citation,
      };
    }),
  };
}

// ---- what falls due ----

const DUE_KEYS = ['date', 'state', 'days', 'severity', 'rule', 'kind', 'what', 'systemCodes', 'systems', 'organisation', 'citation'] as const;

/**
 * The calendar page's list with its filters (organisation, kind), every page of it: the one due list of the
 * evaluation as of today — what falls due in the next 90 days and everything overdue, by date then severity.
 */
export function dueTable(db: Db, actor: Actor, q: CalendarQuery, cfg: EngineConfig, { t, locale }: Lang): Table {
  // an organisation outside the actor's subtree is ignored, as on the page
  const orgIds = q.org !== undefined && actor.scope.has(q.org) ? subtreeIds(db, q.org) : undefined;
  const items = calendarService.calendarItems(db, actor, cfg, { orgIds, kind: q.kind });
  const nameOf = (o: { nameVi: string; nameEn: string | null }) => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);
  return {
    name: t('export.sheet.due'),
    columns: cols(t, 'export.due', DUE_KEYS, ['date']),
    rows: items.slice(0, MAX_ROWS).map((i) => ({
      date: i.date,
      state: t(i.overdue ? 'cal.tag.overdue' : i.soon ? 'cal.tag.soon' : 'export.due.coming'),
      days: i.days,
      severity: label(t, `sev.${i.severity}`, i.severity),
      rule: i.rule,
      kind: t(`due.kind.${i.kind}`),
      what: t(i.messageKey, i.params),
      systemCodes: i.systems.map((s) => s.code).join('; '),
      systems: i.systems.map(nameOf).join('; '),
      organisation: i.organisation ? nameOf(i.organisation) : '',
      citation: i.citation,
    })),
  };
}

// ---- the operator roster ----

const ROSTER_KEYS = [
  'systemCode', 'systemName', 'operatorOrg', 'level', 'hr', 'fullName', 'role', 'certificate', 'expiry', 'daysToExpiry', 'lastUpdate', 'updateDue', 'updateState',
] as const;

/** One row per active person per level 3–5 system; a system with nobody assigned keeps one row that says so. */
export function rosterTable(db: Db, actor: Actor, q: RosterQuery, { t, locale }: Lang, asOf = todayIso()): Table {
  const stateLabel: Record<string, string> = { gap: t('gaps.state.gap'), due_soon: t('gaps.state.due_soon'), ok: t('dash.state.ok') };
  const rows: Table['rows'] = [];
  for (const row of rosterRows(db, actor, q, asOf)) {
    const s = row.system;
    const base = {
      systemCode: s.code,
      systemName: locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
      operatorOrg: locale === 'en' && s.operatorOrgNameEn ? s.operatorOrgNameEn : s.operatorOrgName,
      level: s.level,
      hr: row.hr.filter((r) => r.state in stateLabel).map((r) => `${r.rule}: ${stateLabel[r.state]}`).join('; '),
    };
    if (!row.people.length) rows.push({ ...base, fullName: t('export.op.noOne') });
    for (const p of row.people) {
      const r = p.readiness;
      const certDated = ['valid', 'expiring', 'expired'].includes(r.certificate);
      rows.push({
        ...base,
        fullName: p.fullName,
        role: label(t, `op.role.${p.role}`, p.role),
        certificate: label(t, `op.cert.${r.certificate}`, r.certificate),
        expiry: certDated ? r.expiryDate : null,
        daysToExpiry: certDated ? r.daysToExpiry : null,
        lastUpdate: r.lastUpdate,
        updateDue: r.updateDue,
        updateState: t(r.updateOk ? 'op.update.ok' : 'op.update.missing'),
      });
    }
  }
  return { name: t('export.sheet.roster'), columns: cols(t, 'export.op', ROSTER_KEYS, ['expiry', 'lastUpdate', 'updateDue']), rows };
}

// ---- the audit log ----

/** The /audit query string → the kind and the filter, with the audit page's own parser; `invalid` when a date is wrong. */
export function auditFilter(actor: Actor, query: Record<string, unknown>): { kind: AuditKind; filter: AuditFilter; invalid: boolean } {
  const { kind, filter, errors } = parseAuditQuery(actor.scope, query);
  return { kind, filter, invalid: Object.keys(errors).length > 0 };
}

/** The audit log in words, or its security events: the same columns as /audit.csv (one list each, in the audit module). */
export function auditTable(db: Db, actor: Actor, kind: AuditKind, filter: AuditFilter, { t, locale }: Lang): Table {
  const { header, cells } =
    kind === 'security'
      ? securityEventColumns(listSecurityEventsFor(db, actor, filter, MAX_ROWS, 0).rows, t)
      : auditCsvColumns(inWords(db, actor, listAuditEntries(db, actor, filter, MAX_ROWS, 0).rows, { t, locale }), t);
  return {
    name: t(kind === 'security' ? 'export.sheet.security' : 'export.sheet.audit'),
    columns: header.map((h, i) => ({ header: h, key: `c${i}` })),
    rows: cells.map((row) => Object.fromEntries(row.map((v, i) => [`c${i}`, v]))),
  };
}
