// The printable compliance checklist of one system: the data (printData, every read through the existing
// services, so the visibility rules are theirs) and one display model of it (printSheet), which both the
// HTML page and the PDF writer render, so the two always show the same thing.
import type { Db } from '../../db/client.js';
import type { LevelDecisionRow } from '../../db/schema/level-decisions.js';
import type { Organisation } from '../../db/schema/organisations.js';
import type { SystemRow } from '../../db/schema/systems.js';
import { AREAS, type Area, type CatalogueId, type ChecklistStats } from '../../domain/catalog/index.js';
import type { IndependenceIssue, LayerStatus } from '../../domain/protection.js';
import { SEVERITIES, type EngineConfig, type RuleResult } from '../../domain/rules/index.js';
import { formatDate, formatDateTime, todayIso } from '../../i18n/format.js';
import { citationIn } from '../../i18n/citation.js';
import type { Locale, T } from '../../i18n/index.js';
import type { Actor } from '../access/index.js';
import { assessmentsService, openFindingsOf, type OpenFinding } from '../assessments/index.js';
import { checklistView, type ChecklistRow } from '../checklists/checklists.service.js';
import { judgeSystemFor } from '../evaluation/index.js';
import { evidenceService, type ItemEvidence } from '../evidence/index.js';
import { systemLevels } from '../levels/levels.service.js';
import { systemOperators, type SystemOperator } from '../operators/index.js';
import { protectionView, type ProtectionView } from '../protection/protection.service.js';
import { getSystem } from '../access/index.js';
import { findOrganisation } from '../organisations/organisations.service.js';
import { nation, orgName, placeDate } from './official.js';
import { nextAssessment, transitionDeadline } from './rule-dates.js';
import type { OfficialHeader } from './official.js';

/** How many of the latest assessments the sheet lists. */
export const LATEST_ASSESSMENTS = 5;

type ListedAssessment = ReturnType<typeof assessmentsService.listAssessments>['assessments'][number];

export interface PrintData {
  asOf: string;
  printedAt: string; // ISO timestamp
  system: SystemRow;
  orgs: Map<number, Organisation>;
  approved: LevelDecisionRow | undefined;
  pending: LevelDecisionRow | undefined;
  protection: Pick<ProtectionView, 'current' | 'statuses' | 'independence' | 'regime'>;
  assessments: ListedAssessment[]; // the latest, newest first
  assessmentCount: number;
  findings: OpenFinding[];
  operators: SystemOperator[]; // active assignments
  checklist: {
    level: number | null;
    provisional: boolean;
    catalogue: CatalogueId | null;
    unverified: boolean;
    stats: ChecklistStats | null;
    rows: ChecklistRow[];
    /** the evidence attached to each item (item id → evidence), validity as of asOf */
    evidence: ReadonlyMap<string, readonly ItemEvidence[]>;
  };
  gaps: readonly RuleResult[]; // gap and due_soon, gaps first, the most severe first
  /** every rule result of the evaluation (the next assessment and the transition deadline come from here) */
  results: readonly RuleResult[];
  /** the operator, who prepares the sheet, and its parent: the issuing body of the national header */
  operator: Organisation | undefined;
  operatorParent: Organisation | undefined;
}

const severityRank = (r: RuleResult) => (r.severity ? SEVERITIES.indexOf(r.severity) : SEVERITIES.length);

/** Everything the sheet shows, for a system the actor may see (404 otherwise, from getSystem). */
export function printData(db: Db, actor: Actor, systemId: number, engine: EngineConfig, asOf: string = todayIso(), now: Date = new Date()): PrintData {
  const system = getSystem(db, actor, systemId);
  const levels = systemLevels(db, actor, system.id, asOf);
  const protection = protectionView(db, actor, system.id, asOf);
  const { assessments } = assessmentsService.listAssessments(db, actor, system.id, asOf);
  const people = systemOperators(db, actor, system.id, asOf);
  const chk = checklistView(db, actor, system.id, 'all');
  const evidence = chk.catalogue ? evidenceService.evidenceByItem(db, actor, system.id, chk.catalogue, asOf, engine.dueSoonDays) : new Map<string, ItemEvidence[]>();
  const operator = findOrganisation(db, system.operatorId);
  const results = judgeSystemFor(db, actor, system.id, asOf, engine).results;
  const gaps = results
    .filter((r) => r.state === 'gap' || r.state === 'due_soon')
    .sort((a, b) => (a.state === 'gap' ? 0 : 1) - (b.state === 'gap' ? 0 : 1) || severityRank(a) - severityRank(b) || a.rule.localeCompare(b.rule));
  return {
    asOf,
    printedAt: now.toISOString(),
    system,
    orgs: protection.orgs,
    approved: levels.approved,
    pending: levels.pending,
    protection: { current: protection.current, statuses: protection.statuses, independence: protection.independence, regime: protection.regime },
    assessments: assessments.slice(0, LATEST_ASSESSMENTS),
    assessmentCount: assessments.length,
    findings: openFindingsOf(db, actor, system.id, asOf),
    operators: people.operators.filter((o) => o.active),
    checklist: {
      level: chk.level, provisional: chk.provisional, catalogue: chk.catalogue, unverified: chk.unverified, stats: chk.stats, rows: chk.rows, evidence,
    },
    gaps,
    results,
    operator,
    operatorParent: operator?.parentId ? findOrganisation(db, operator.parentId) : undefined,
  };
}

// ---- the display model ----

export interface SheetRow {
  cells: string[];
  /** a group heading spanning the table */
  group?: boolean;
  /** drawn emphasised (overdue, gap) */
  strong?: boolean;
  /** a short line in smaller type under one cell's text (the evidence under a checklist item) */
  sub?: { col: number; text: string };
}

export interface SheetTable {
  caption?: string;
  head: string[];
  /** relative column widths */
  widths: number[];
  /** columns that are a tick box, centred */
  boxes?: number[];
  /** columns never wrapped (item ids, codes): as wide as their longest value */
  nowrap?: number[];
  rows: SheetRow[];
}

export interface SheetSection {
  id: string;
  title: string;
  notes: string[];
  tables: SheetTable[];
  /** shown when there is no table row at all */
  empty: string;
}

export interface Sheet {
  lang: Locale;
  title: string;
  systemName: string;
  systemNameOther: string | null;
  code: string;
  printedAt: string; // dd/mm/yyyy HH:mm
  asOf: string; // dd/mm/yyyy
  /** the national header: the operator as the issuing body, Quốc hiệu and Tiêu ngữ, place and date */
  official: OfficialHeader;
  header: Array<{ label: string; value: string }>;
  sections: SheetSection[];
  signatures: Array<{ role: string; hint: string; date: string }>;
}

export const BOX_ON = '☑';
export const BOX_OFF = '☐';

/** dd/mm/yyyy for the date parameters of rule messages (the engine already formats its own). */
const fmtParams = (ps: Record<string, string | number> | undefined) =>
  Object.fromEntries(Object.entries(ps ?? {}).map(([k, v]) => [k, /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? formatDate(String(v)) : v]));

/**
 * "Minh chứng: A; B (hết hạn 31/10/2026)": the titles of the evidence attached to a checklist item, each
 * with its validity on the paper's date; null when none is attached.
 */
export function evidenceLine(list: readonly ItemEvidence[] | undefined, t: T): string | null {
  if (!list?.length) return null;
  const validity = (e: ItemEvidence): string | null => {
    const { validFrom, validUntil } = e.evidence;
    switch (e.state) {
      case 'expired': return t('print.evidence.expired', { date: formatDate(validUntil) });
      case 'not_yet': return t('print.evidence.from', { date: formatDate(validFrom) });
      case 'ending': return t('print.evidence.ending', { date: formatDate(validUntil) });
      case 'valid': return validUntil ? t('print.evidence.until', { date: formatDate(validUntil) }) : null;
    }
  };
  return t('print.evidence', { list: list.map((e) => {
    const v = validity(e);
    return v ? `${e.evidence.title} (${v})` : e.evidence.title;
  }).join('; ') });
}

const join = (parts: Array<string | null | undefined | false>) => parts.filter((p): p is string => !!p).join(' · ');

/**
 * A section's one table, a row of `cells` per item (drawn emphasised where `strong` says so), or no table
 * when there are no items (the section then says its `empty` line).
 */
function tableOf<X>(
  items: readonly X[],
  layout: Pick<SheetTable, 'head' | 'widths'> & { strong: (x: X) => boolean },
  cells: (x: X) => string[],
): SheetTable[] {
  const { strong, ...columns } = layout;
  return items.length ? [{ ...columns, rows: items.map((x) => ({ cells: cells(x), strong: strong(x) })) }] : [];
}

function layerRows(d: PrintData, t: T, org: (id: number | null) => string): SheetRow[] {
  const { current, statuses } = d.protection;
  const period = (from: string | null, to: string | null) =>
    from || to ? t('print.period', { from: formatDate(from) || '…', to: to ? formatDate(to) : t('prot.openEnded') }) : null;
  const l1 = current.layer1;
  const l2 = current.layer2;
  const l3 = current.layer3;
  const l4 = current.layer4;
  const details: string[] = [
    l1 ? t('print.l1', { number: l1.decisionNumber, date: formatDate(l1.decisionDate), org: org(l1.securityUnitId) }) : t('prot.layer1.missing'),
    l2
      ? join([
        l2.mode === 'self' ? t('print.l2.self') : org(l2.providerId),
        l2.socName, l2.contractNumber && `${t('prot.contract')} ${l2.contractNumber}`, period(l2.startDate, l2.endDate),
      ])
      : t('prot.layer2.missing'),
    l3
      ? join([org(l3.assessorId), t(`prot.assessorKind.${l3.assessorKind}`), l3.contractNumber && `${t('prot.contract')} ${l3.contractNumber}`, period(l3.startDate, l3.endDate)])
      : t('prot.layer3.missing'),
    l4
      ? join([t(`prot.centre.${l4.centre}`), t(`prot.connection.${l4.status}`), l4.connectionDate && formatDate(l4.connectionDate)])
      : t('prot.layer4.missing'),
  ];
  return ([1, 2, 3, 4] as const).map((n, i) => {
    const status: LayerStatus = statuses[i] ?? 'missing';
    return { cells: [String(n), t(`prot.layer${n}`), t(`prot.status.${status}`), details[i] ?? ''], strong: status !== 'in_place' };
  });
}

function checklistTables(d: PrintData, t: T, locale: Locale): SheetTable[] {
  const byArea = new Map<Area, ChecklistRow[]>();
  for (const r of d.checklist.rows) byArea.set(r.item.area, [...(byArea.get(r.item.area) ?? []), r]);
  return AREAS.filter((a) => byArea.has(a)).map((area) => {
    const rows: SheetRow[] = [];
    let group: string | null = null;
    for (const r of byArea.get(area) ?? []) {
      if (r.item.group !== group) {
        group = r.item.group;
        // a group of one item named like the group (the TCVN 14423 outline) needs no heading row
        const title = locale === 'en' ? r.item.group : r.item.group_vi;
        if (title !== (locale === 'en' ? r.item.title_en : r.item.title_vi)) rows.push({ cells: [title], group: true });
      }
      const sub = evidenceLine(d.checklist.evidence.get(r.item.id), t);
      rows.push({
        ...(sub ? { sub: { col: 1, text: sub } } : {}),
        cells: [
          r.item.id,
          locale === 'en' ? r.item.title_en : r.item.title_vi,
          `${r.status === 'met' ? BOX_ON : BOX_OFF} ${t(`chk.status.${r.status}`)}`,
          r.answer?.note ?? '',
          BOX_OFF,
        ],
        strong: r.status === 'not_met' || r.status === 'partly_met',
      });
    }
    return {
      caption: t(`chk.area.${area}`),
      head: [t('chk.item'), t('chk.requirement'), t('print.col.recorded'), t('chk.note'), t('print.col.check')],
      widths: [9, 45, 17, 22, 7],
      boxes: [4],
      nowrap: [0],
      rows,
    };
  });
}

/** ASM-01/ASM-02 of the evaluation: the date the next periodic assessment is due, or why none is. */
function assessmentDue(results: readonly RuleResult[], t: T): string {
  const r = nextAssessment(results);
  if (!r) return t('print.noAssessmentDue');
  if (!r.dueDate) return t(`gaps.state.${r.state}`);
  return r.state === 'gap' ? t('print.assessmentOverdue', { date: formatDate(r.dueDate), rule: r.rule }) : t('print.assessmentDue', { date: formatDate(r.dueDate), rule: r.rule });
}

function transition(results: readonly RuleResult[], t: T): string {
  const r = transitionDeadline(results);
  if (!r) return t('print.noTransition');
  return join([formatDate(r.dueDate), r.state === 'gap' ? t('print.missed') : r.state === 'due_soon' ? t('gaps.state.due_soon') : null, t(r.messageKey, fmtParams(r.params))]);
}

/** The sheet in one locale: every label and value as text, in the order printed. */
export function printSheet(d: PrintData, t: T, locale: Locale): Sheet {
  const orgRow = (id: number | null | undefined) => (id === null || id === undefined ? undefined : d.orgs.get(id));
  const org = (id: number | null | undefined) => {
    const o = orgRow(id);
    return o ? (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi) : '';
  };
  const s = d.system;
  const a = d.approved;
  const regime = a?.regime ?? d.pending?.regime ?? d.protection.regime;
  const levelText = a
    ? t('print.levelN', { n: a.proposedLevel })
    : join([t('system.noLevel'), d.pending && t('print.proposedLevel', { n: d.pending.proposedLevel, status: t(`dossier.${d.pending.dossierStatus}`) })]);

  const header = [
    { label: t('system.owner'), value: org(s.ownerId) },
    { label: t('system.operator'), value: org(s.operatorId) },
    { label: t('system.securityUnit'), value: org(s.securityUnitId) || t('common.notSet') },
    { label: t('system.name'), value: locale === 'en' && s.nameEn ? s.nameEn : s.nameVi },
    { label: t('system.code'), value: s.code },
    { label: t('system.lifecycleStatus'), value: t(`lifecycle.${s.lifecycleStatus}`) },
    { label: t('system.level'), value: levelText },
    { label: t('level.regime'), value: t(`level.regime.${regime}`) },
    {
      label: t('print.decision'),
      value: a?.approvalNumber ? join([t('print.decisionValue', { number: a.approvalNumber, date: formatDate(a.approvalDate) }), a.approvingBody]) : t('common.notSet'),
    },
    { label: t('print.appraiser'), value: a ? (join([a.appraisalBody, a.appraisalRef && t('print.appraisalRef', { ref: a.appraisalRef }), formatDate(a.appraisalDate)]) || t('print.noAppraisal')) : t('common.notSet') },
    {
      label: t('dossier.regulation'),
      value: a?.regulationNumber ? t('print.decisionValue', { number: a.regulationNumber, date: formatDate(a.regulationDate) }) : t('dossier.regulationMissing'),
    },
    { label: t('print.nextAssessment'), value: assessmentDue(d.results, t) },
    { label: t('print.transition'), value: transition(d.results, t) },
  ];

  /** A section of the sheet, titled from its id (print.section.<id>). */
  const section = (id: string, content: Omit<SheetSection, 'id' | 'title'>): SheetSection => ({ id, title: t(`print.section.${id}`), ...content });

  const layers = section('layers', {
    notes: d.protection.independence.map((i: IndependenceIssue) => t('print.independence', { rule: i.rule, reason: t(`prot.reason.${i.reason}`) })),
    tables: [{ head: [t('prot.layer'), t('print.col.what'), t('chk.status'), t('print.col.detail')], widths: [7, 30, 16, 47], rows: layerRows(d, t, org) }],
    empty: t('print.none'),
  });

  const assessments = section('assessments', {
    notes: d.assessmentCount > d.assessments.length ? [t('print.moreAssessments', { n: d.assessments.length, total: d.assessmentCount })] : [],
    tables: tableOf(d.assessments, {
      head: [t('assessment.kind'), t('assessment.performedDate'), t('assessment.assessor'), t('assessment.result'), t('print.col.openFindings')],
      widths: [20, 16, 34, 18, 12],
      strong: (x) => x.result === 'failed',
    }, (x) => [
      t(`assessment.kind.${x.kind}`),
      formatDate(x.performedDate) || join([t('assessment.plannedDate'), formatDate(x.plannedDate)]),
      locale === 'en' && x.assessorNameEn ? x.assessorNameEn : x.assessorName,
      x.result ? t(`assessment.result.${x.result}`) : t('assessment.result.pending'),
      String(x.openFindings),
    ]),
    empty: t('assessment.none'),
  });

  const findings = section('findings', {
    notes: [],
    tables: tableOf(d.findings, {
      head: [t('finding.severity'), t('finding.name'), t('finding.dueDate'), t('finding.status'), t('finding.assessment')],
      widths: [13, 37, 16, 14, 20],
      strong: (f) => f.overdue,
    }, (f) => [
      t(`finding.severity.${f.severity}`),
      join([f.title, f.requirementId]),
      join([formatDate(f.dueDate) || t('common.none'), f.overdue && t('finding.overdue')]),
      t(`finding.status.${f.status}`),
      join([t(`assessment.kind.${f.assessment.kind}`), formatDate(f.assessment.performedDate), locale === 'en' && f.assessment.assessorNameEn ? f.assessment.assessorNameEn : f.assessment.assessorName]),
    ]),
    empty: t('finding.noneOpen'),
  });

  const operators = section('operators', {
    notes: [],
    tables: tableOf(d.operators, {
      head: [t('op.fullName'), t('op.role'), t('op.position'), t('print.col.certificate'), t('print.col.update'), t('op.period')],
      widths: [20, 14, 16, 20, 14, 16],
      strong: (o) => o.readiness.certificate !== 'valid' && o.readiness.certificate !== 'expiring',
    }, (o) => [
      o.fullName,
      t(`op.role.${o.role}`),
      o.position ?? '',
      join([t(`op.cert.${o.readiness.certificate}`), o.readiness.expiryDate && t('print.expires', { date: formatDate(o.readiness.expiryDate) })]),
      o.readiness.updateOk ? join([t('op.update.ok'), formatDate(o.readiness.lastUpdate)]) : t('op.update.missing'),
      t('print.period', { from: formatDate(o.fromDate), to: o.toDate ? formatDate(o.toDate) : t('op.ongoing') }),
    ]),
    empty: t('op.system.none'),
  });

  const c = d.checklist;
  const checklist = section('checklist', {
    notes: c.level === null || !c.catalogue
      ? []
      : [
        join([t('chk.basis', { level: c.level, regime: t(`level.regime.short.${regime}`) }), t('chk.catalogue') + ': ' + c.catalogue.toUpperCase(), c.provisional && t('chk.provisional')]),
        ...(c.provisional ? [t('chk.provisionalNote')] : []),
        ...(c.unverified ? [t('chk.unverifiedNote')] : []),
        ...(c.stats
          ? [t('print.stats', {
            total: c.stats.applicable, met: c.stats.met, partly: c.stats.partlyMet, notMet: c.stats.notMet,
            na: c.stats.notApplicable, notAssessed: c.stats.notAssessed, percent: c.stats.percentMet,
          })]
          : []),
        t('print.legend'),
      ],
    tables: checklistTables(d, t, locale),
    empty: c.level === null ? t('print.noLevelChecklist') : t('print.none'),
  });

  const gaps = section('gaps', {
    notes: [],
    tables: tableOf(d.gaps, {
      head: [t('gaps.rule'), t('print.col.what'), t('print.col.severity'), t('gaps.citation')],
      widths: [10, 48, 16, 26],
      strong: (r) => r.state === 'gap',
    }, (r) => [
      r.rule,
      `${t(`rule.${r.rule}.title`)} — ${t(r.messageKey, fmtParams(r.params))}`,
      join([r.state === 'gap' ? t(`sev.${r.severity ?? 'low'}`) : t('gaps.state.due_soon'), r.dueDate && `${t('gaps.due')}: ${formatDate(r.dueDate)}`]),
      citationIn(r.citation, locale),
    ]),
    empty: t('gaps.system.none'),
  });

  const issuer = d.operator ?? { nameVi: '', nameEn: null, address: null };
  return {
    lang: locale,
    official: {
      parent: d.operatorParent ? orgName(d.operatorParent, locale) : null,
      issuer: orgName(issuer, locale),
      number: null,
      ...nation(t),
      placeDate: placeDate(issuer.address, d.asOf, t),
    },
    title: t('print.title'),
    // in English the English name where there is one, with no Vietnamese beside it
    systemName: locale === 'en' && s.nameEn ? s.nameEn : s.nameVi,
    systemNameOther: null,
    code: s.code,
    printedAt: formatDateTime(d.printedAt),
    asOf: formatDate(d.asOf),
    header,
    sections: [layers, assessments, findings, operators, checklist, gaps],
    signatures: (['prepared', 'checked', 'approved'] as const).map((k) => ({ role: t(`print.sign.${k}`), hint: t('print.sign.hint'), date: t('print.sign.date') })),
  };
}
