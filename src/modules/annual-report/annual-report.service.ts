// The annual report of an organisation (REP-01): per period 15 Dec (Y−1) – 14 Dec (Y), for the
// organisation's subtree, as of the period end (or today while the period is running). Plain data, no
// i18n and no HTML, so the screen (views/annual-report/show.ejs) and a PDF writer can share it.
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client.js';
import { assessments } from '../../db/schema/assessments.js';
import type { AnnualReportRow } from '../../db/schema/compliance.js';
import { organisations, type Organisation } from '../../db/schema/organisations.js';
import { budgets, drills } from '../../db/schema/people.js';
import { systems } from '../../db/schema/systems.js';
import { budgetState, securityPercent } from '../../domain/readiness.js';
import { SEVERITIES, engineConfig, reportDeadlines, type EngineConfig, type RuleId, type RuleResult, type Severity } from '../../domain/rules/index.js';
import { todayIso } from '../../i18n/format.js';
import { can } from '../../domain/permissions.js';
import type { Actor } from '../access/index.js';
import { evaluate, type EvaluatedSystem } from '../evaluation/index.js';
import { rosterRows } from '../operators/index.js';
import { getOrganisation } from '../organisations/organisations.service.js';
import { organisationReadiness, type CitedResult } from '../readiness/readiness.service.js';
import { reportsOf } from '../submissions/submissions.service.js';
import { visibleSystems } from '../systems/systems.service.js';
import { subtreeIds } from '../access/index.js';

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
}

export function periodOf(year: number): Period {
  const d = reportDeadlines(year);
  return { year, from: d.from, to: d.to, internalDue: d.internal, authorityDue: d.authority };
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
  /** section 3 */
  assessmentRules: RuleSummary[];
  assessments: AssessmentLine[];
  /** section 4 */
  operators: { rows: OperatorLine[]; people: number; certified: number; hr01: StateCounts };
  /** section 5 */
  drills: DrillLine[];
  drillRule: CitedResult | null;
  /** section 6: the organisations' and systems' figures for the year */
  budgets: { rows: BudgetLine[]; itBudget: number; securitySpending: number; percent: number | null; state: 'ok' | 'gap' | 'n/a' };
  budgetRule: CitedResult | null;
  /** section 7: gaps and things due soon as of the report date, worst first */
  gapGroups: GapGroup[];
  gaps: GapLine[];
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

const asDossier = (s: string | null | undefined): DossierKey => ((DOSSIER_KEYS as readonly string[]).includes(s ?? '') ? (s as DossierKey) : 'none');

export function annualReport(db: Db, actor: Actor, orgId: number, year: number, engine?: Partial<EngineConfig>, today: string = todayIso()): AnnualReport {
  const organisation = getOrganisation(db, actor, orgId);
  const period = periodOf(year);
  const asOf = today < period.to ? today : period.to;
  const orgIds = subtreeIds(db, orgId);
  const evaluation = evaluate(db, actor, { asOf, orgIds }, engineConfig(engine));

  // ---- 1. systems by level, lifecycle and dossier ----
  const listed = new Map(
    visibleSystems(db, actor, orgIds, 'code', 100_000).map((s) => [s.id, s]),
  );
  const reportSystems: ReportSystem[] = evaluation.systems
    .map(({ system, results }): ReportSystem => {
      const l = listed.get(system.id);
      const states: ReportSystem['states'] = {};
      for (const r of results) if (KEPT_RULES.includes(r.rule)) states[r.rule] = r.state;
      return {
        id: system.id, code: system.code, nameVi: system.nameVi, nameEn: system.nameEn,
        ownerName: l?.ownerName ?? '', operatorName: l?.operatorName ?? '',
        lifecycleStatus: system.lifecycleStatus, level: system.level, dossier: asDossier(l?.dossierStatus),
        states, gaps: results.filter((r) => r.state === 'gap').length,
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
      id: budgets.id, organisationName: budgetOrg.nameVi, organisationNameEn: budgetOrg.nameEn, systemCode: systems.code,
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
  const totals = { itBudget: own.reduce((n, b) => n + b.itBudget, 0), securitySpending: own.reduce((n, b) => n + b.securitySpending, 0) };
  const readiness = organisationReadiness(db, actor, orgId, asOf);

  // ---- 7. gaps ----
  const gapLines: GapLine[] = [
    ...evaluation.systems.flatMap(({ system, results }) =>
      results.filter(isProblem).map((result): GapLine => ({ subject: { kind: 'system', id: system.id, code: system.code, nameVi: system.nameVi, nameEn: system.nameEn }, result }))),
    ...evaluation.organisations.flatMap(({ organisation, results }) =>
      results.filter((r) => isProblem(r) && r.rule !== 'REP-01') // the report itself is what is being written
        .map((result): GapLine => ({ subject: { kind: 'organisation', ...organisation }, result }))),
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

  return {
    organisation, period, asOf, provisional: asOf < period.to, orgCount: orgIds.length,
    systems: reportSystems, byLevel, byDossier, layers, assessmentRules, assessments: assessmentLines,
    operators: { rows: operatorRows, people: people.size, certified: certifiedPeople.size, hr01 },
    drills: drillLines, drillRule: readiness.rules.find((r) => r.rule === 'DRL-01') ?? null,
    budgets: { rows: budgetLines, ...totals, percent: securityPercent(totals), state: budgetState(totals) },
    budgetRule: readiness.rules.find((r) => r.rule === 'BUD-01') ?? null,
    gapGroups, gaps: gapLines,
    submission: reportsOf(db, actor, orgId).find((r) => r.year === year) ?? null,
    canRecord: can(actor.role, 'system.write'), recordableFrom: `${year}-12-14`,
  };
}
