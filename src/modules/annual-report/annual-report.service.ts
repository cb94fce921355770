// The annual report of an organisation (REP-01): per period 15 Dec (Y−1) – 14 Dec (Y), for the
// organisation's subtree, as of the period end (or today while the period is running). Plain data, no
// i18n and no HTML, so the screen (views/annual-report/show.ejs) and a PDF writer can share it.
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { offThread } from '../../db/worker-pool.js';
import { assessments, findings } from '../../db/schema/assessments.js';
import { unpackTally } from '../../db/checklist-tallies.js';
import { checklistTallies } from '../../db/schema/checklist-tallies.js';
import { checklistAnswers, type AnnualReportRow } from '../../db/schema/compliance.js';
import { organisations, type Organisation } from '../../db/schema/organisations.js';
import { budgets, drills } from '../../db/schema/people.js';
import { systems } from '../../db/schema/systems.js';
import { catalogueFor, findItem } from '../../domain/catalog/index.js';
import type { Regime } from '../../domain/level-criteria.js';
import { budgetState, securityPercent } from '../../domain/readiness.js';
import { SEVERITIES, engineConfig, reportDeadlines, type EngineConfig, type RuleId, type RuleResult, type Severity } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { can } from '../../domain/permissions.js';
import { subtreeIds, type Actor } from '../access/index.js';
import { evaluate, type EvaluatedSystem, type Evaluation } from '../evaluation/index.js';
import { decisionRegister } from '../levels/levels.service.js';
import { reportBasis, type ReportBasis } from '../print/official.js';
import { rosterRows } from '../operators/index.js';
import { findOrganisation, getOrganisation } from '../organisations/organisations.service.js';
import { organisationReadiness, type CitedResult } from '../readiness/readiness.service.js';
import { reportsOf } from '../submissions/submissions.service.js';
import { visibleSystems } from '../systems/systems.service.js';

/** The first year a report can be asked for (the budgets' first year too). */
export const FIRST_REPORT_YEAR = 2015;

export interface Period {
  year: number;
  /** 15 Dec of the year before */
  from: string;
  /** 14 Dec of the year */
  to: string;
  /** internal report due (20 Dec) */
  internalDue: string;
  /** report to the authority due (25 Dec) */
  authorityDue: string;
  /**
   * the law the report answers to: Decree 331/2026 (its Mẫu 08, to the Ministry of Public Security) for a
   * report due after 19 Aug 2026; before, Circular 12/2022 Art 13 (to the Ministry of Information and
   * Communications)
   */
  basis: ReportBasis;
}

export function periodOf(year: number): Period {
  const d = reportDeadlines(year);
  return { year, from: d.from, to: d.to, internalDue: d.internal, authorityDue: d.authority, basis: reportBasis(d.authority) };
}

/**
 * The default year: the period containing today. Until 14 Dec it is this year's; from 15 Dec it is
 * the period that ends on 14 Dec next year (the just-ended one stays one click away: ?year=Y).
 */
export function defaultYear(today: string = todayIso()): number {
  const y = Number(today.slice(0, 4));
  return today.slice(5) >= '12-15' ? y + 1 : y;
}

/** A year the report can be shown for: FIRST_REPORT_YEAR up to the period containing today; null otherwise. */
export function parseYear(raw: unknown, today: string = todayIso()): number | null {
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw)) return null;
  const y = Number(raw);
  return y >= FIRST_REPORT_YEAR && y <= defaultYear(today) ? y : null;
}

export const LEVELS = [1, 2, 3, 4, 5] as const;
export const DOSSIER_KEYS = ['approved', 'appraised', 'submitted', 'draft', 'rejected', 'none'] as const;
export type DossierKey = (typeof DOSSIER_KEYS)[number];
export const LIFECYCLE_KEYS = ['in_operation', 'under_construction', 'planned', 'decommissioned'] as const;

export type StateCounts = Record<'ok' | 'due_soon' | 'gap' | 'n/a', number>;
const zeroCounts = (): StateCounts => ({ ok: 0, due_soon: 0, gap: 0, 'n/a': 0 });

export interface ReportSystem {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  ownerName: string;
  operatorName: string;
  lifecycleStatus: EvaluatedSystem['lifecycleStatus'];
  /** the approved level in force as of the report date */
  level: number | null;
  /** the newest dossier's status today (not as of the report date) */
  dossier: DossierKey;
  /** per rule of interest: its state as of the report date */
  states: Partial<Record<RuleId, RuleResult['state']>>;
  gaps: number;
  securityUnitName: string | null;
  /** the newest decision's proposed level (a proposal under way, or the one in force) */
  proposedLevel: number | null;
  /** the decision in force as of the report date */
  regime: Regime | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  appraiser: string | null;
  appraisalDate: string | null;
  regulationNumber: string | null;
  regulationDate: string | null;
  nationalSecurityImportant: boolean;
  /** why the system may belong on the national-security-important list; empty when it may not */
  nsGrounds: NsGround[];
  /** the security plan's deployment, from CHK-01 of the evaluation */
  deployment: Deployment;
  checklist: { applicable: number; met: number; partlyMet: number; notMet: number; notAssessed: number; percent: number } | null;
}

/** Grounds for the list of systems important to national security (Decree 331/2026 Art 16–17; every level 5 is on it). */
export type NsGround = 'flagged' | 'level5' | 'proposed';

/**
 * The security plan's deployment against the approved level's requirements: every applicable requirement
 * met ('full'), some met or partly met ('partial'), none ('none'), or no approved level to measure against.
 */
export type Deployment = 'full' | 'partial' | 'none' | 'n/a';
export const DEPLOYMENTS = ['full', 'partial', 'none', 'n/a'] as const satisfies readonly Deployment[];

/** One requirement of an approved plan that is not (fully) met, and what is planned for it. */
export interface RequirementLine {
  systemId: number;
  systemCode: string;
  itemId: string;
  titleVi: string;
  titleEn: string;
  status: 'partly_met' | 'not_met';
  note: string | null;
  /** the earliest due date of an open assessment finding on this requirement */
  findingDue: string | null;
  findingTitle: string | null;
}

export interface LevelRow {
  /** null: no approved level */
  level: number | null;
  total: number;
  byLifecycle: Record<(typeof LIFECYCLE_KEYS)[number], number>;
}

export interface RuleSummary {
  rule: RuleId;
  counts: StateCounts;
  /** systems (or organisations) with the rule applicable: everything but n/a */
  required: number;
}

export interface AssessmentLine {
  id: number;
  systemId: number;
  systemCode: string;
  systemName: string;
  systemNameEn: string | null;
  assessorName: string;
  assessorNameEn: string | null;
  kind: string;
  performedDate: string;
  result: string | null;
  reportedDate: string | null;
}

export interface DrillLine {
  id: number;
  date: string;
  kind: string;
  scenario: string;
  participants: number | null;
  organisationName: string;
  organisationNameEn: string | null;
  systemCode: string | null;
}

export interface BudgetLine {
  id: number;
  organisationId: number;
  organisationName: string;
  organisationNameEn: string | null;
  systemCode: string | null;
  itBudget: number;
  securitySpending: number;
  percent: number | null;
  state: 'ok' | 'gap' | 'n/a';
}

export interface OperatorLine {
  systemId: number;
  systemCode: string;
  systemName: string;
  systemNameEn: string | null;
  level: number;
  people: number;
  /** people whose counting certificate is valid or expiring as of the report date */
  certified: number;
  /** people whose knowledge update is current */
  updated: number;
  hr01: RuleResult['state'] | null;
}

export interface GapLine {
  subject: { kind: 'system'; id: number; code: string; nameVi: string; nameEn: string | null } | { kind: 'organisation'; id: number; code: string; nameVi: string; nameEn: string | null };
  result: RuleResult;
}

export interface GapGroup {
  rule: RuleId;
  gaps: number;
  dueSoon: number;
  worst: Severity | null;
}

export interface AnnualReport {
  organisation: Organisation;
  period: Period;
  /** the date the data is taken as of: the period end, or today while the period runs */
  asOf: string;
  /** the period has not ended yet: figures are provisional */
  provisional: boolean;
  orgCount: number;
  systems: ReportSystem[];
  /** section 1 */
  byLevel: LevelRow[];
  byDossier: Record<DossierKey, number>;
  /** section 2: L4-1…L4-4 over the systems */
  layers: RuleSummary[];
  /** section 2: the plan's deployment per system (counts) and the requirements not (fully) met, with their roadmap */
  deployment: Record<Deployment, number>;
  /** the first REPORT_ROWS of them, and how many there are */
  requirements: RequirementLine[];
  requirementsTotal: number;
  /** section 1: the systems with grounds for the national-security-important list */
  nsCandidates: ReportSystem[];
  /** section 3 */
  assessmentRules: RuleSummary[];
  /** systems owing periodic assessments (ASM-01, ASM-02) and those with no missed cycle (docs/rules.md §5: independent ones only) */
  assessed: { required: number; met: number };
  assessments: AssessmentLine[];
  /** section 4 */
  operators: { rows: OperatorLine[]; people: number; certified: number; hr01: StateCounts };
  /** section 5 */
  drills: DrillLine[];
  drillRule: CitedResult | null;
  /** section 6: the organisations' and systems' figures for the year */
  /**
   * section 6: `own` is the organisation's own budget line (what BUD-01 judges for it); the totals add
   * up the own budgets of the organisation and every unit below it (projects are part of their owners')
   */
  budgets: {
    rows: BudgetLine[];
    own: BudgetLine | null;
    itBudget: number;
    securitySpending: number;
    percent: number | null;
    state: 'ok' | 'gap' | 'n/a';
  };
  budgetRule: CitedResult | null;
  /** section 7: gaps and things due soon as of the report date, worst first */
  gapGroups: GapGroup[];
  /** the first REPORT_ROWS of them (gapTotals counts them all) */
  gaps: GapLine[];
  /** the same totals as the dashboard's and the gaps page's for this scope and date */
  gapTotals: { gaps: number; dueSoon: number };
  /** the submission as recorded (POST /organisations/:id/annual-reports) */
  submission: AnnualReportRow | null;
  /** whether the actor may record the submission, and from when the dates are accepted (14 Dec) */
  canRecord: boolean;
  recordableFrom: string;
}

const LAYER_RULES = ['L4-1', 'L4-2', 'L4-3', 'L4-4'] as const satisfies readonly RuleId[];
const ASSESSMENT_RULES = ['ASM-01', 'ASM-02'] as const satisfies readonly RuleId[];
const KEPT_RULES: readonly RuleId[] = [...LAYER_RULES, ...ASSESSMENT_RULES, 'HR-01', 'DRL-01', 'BUD-01', 'LVL-01'];
const sevRank = (s: Severity | null) => (s === null ? SEVERITIES.length : SEVERITIES.indexOf(s));
const isProblem = (r: RuleResult) => r.state === 'gap' || r.state === 'due_soon';

function summarise(rule: RuleId, results: Array<RuleResult | undefined>): RuleSummary {
  const counts = zeroCounts();
  for (const r of results) if (r) counts[r.state] += 1;
  return { rule, counts, required: counts.ok + counts.due_soon + counts.gap };
}

/**
 * The one evaluation the report reads: the same (cached) evaluation as the dashboard and the gaps page
 * for the same scope and date, so the three give the same numbers.
 */
function evaluationOf(db: Db, actor: Actor, asOf: string, orgIds: readonly number[], engine?: Partial<EngineConfig>): Evaluation {
  return evaluate(db, actor, { asOf, orgIds }, engineConfig(engine));
}

const CHUNK = 500; // bound parameters per IN (…)
function chunked<V>(values: readonly V[]): V[][] {
  const out: V[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

function orgNames(db: Db, ids: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const part of chunked([...new Set(ids)])) {
    for (const o of db.select({ id: organisations.id, nameVi: organisations.nameVi }).from(organisations).where(inArray(organisations.id, part)).all()) out.set(o.id, o.nameVi);
  }
  return out;
}

/** CHK-01's counts → the plan's deployment. */
function deploymentOf(r: RuleResult | undefined): { deployment: Deployment; checklist: ReportSystem['checklist'] } {
  if (!r || r.state === 'n/a' || !r.params) return { deployment: 'n/a', checklist: null };
  const n = (k: string) => Number(r.params?.[k] ?? 0);
  const checklist = { applicable: n('applicable'), met: n('met'), partlyMet: n('partlyMet'), notMet: n('notMet'), notAssessed: n('notAssessed'), percent: n('percent') };
  const open = checklist.notMet + checklist.partlyMet + checklist.notAssessed;
  return { deployment: open === 0 ? 'full' : checklist.met + checklist.partlyMet > 0 ? 'partial' : 'none', checklist };
}

/**
 * The requirements of each system's approved plan answered "partly met" or "not met", with the roadmap the
 * registry knows: the answer's note and the earliest due date of an open finding on the same requirement.
 * Only the first `limit` lines in the report's order (system code, roadmap date, item) are read — a province
 * has about a million, which no document lists (the checklist export has them) — and `total` counts them
 * all from the checklist tallies SQLite keeps per system and level.
 */
function requirementLines(db: Db, systems: readonly ReportSystem[], limit: number): { lines: RequirementLine[]; total: number } {
  const withPlan = systems.filter((s) => s.regime !== null && s.level !== null).sort((a, b) => a.code.localeCompare(b.code));
  const byId = new Map(withPlan.map((s) => [s.id, s]));
  const due = new Map<string, { date: string; title: string }>();
  const lines: RequirementLine[] = [];
  // by systems in code order: once a part has brought `limit` lines, the later systems' lines come after them
  for (const part of chunked(withPlan.map((s) => s.id))) {
    if (lines.length >= limit) break;
    const open = db
      .select({ systemId: findings.systemId, requirementId: findings.requirementId, dueDate: findings.dueDate, title: findings.title })
      .from(findings)
      .where(and(inArray(findings.systemId, part), inArray(findings.status, ['open', 'in_progress']), sql`${findings.requirementId} IS NOT NULL`, sql`${findings.dueDate} IS NOT NULL`))
      .orderBy(asc(findings.dueDate))
      .all();
    for (const f of open) {
      const key = `${f.systemId}:${f.requirementId}`;
      if (!due.has(key)) due.set(key, { date: f.dueDate!, title: f.title });
    }
    const answers = db
      .select({ systemId: checklistAnswers.systemId, catalogue: checklistAnswers.catalogue, itemId: checklistAnswers.itemId, status: checklistAnswers.status, note: checklistAnswers.note })
      .from(checklistAnswers)
      .where(and(inArray(checklistAnswers.systemId, part), inArray(checklistAnswers.status, ['partly_met', 'not_met'])))
      .orderBy(asc(checklistAnswers.systemId), asc(checklistAnswers.itemId))
      .all();
    for (const a of answers) {
      const s = byId.get(a.systemId)!;
      if (a.catalogue !== catalogueFor(s.regime!)) continue;
      const item = findItem(a.catalogue, a.itemId);
      if (!item || !item.levels.includes(s.level!)) continue;
      const f = due.get(`${a.systemId}:${a.itemId}`);
      lines.push({
        systemId: s.id, systemCode: s.code, itemId: item.id, titleVi: item.title_vi, titleEn: item.title_en,
        status: a.status as RequirementLine['status'], note: a.note, findingDue: f?.date ?? null, findingTitle: f?.title ?? null,
      });
    }
  }
  lines.sort((a, b) => a.systemCode.localeCompare(b.systemCode) || (a.findingDue ?? '9999').localeCompare(b.findingDue ?? '9999') || a.itemId.localeCompare(b.itemId));
  return { lines: lines.slice(0, limit), total: unmetCount(db, withPlan) };
}

/** How many requirements of the systems' levels are answered "partly met" or "not met", from checklist_tallies. */
function unmetCount(db: Db, systems: readonly ReportSystem[]): number {
  const byId = new Map(systems.map((s) => [s.id, s]));
  let total = 0;
  for (const part of chunked([...byId.keys()])) {
    for (const t of db.select().from(checklistTallies).where(inArray(checklistTallies.systemId, part)).all()) {
      const s = byId.get(t.systemId)!;
      if (t.catalogue !== catalogueFor(s.regime!)) continue;
      const counts = unpackTally([t.l1, t.l2, t.l3, t.l4, t.l5][s.level! - 1] ?? 0);
      total += counts.partlyMet + counts.notMet;
    }
  }
  return total;
}


/**
 * The most lines the report keeps of its long lists (the requirements not met, the gaps): what its PDF and
 * Word file print; the exports and the gaps page have the rest.
 */
export const REPORT_ROWS = 1000;

const asDossier = (s: string | null | undefined): DossierKey => ((DOSSIER_KEYS as readonly string[]).includes(s ?? '') ? (s as DossierKey) : 'none');

/**
 * `annualReport` worked out in a worker thread when the server has them (a province's report reads every
 * system's evaluation, checklist and people: seconds of work at national scale), so the event loop keeps
 * answering others meanwhile; the routes call this. Who may see what is checked here first, and again in
 * the worker by `annualReport` itself.
 */
export async function annualReportAway(db: Db, actor: Actor, orgId: number, year: number, engine?: Partial<EngineConfig>, today: string = todayIso()): Promise<AnnualReport> {
  getOrganisation(db, actor, orgId);
  return offThread(db, 'annual-report', { actor, orgId, year, engine, today } satisfies AnnualReportJob, () => annualReport(db, actor, orgId, year, engine, today));
}

/** What a worker thread needs to work out an annual report: plain data. */
export interface AnnualReportJob {
  actor: Actor;
  orgId: number;
  year: number;
  engine: Partial<EngineConfig> | undefined;
  today: string;
}

/** The date a year's report is evaluated on: the period's end, or today while the period runs. */
function reportDate(year: number, today: string): string {
  const period = periodOf(year);
  return today < period.to ? today : period.to;
}

export function annualReport(db: Db, actor: Actor, orgId: number, year: number, engine?: Partial<EngineConfig>, today: string = todayIso()): AnnualReport {
  const organisation = getOrganisation(db, actor, orgId);
  const period = periodOf(year);
  const asOf = reportDate(year, today);
  const orgIds = subtreeIds(db, orgId);
  const evaluation = evaluationOf(db, actor, asOf, orgIds, engine);

  // ---- 1. systems by level, lifecycle and dossier ----
  const listed = new Map(
    visibleSystems(db, actor, orgIds, 'code', 100_000).map((s) => [s.id, s]),
  );
  const decisions = decisionRegister(db, evaluation.systems.map((e) => e.system.id), asOf);
  const unitNames = orgNames(db, [...listed.values()].flatMap((l) => (l.securityUnitId === null ? [] : [l.securityUnitId])));
  const reportSystems: ReportSystem[] = evaluation.systems
    .map(({ system, results }): ReportSystem => {
      const l = listed.get(system.id);
      const states: ReportSystem['states'] = {};
      for (const r of results) if (KEPT_RULES.includes(r.rule)) states[r.rule] = r.state;
      const { inForce, latest } = decisions.get(system.id) ?? {};
      const flagged = l?.nationalSecurityImportant ?? false;
      const nsGrounds: NsGround[] = [];
      if (flagged) nsGrounds.push('flagged');
      if (system.level === 5) nsGrounds.push('level5');
      if ((latest?.answers as { nationalSecurityImportant?: boolean } | null)?.nationalSecurityImportant && !flagged) nsGrounds.push('proposed');
      return {
        id: system.id, code: system.code, nameVi: system.nameVi, nameEn: system.nameEn,
        ownerName: l?.ownerName ?? '', operatorName: l?.operatorName ?? '',
        lifecycleStatus: system.lifecycleStatus, level: system.level, dossier: asDossier(l?.dossierStatus),
        states, gaps: results.filter((r) => r.state === 'gap').length,
        securityUnitName: l?.securityUnitId ? (unitNames.get(l.securityUnitId) ?? null) : null,
        proposedLevel: latest?.proposedLevel ?? null,
        regime: inForce?.regime ?? null,
        decisionNumber: inForce?.approvalNumber ?? null, decisionDate: inForce?.approvalDate ?? null,
        appraiser: inForce?.appraisalBody ?? null, appraisalDate: inForce?.appraisalDate ?? null,
        regulationNumber: inForce?.regulationNumber ?? null, regulationDate: inForce?.regulationDate ?? null,
        nationalSecurityImportant: flagged, nsGrounds,
        ...deploymentOf(results.find((r) => r.rule === 'CHK-01')),
      };
    })
    .sort((a, b) => (b.level ?? 0) - (a.level ?? 0) || a.code.localeCompare(b.code));
  const byLevel: LevelRow[] = [...LEVELS, null].map((level) => {
    const these = reportSystems.filter((s) => s.level === level);
    const byLifecycle = Object.fromEntries(LIFECYCLE_KEYS.map((k) => [k, these.filter((s) => s.lifecycleStatus === k).length])) as LevelRow['byLifecycle'];
    return { level, total: these.length, byLifecycle };
  });
  const byDossier = Object.fromEntries(DOSSIER_KEYS.map((k) => [k, reportSystems.filter((s) => s.dossier === k).length])) as Record<DossierKey, number>;

  // ---- 2. and 3. rule summaries over the systems ----
  const resultOf = (results: readonly RuleResult[], rule: RuleId) => results.find((r) => r.rule === rule);
  const layers = LAYER_RULES.map((rule) => summarise(rule, evaluation.systems.map((s) => resultOf(s.results, rule))));
  const assessmentRules = ASSESSMENT_RULES.map((rule) => summarise(rule, evaluation.systems.map((s) => resultOf(s.results, rule))));
  // a system owes ASM-01 (levels 3–4) or ASM-02 (level 5); it is assessed as required when no cycle is missed
  const owing = evaluation.systems.map((s) => s.results.find((r) => (ASSESSMENT_RULES as readonly RuleId[]).includes(r.rule) && r.state !== 'n/a')).filter((r) => r !== undefined);
  const assessed = { required: owing.length, met: owing.filter((r) => r.state !== 'gap').length };
  const deployment = Object.fromEntries(DEPLOYMENTS.map((k) => [k, reportSystems.filter((s) => s.deployment === k).length])) as Record<Deployment, number>;

  // assessments performed in the period, one query
  const systemIds = reportSystems.map((s) => s.id);
  const assessor = alias(organisations, 'assessor');
  const assessmentLines: AssessmentLine[] = systemIds.length
    ? db
        .select({
          id: assessments.id, systemId: systems.id, systemCode: systems.code, systemName: systems.nameVi, systemNameEn: systems.nameEn,
          assessorName: assessor.nameVi, assessorNameEn: assessor.nameEn, kind: assessments.kind,
          performedDate: sql<string>`${assessments.performedDate}`, result: assessments.result, reportedDate: assessments.reportedDate,
        })
        .from(assessments)
        .innerJoin(systems, eq(systems.id, assessments.systemId))
        .innerJoin(assessor, eq(assessor.id, assessments.assessorId))
        .where(and(inArray(assessments.systemId, systemIds), gte(assessments.performedDate, period.from), lte(assessments.performedDate, asOf)))
        .orderBy(asc(assessments.performedDate), asc(systems.code))
        .all()
    : [];

  // ---- 4. operators of level 3–5 systems ----
  const hrBySystem = new Map(evaluation.systems.map((s) => [s.system.id, resultOf(s.results, 'HR-01')?.state ?? null]));
  const roster = rosterRows(db, actor, { org: orgId }, asOf);
  const people = new Set<number>();
  const certifiedPeople = new Set<number>();
  const operatorRows: OperatorLine[] = roster.map((row) => {
    const certified = row.people.filter((p) => p.readiness.certificate === 'valid' || p.readiness.certificate === 'expiring');
    for (const p of row.people) people.add(p.operatorId);
    for (const p of certified) certifiedPeople.add(p.operatorId);
    return {
      systemId: row.system.id, systemCode: row.system.code, systemName: row.system.nameVi, systemNameEn: row.system.nameEn, level: row.system.level,
      people: row.people.length, certified: certified.length, updated: row.people.filter((p) => p.readiness.updateOk).length,
      hr01: hrBySystem.get(row.system.id) ?? row.hr.find((r) => r.rule === 'HR-01')?.state ?? null,
    };
  });
  const hr01 = summarise('HR-01', evaluation.systems.map((s) => resultOf(s.results, 'HR-01'))).counts;

  // ---- 5. drills in the period, 6. budgets of the year ----
  const drillOrg = alias(organisations, 'drill_org');
  const drillLines: DrillLine[] = db
    .select({
      id: drills.id, date: drills.date, kind: drills.kind, scenario: drills.scenario, participants: drills.participants,
      organisationName: drillOrg.nameVi, organisationNameEn: drillOrg.nameEn, systemCode: systems.code,
    })
    .from(drills)
    .innerJoin(drillOrg, eq(drillOrg.id, drills.organisationId))
    .leftJoin(systems, eq(systems.id, drills.systemId))
    .where(and(inArray(drills.organisationId, orgIds), gte(drills.date, period.from), lte(drills.date, asOf)))
    .orderBy(asc(drills.date), asc(drills.id))
    .all();
  const budgetOrg = alias(organisations, 'budget_org');
  const budgetLines: BudgetLine[] = db
    .select({
      id: budgets.id, organisationId: budgets.organisationId, organisationName: budgetOrg.nameVi, organisationNameEn: budgetOrg.nameEn, systemCode: systems.code,
      itBudget: budgets.itBudget, securitySpending: budgets.securitySpending,
    })
    .from(budgets)
    .innerJoin(budgetOrg, eq(budgetOrg.id, budgets.organisationId))
    .leftJoin(systems, eq(systems.id, budgets.systemId))
    .where(and(inArray(budgets.organisationId, orgIds), eq(budgets.year, year)))
    .orderBy(asc(budgetOrg.nameVi), asc(sql`coalesce(${systems.code}, '')`))
    .all()
    .map((b) => ({ ...b, percent: securityPercent(b), state: budgetState(b) }));
  // the totals count the organisations' own figures; a system's (project's) budget is part of its organisation's
  const own = budgetLines.filter((b) => b.systemCode === null);
  const ownLine = own.find((b) => b.organisationId === orgId) ?? null;
  const totals = { itBudget: own.reduce((n, b) => n + b.itBudget, 0), securitySpending: own.reduce((n, b) => n + b.securitySpending, 0) };
  const readiness = organisationReadiness(db, actor, orgId, asOf);

  // ---- 7. gaps ----
  const gapLines: GapLine[] = [
    ...evaluation.systems.flatMap(({ system, results }) =>
      results.filter(isProblem).map((result): GapLine => ({ subject: { kind: 'system', id: system.id, code: system.code, nameVi: system.nameVi, nameEn: system.nameEn }, result }))),
    // every organisation rule, REP-01 included: an unsent report is a gap on the dashboard and the gaps page too
    ...evaluation.organisations.flatMap(({ organisation, results }) =>
      results.filter(isProblem).map((result): GapLine => ({ subject: { kind: 'organisation', ...organisation }, result }))),
  ].sort((a, b) => Number(b.result.state === 'gap') - Number(a.result.state === 'gap') || sevRank(a.result.severity) - sevRank(b.result.severity)
    || a.result.rule.localeCompare(b.result.rule) || a.subject.code.localeCompare(b.subject.code));
  const groups = new Map<RuleId, GapGroup>();
  for (const g of gapLines) {
    const group = groups.get(g.result.rule) ?? { rule: g.result.rule, gaps: 0, dueSoon: 0, worst: null };
    if (g.result.state === 'gap') group.gaps += 1;
    else group.dueSoon += 1;
    if (sevRank(g.result.severity) < sevRank(group.worst)) group.worst = g.result.severity;
    groups.set(g.result.rule, group);
  }
  const gapGroups = [...groups.values()].sort((a, b) => sevRank(a.worst) - sevRank(b.worst) || b.gaps - a.gaps || a.rule.localeCompare(b.rule));
  const requirements = requirementLines(db, reportSystems, REPORT_ROWS);

  return {
    organisation, period, asOf, provisional: asOf < period.to, orgCount: orgIds.length,
    systems: reportSystems, byLevel, byDossier, layers, assessmentRules, assessments: assessmentLines,
    deployment, requirements: requirements.lines, requirementsTotal: requirements.total, nsCandidates: reportSystems.filter((s) => s.nsGrounds.length), assessed,
    operators: { rows: operatorRows, people: people.size, certified: certifiedPeople.size, hr01 },
    drills: drillLines, drillRule: readiness.rules.find((r) => r.rule === 'DRL-01') ?? null,
    budgets: { rows: budgetLines, own: ownLine, ...totals, percent: securityPercent(totals), state: budgetState(totals) },
    budgetRule: readiness.rules.find((r) => r.rule === 'BUD-01') ?? null,
    gapGroups, gaps: gapLines.slice(0, REPORT_ROWS),
    gapTotals: { gaps: gapLines.filter((g) => g.result.state === 'gap').length, dueSoon: gapLines.filter((g) => g.result.state === 'due_soon').length },
    submission: reportsOf(db, actor, orgId).find((r) => r.year === year) ?? null,
    canRecord: can(actor.role, 'system.write'), recordableFrom: `${year}-12-14`,
  };
}

/** What the printed report needs besides its figures: the organisation's parent (header, Nơi nhận) and where its full lists are. */
export function documentContext(db: Db, r: AnnualReport): { parent: Organisation | null; registerUrl: string; gapsUrl: string } {
  const id = r.organisation.id;
  return {
    parent: r.organisation.parentId === null ? null : (findOrganisation(db, r.organisation.parentId) ?? null),
    registerUrl: `/exports/systems.xlsx?org=${id}`,
    gapsUrl: `/gaps?org=${id}&asOf=${r.asOf}`,
  };
}
