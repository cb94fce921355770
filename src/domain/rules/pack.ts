// The rule pack (docs/rules.md §7): every rule the registry evaluates, as data — id, i18n keys, the levels and
// regimes it applies to, whether it belongs to the law or to the ct14 policy overlay, severity, citation,
// the page that fixes it — and one small pure function per subject (system, organisation). The functions
// read a SystemContext / OrganisationContext built by engine.ts from the stored facts and the as-of date;
// none reads the clock. Rules that already had a pure implementation call it (cadence.ts, protection.ts,
// people.ts, readiness.ts) and reuse its citation: there is one way to evaluate each rule.
import { CADENCE_CITATIONS, type CadenceConfig, type CadenceResult, type RuleState } from '../cadence.js';
import { statsFromCounts } from '../catalog/index.js';
import { addDays, daysBetween, isoDay } from '../dates.js';
import { checklistEvidence, evidenceEnd } from '../evidence.js';
import { DEFAULT_ANSWERS, determineMinimumLevel, type Regime } from '../level-criteria.js';
import { PEOPLE_CITATIONS, PEOPLE_RULES_CONFIG, type PeopleRuleId, type PeopleRulesConfig, type RuleResult as PeopleResult } from '../people.js';
import { PROTECTION_CITATIONS, type IndependenceIssue, type IndependenceReason, type LayerStatus } from '../protection.js';
import { READINESS_CITATIONS, READINESS_CONFIG, budgetRule, drillRule, type BudgetFigures, type ReadinessConfig, type ReadinessResult } from '../readiness.js';
import { severityRank } from '../severity.js';
import { fold } from '../text.js';
import type {
  AssessmentFacts, DecisionFacts, EngineConfig, Layer1Facts, Layer2Facts, Layer3Facts, Layer4Facts, OrganisationFacts, Outcome, Params,
  RuleDef, RuleId, Severity, SystemFacts,
} from './types.js';

// ---- what the rules read ----

/** One system as of a date, with what several rules derive from its facts (built once by the engine). */
export interface SystemContext {
  facts: SystemFacts;
  asOf: string;
  cfg: EngineConfig;
  /** the approved decision in force as of asOf (the latest approval on or before it) */
  approved: DecisionFacts | null;
  /** the first approval (LVL-02) */
  firstApproved: DecisionFacts | null;
  /** the newest decision of any status: the current answers and proposal */
  newest: DecisionFacts | null;
  /** the approved level in force, or null */
  level: number | null;
  /** the approved decision's regime, else the newest proposal's, else nd331 */
  regime: Regime;
  /** in operation on asOf */
  live: boolean;
  /** not live yet, with a go-live date within the due-soon window */
  goingLive: boolean;
  /** decommissioned on or before asOf: every rule is n/a */
  decommissioned: boolean;
  current: { layer1: Layer1Facts | null; layer2: Layer2Facts | null; layer3: Layer3Facts | null; layer4: Layer4Facts | null };
  statuses: readonly [LayerStatus, LayerStatus, LayerStatus, LayerStatus];
  /** every assessment performed up to asOf, oldest first, with its independence issues on its own day (memoised) */
  assessments: () => AssessmentJudgement[];
  /** ASM-01/02 (memoised): only independent assessments count */
  cadence: () => CadenceResult;
  /** HR-01…03 (memoised) */
  people: () => PeopleResult[];
  /** ASM-03…05 of the current assessor (memoised); null when no assessor is engaged */
  independence: () => IndependenceIssue[] | null;
}

/** An assessment and why it does not count toward a cycle (empty: independent, it counts). */
export interface AssessmentJudgement {
  assessment: AssessmentFacts;
  issues: IndependenceIssue[];
}

export interface OrganisationContext {
  facts: OrganisationFacts;
  asOf: string;
  cfg: EngineConfig;
}

export type PackRule = RuleDef<SystemContext, OrganisationContext>;

// ---- dates of the law ----

/** Law 116/2025 Art 45.1, Decree 331/2026 Art 39.1 (docs/rules.md §2). */
export const TRANSITION = Object.freeze({
  /** a system still under construction on this day takes the nd85 path */
  constructionOn: '2026-07-01',
  /** … and must have its level approved under nd85 by this day */
  approveNd85By: '2027-01-01',
  /** every nd85-levelled system meets the nd331 measures by this day */
  meetNd331By: '2027-07-01',
});

/**
 * REP-01 (Decree 331 Art 35–36; Circular 12/2022 Art 13): the reporting year runs 15 Dec → 14 Dec; the
 * security unit and the operator report to the owner by 20 Dec, the owner to the authority by 25 Dec.
 */
export const ANNUAL_REPORT = Object.freeze({ periodStart: { month: 12, day: 15 }, internal: { month: 12, day: 20 }, authority: { month: 12, day: 25 } });

/** The report period of `year` (15 Dec of the year before → 14 Dec) and its two deadlines. */
export function reportDeadlines(year: number): { from: string; to: string; internal: string; authority: string } {
  const { periodStart: p, internal: i, authority: a } = ANNUAL_REPORT;
  return { from: isoDay(year - 1, p.month, p.day), to: addDays(isoDay(year, p.month, p.day), -1), internal: isoDay(year, i.month, i.day), authority: isoDay(year, a.month, a.day) };
}

/**
 * LVL-07 (Law 116/2025 Art 11.1.b): level 5 and national-security-important systems notify BCA of the
 * yearly self-inspection before 1 October.
 */
export const SELF_INSPECTION_NOTICE = Object.freeze({ month: 10, day: 1 });

/**
 * LVL-02 judges go-live dates only from when each requirement existed: level approval before use from
 * Law 86/2015's entry into force (1 Jul 2016); the four layers before use from Decision 964/QĐ-TTg
 * (10 Aug 2022). A system live before then could not have complied and is not flagged for it.
 */
export const GO_LIVE_RULES_FROM = Object.freeze({ approval: '2016-07-01', layers: '2022-08-10' });

// ---- remembering pure results ----

/**
 * Results of a pure function remembered by a key, up to a bound. Evaluating thousands of systems meets the
 * same inputs again and again (no drills, the same budget rows, the same cycles); the values are shared
 * between systems and must not be changed by their readers.
 */
export class Remembered<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max = 50_000) {}

  get(key: string, compute: () => V): V {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= this.max) this.map.clear();
      v = compute();
      this.map.set(key, v);
    }
    return v;
  }
}

/** The configurations of the reused domain functions under an EngineConfig, and the results remembered under it. */
export interface Derived {
  cadence: CadenceConfig;
  people: PeopleRulesConfig;
  readiness: ReadinessConfig;
  caches: { cadence: Remembered<CadenceResult>; readiness: Remembered<ReadinessResult> };
}

const DERIVED = new WeakMap<EngineConfig, Derived>();

/** One due-soon window for everything: the cadence's, the drills' and the knowledge updates'. */
export function derived(cfg: EngineConfig): Derived {
  let d = DERIVED.get(cfg);
  if (!d) {
    d = {
      cadence: { ...cfg.cadence, dueSoonDays: cfg.dueSoonDays },
      people: { ...PEOPLE_RULES_CONFIG, updateDueSoonDays: cfg.dueSoonDays },
      readiness: { ...READINESS_CONFIG, dueSoonDays: cfg.dueSoonDays },
      caches: { cadence: new Remembered(), readiness: new Remembered() },
    };
    DERIVED.set(cfg, d);
  }
  return d;
}

// ---- small pure helpers ----

const blank = (s: string | null | undefined): boolean => s == null || s.trim() === '';
const yearOf = (d: string): number => Number(d.slice(0, 4));
const minDate = (dates: readonly (string | null | undefined)[]): string | null =>
  dates.filter((d): d is string => typeof d === 'string').sort()[0] ?? null;

/** Two organisation names are the same one, ignoring case, diacritics, spacing and punctuation. */
export function sameName(a: string, b: string): boolean {
  const x = normalName(a);
  return x !== '' && x === normalName(b);
}

const NAMES = new Remembered<string>(10_000);
function normalName(s: string): string {
  return NAMES.get(s, () => fold(s).replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim());
}

const na = (msg: string, params?: Params): Outcome => (params ? { state: 'n/a', msg, params } : { state: 'n/a', msg });
const notLive = (s: SystemContext): Outcome | null => (s.live || s.goingLive ? null : na('notLive'));

/** The last segment of a domain function's i18n key: 'op.hr01.noCertified' → 'noCertified'. */
const caseOf = (detail: string): string => detail.slice(detail.lastIndexOf('.') + 1);

/** A deadline: ok before the window, due_soon inside it (the day itself included), gap after it. */
function deadline(asOf: string, due: string, windowDays: number, msg: { ok: string; soon: string; gap: string }, params: Params = {}): Outcome {
  const p = { ...params, date: due };
  if (asOf > due) return { state: 'gap', msg: msg.gap, dueDate: due, params: p };
  const days = daysBetween(asOf, due);
  if (days <= windowDays) return { state: 'due_soon', msg: msg.soon, dueDate: due, params: { ...p, days } };
  return { state: 'ok', msg: msg.ok, dueDate: due, params: p };
}

// ---- a rule ----

/** What a rule states of its own: the rest follows from its id, or is the same for most rules unless it says otherwise. */
type OwnDefinition = Omit<PackRule, 'id' | 'titleKey' | 'levels' | 'regimes'> & Partial<Pick<PackRule, 'levels' | 'regimes'>>;

/** A rule of the pack: its title is `rule.<id>.title`; it applies to every level and to both regimes unless it says otherwise. */
function rule(id: RuleId, own: OwnDefinition): PackRule {
  return { id, titleKey: `rule.${id}.title`, levels: 'all', regimes: ['nd331', 'nd85'], ...own };
}

// ---- level rules (Decree 331, Law 116) ----

const LVL_01 = rule('LVL-01', {
  basis: 'decree', severity: 'high', fix: 'level', citation: 'Nghị định 331/2026/NĐ-CP, Điều 31 khoản 2 điểm a; Quyết định 964/QĐ-TTg, mục IV.5.a',
  messages: ['notLive', 'ok', 'goingLive', 'none', 'notApproved'],
  system: (s) => {
    const off = notLive(s);
    if (off) return off;
    if (s.approved) return { state: 'ok', msg: 'ok', params: { level: s.approved.proposedLevel } };
    // the proposal's level says how bad it is; no proposal at all counts as below 3
    const proposed = s.newest?.proposedLevel ?? null;
    const severity: Severity = proposed !== null && proposed >= 3 ? 'critical' : 'high';
    const goLive = s.facts.goLiveDate;
    if (s.goingLive && goLive) return { state: 'gap', severity, msg: 'goingLive', dueDate: goLive, params: { date: goLive } };
    return proposed === null
      ? { state: 'gap', severity, msg: 'none', dueDate: goLive }
      : { state: 'gap', severity, msg: 'notApproved', dueDate: goLive, params: { level: proposed } };
  },
});

const LVL_02 = rule('LVL-02', {
  basis: 'decree', severity: 'high', fix: 'level', citation: 'Quyết định 964/QĐ-TTg, mục IV.5.a; Quyết định 1762/QĐ-BTTTT, nhiệm vụ 10; Nghị định 331/2026/NĐ-CP, Điều 30 khoản 6',
  messages: ['notState', 'notLive', 'noGoLive', 'legacy', 'ok', 'beforeApproval', 'beforeLayers', 'beforeBoth'],
  system: (s) => {
    const f = s.facts;
    if (!f.stateFunded) return na('notState');
    if (!s.live) return na('notLive');
    const goLive = f.goLiveDate;
    if (goLive === null) return na('noGoLive');
    const judgeApproval = goLive >= GO_LIVE_RULES_FROM.approval;
    // the four layers come from the ct14 overlay (Directive 14, Decision 964): judged only with it on
    const judgeLayers = s.cfg.ct14 && goLive >= GO_LIVE_RULES_FROM.layers;
    if (!judgeApproval && !judgeLayers) return na('legacy', { date: goLive });

    const approval = s.firstApproved?.approvalDate ?? null;
    // an approval without a recorded date cannot be judged late
    const lateApproval = judgeApproval && (s.firstApproved === null || (approval !== null && approval > goLive));
    const evidence: (string | null)[] = [
      minDate(f.layer1.map((l) => l.decisionDate)),
      minDate(f.layer2.map((l) => (l.mode === 'self' ? l.recordedOn : l.startDate))),
      minDate(f.layer3.map((l) => l.startDate ?? (l.assessorKind === 'in_house' ? l.recordedOn : null))),
      minDate(f.layer4.filter((l) => l.status === 'connected').map((l) => l.connectionDate)),
    ];
    const lateLayers = judgeLayers ? evidence.flatMap((d, i) => (d === null || d > goLive ? [`L4-${i + 1}`] : [])) : [];
    if (!lateApproval && !lateLayers.length) return { state: 'ok', msg: 'ok', params: { date: goLive } };

    const level = s.level ?? s.newest?.proposedLevel ?? null;
    const severity: Severity = level !== null && level >= 3 ? 'critical' : 'high';
    const params: Params = { date: goLive, layers: lateLayers.join(', '), approval: approval ? approval : '—' };
    const msg = lateApproval && lateLayers.length ? 'beforeBoth' : lateApproval ? 'beforeApproval' : 'beforeLayers';
    return { state: 'gap', severity, msg, dueDate: goLive, params };
  },
});

const LVL_03 = rule('LVL-03', {
  basis: 'decree', severity: 'high', fix: 'level', citation: 'Nghị định 331/2026/NĐ-CP, Điều 10 khoản 5, Điều 25',
  messages: ['noLevel', 'noAnswers', 'higher', 'ok'],
  system: (s) => {
    if (!s.approved || !s.newest) return na('noLevel');
    let minimum: number;
    try {
      minimum = determineMinimumLevel(s.newest.regime, { ...DEFAULT_ANSWERS, ...(s.newest.answers ?? {}) }).minimumLevel;
    } catch {
      return na('noAnswers'); // stored answers the wizard cannot read: nothing to compare
    }
    const level = s.approved.proposedLevel;
    const params = { minimum, level };
    return minimum > level ? { state: 'gap', msg: 'higher', params } : { state: 'ok', msg: 'ok', params };
  },
});

const LVL_04 = rule('LVL-04', {
  basis: 'decree', severity: 'medium', fix: 'level', citation: 'Nghị định 331/2026/NĐ-CP, Điều 30 khoản 7; Thông tư 12/2022/TT-BTTTT, Điều 9 khoản 7',
  messages: ['noLevel', 'missing', 'late', 'ok'],
  system: (s) => {
    const d = s.approved;
    if (!d) return na('noLevel');
    if (blank(d.regulationNumber)) return { state: 'gap', msg: 'missing', dueDate: d.approvalDate };
    const params: Params = { number: d.regulationNumber!.trim() };
    if (d.regulationDate && d.approvalDate && d.regulationDate > d.approvalDate) {
      return { state: 'gap', msg: 'late', dueDate: d.approvalDate, params: { ...params, date: d.regulationDate, approval: d.approvalDate } };
    }
    return { state: 'ok', msg: 'ok', params };
  },
});

const LVL_05 = rule('LVL-05', {
  basis: 'decree', levels: [3, 4, 5], severity: 'medium', fix: 'level', citation: 'Nghị định 331/2026/NĐ-CP, Điều 18 khoản 4, Điều 24 khoản 1',
  messages: ['noAppraisal', 'byOperator', 'ok'],
  system: (s): Outcome => {
    const d = s.approved!; // the level gate guarantees an approved level
    if (blank(d.appraisalBody) || d.appraisalDate === null) return { state: 'gap', msg: 'noAppraisal', dueDate: d.approvalDate };
    const body = d.appraisalBody!.trim();
    if (sameName(body, s.facts.operator.nameVi)) return { state: 'gap', msg: 'byOperator', dueDate: d.approvalDate, params: { body } };
    return { state: 'ok', msg: 'ok', params: { body, date: d.appraisalDate } };
  },
});

/** Under construction on 1 Jul 2026: still being built, or went live after that day. */
function underConstructionOnTransition(f: SystemFacts): boolean {
  if (f.lifecycleStatus === 'under_construction') return true;
  const live = f.lifecycleStatus === 'in_operation' || f.lifecycleStatus === 'decommissioned';
  return live && f.goLiveDate !== null && f.goLiveDate > TRANSITION.constructionOn;
}

const LVL_06 = rule('LVL-06', {
  // regimes: only nd85 approvals; a system without an approval is judged by the construction case below
  basis: 'decree', regimes: ['nd85'], severity: 'high', fix: 'level', citation: 'Luật An ninh mạng số 116/2025/QH15, Điều 45 khoản 1; Nghị định 331/2026/NĐ-CP, Điều 39 khoản 1',
  messages: ['approvedLate', 'meetBy', 'meetSoon', 'meetMissed', 'approveBy', 'approveSoon', 'approveMissed', 'notTransition'],
  system: (s) => {
    const window = s.cfg.transitionWindowDays;
    const f = s.facts;
    if (s.approved?.regime === 'nd85') {
      const approval = s.approved.approvalDate;
      if (underConstructionOnTransition(f) && approval !== null && approval > TRANSITION.approveNd85By) {
        return { state: 'gap', msg: 'approvedLate', dueDate: TRANSITION.approveNd85By, params: { date: TRANSITION.approveNd85By, approval: approval } };
      }
      return deadline(s.asOf, TRANSITION.meetNd331By, window, { ok: 'meetBy', soon: 'meetSoon', gap: 'meetMissed' });
    }
    if (!s.approved && underConstructionOnTransition(f)) {
      return deadline(s.asOf, TRANSITION.approveNd85By, window, { ok: 'approveBy', soon: 'approveSoon', gap: 'approveMissed' });
    }
    return na('notTransition');
  },
});

const LVL_07 = rule('LVL-07', {
  basis: 'decree', severity: 'high', fix: 'system', citation: 'Luật An ninh mạng số 116/2025/QH15, Điều 11 khoản 1 điểm b',
  messages: ['notApplicable', 'notLive', 'sent', 'firstNextYear', 'late', 'missing', 'dueSoon', 'due'],
  system: (s) => {
    const f = s.facts;
    if (s.level !== 5 && !f.nationalSecurityImportant) return na('notApplicable');
    if (!s.live) return na('notLive');
    const year = yearOf(s.asOf);
    // the notice must be sent before 1 Oct: from 1 Oct it is missed
    const due = isoDay(year, SELF_INSPECTION_NOTICE.month, SELF_INSPECTION_NOTICE.day);
    const nextDue = isoDay(year + 1, SELF_INSPECTION_NOTICE.month, SELF_INSPECTION_NOTICE.day);
    const sent = f.notices.find((n) => n.year === year && n.sentDate <= s.asOf);
    if (sent && sent.sentDate < due) return { state: 'ok', msg: 'sent', dueDate: nextDue, params: { date: sent.sentDate, year: String(year) } };
    if (s.asOf >= due) {
      // a system that went live on or after 1 Oct owes its first notice next year
      if (f.goLiveDate !== null && f.goLiveDate >= due) return { state: 'ok', msg: 'firstNextYear', dueDate: nextDue, params: { date: nextDue } };
      return sent
        ? { state: 'gap', msg: 'late', dueDate: due, params: { date: sent.sentDate, year: String(year) } }
        : { state: 'gap', msg: 'missing', dueDate: due, params: { year: String(year) } };
    }
    const days = daysBetween(s.asOf, due);
    const params = { date: due, year: String(year), days };
    return days <= s.cfg.noticeWindowDays ? { state: 'due_soon', msg: 'dueSoon', dueDate: due, params } : { state: 'ok', msg: 'due', dueDate: due, params };
  },
});

// ---- the four layers (ct14 overlay: Directive 14 §1.b–1.c, Decision 964 §IV.5.a) ----

function layerRule(n: 1 | 2 | 3 | 4): PackRule {
  const id = `L4-${n}` as const;
  return rule(id, {
    basis: 'ct14', severity: 'medium', fix: 'protection', citation: PROTECTION_CITATIONS[id],
    messages: [
      'notState', 'notLive', 'missing', 'missingBeforeGoLive',
      ...(n === 2 || n === 3 ? ['expired', 'ending', 'okUntil'] : n === 4 ? ['inProgress', 'inProgressBeforeGoLive'] : []),
      'evidenceExpired', 'evidenceEnding', 'evidenceUntil', 'ok',
    ],
    system: (s) => {
      if (!s.facts.stateFunded) return na('notState');
      const off = notLive(s);
      if (off) return off;
      const severity: Severity = (s.level ?? 0) >= 3 ? 'high' : 'medium';
      const status = s.statuses[n - 1]!;
      // only a contract ends: a provider's monitoring (layer 2) or an assessor's engagement (layer 3)
      const l2 = s.current.layer2;
      const end = n === 2 && l2?.mode === 'provider' ? l2.endDate : n === 3 ? (s.current.layer3?.endDate ?? null) : null;
      const before = s.goingLive ? s.facts.goLiveDate : null; // required before go-live
      if (status === 'expired' && end) return { state: 'gap', severity, msg: 'expired', dueDate: end, params: { date: end } };
      if (status !== 'in_place') {
        const msg = n === 4 && s.current.layer4?.status === 'in_progress' ? 'inProgress' : 'missing';
        return before ? { state: 'gap', severity, msg: `${msg}BeforeGoLive`, dueDate: before, params: { date: before } } : { state: 'gap', severity, msg };
      }
      // the record in force holds no longer than its evidence (src/domain/evidence.ts), when that ends first
      const evidence = evidenceEnd(s.current[`layer${n}`]?.evidence, s.asOf);
      if (evidence !== undefined && evidence !== null && (end === null || evidence < end)) {
        const days = daysBetween(s.asOf, evidence);
        if (days < 0) return { state: 'gap', severity, msg: 'evidenceExpired', dueDate: evidence, params: { date: evidence } };
        if (days <= s.cfg.dueSoonDays) return { state: 'due_soon', severity, msg: 'evidenceEnding', dueDate: evidence, params: { date: evidence, days } };
        return { state: 'ok', msg: 'evidenceUntil', dueDate: evidence, params: { date: evidence } };
      }
      if (end !== null && daysBetween(s.asOf, end) <= s.cfg.dueSoonDays) {
        return { state: 'due_soon', severity, msg: 'ending', dueDate: end, params: { date: end, days: daysBetween(s.asOf, end) } };
      }
      return end ? { state: 'ok', msg: 'okUntil', dueDate: end, params: { date: end } } : { state: 'ok', msg: 'ok' };
    },
  });
}

// ---- assessments ----

function cadenceRule(id: 'ASM-01' | 'ASM-02', levels: PackRule['levels'], severity: Severity): PackRule {
  return rule(id, {
    // judged on history: a cycle missed at a level stays this rule's gap after the level changed (docs/rules.md §5, the timeline)
    basis: 'ct14', levels, judgedOnHistory: true, severity, fix: 'assessments', citation: CADENCE_CITATIONS[id],
    messages: ['notDue', 'missed', 'dueSoon', 'ok', 'nothingDue'],
    system: (s) => {
      const c = s.cadence()[id];
      if (c.state === 'n/a') return na('notDue');
      if (c.state === 'gap' && c.missedCycle) {
        return { state: 'gap', msg: 'missed', dueDate: c.overdueSince, params: { from: c.missedCycle.start, to: c.missedCycle.end } };
      }
      const due = c.state === 'due_soon' ? (c.currentCycle?.end ?? c.nextDue) : c.nextDue;
      if (c.state === 'due_soon' && due) return { state: 'due_soon', msg: 'dueSoon', dueDate: due, params: { date: due, days: daysBetween(s.asOf, due) } };
      return due ? { state: 'ok', msg: 'ok', dueDate: due, params: { date: due } } : { state: 'ok', msg: 'nothingDue' };
    },
  });
}

const INDEPENDENCE_REASONS: Record<'ASM-03' | 'ASM-04' | 'ASM-05', readonly IndependenceReason[]> = {
  'ASM-03': ['same_as_monitoring', 'sister_of_monitoring', 'parent_of_monitoring', 'self_monitoring'],
  'ASM-04': ['is_operator', 'operator_unit'],
  'ASM-05': ['in_house_level5'],
};

/** How far back a recorded assessment that did not count is still flagged: a yearly cycle. */
const FLAG_ASSESSMENTS_DAYS = 365;

function independenceRule(id: 'ASM-03' | 'ASM-04' | 'ASM-05', basis: PackRule['basis'], levels: PackRule['levels'], regimes: readonly Regime[], severity: Severity): PackRule {
  const reasons = INDEPENDENCE_REASONS[id];
  return rule(id, {
    basis, levels, regimes, severity, fix: 'protection', citation: PROTECTION_CITATIONS[id],
    messages: ['noAssessor', ...reasons, ...reasons.map((r) => `assessment_${r}`), 'ok'],
    system: (s) => {
      // the engaged assessor (layer 3) first …
      const engaged = s.independence()?.find((i) => i.rule === id);
      if (engaged) return { state: 'gap', severity: engaged.severity, msg: engaged.reason };
      // … then an assessment of the last year that does not count because of this rule (docs/rules.md §5, only independent assessments count)
      const since = addDays(s.asOf, -FLAG_ASSESSMENTS_DAYS);
      const recent = s.assessments().filter((j) => j.assessment.performedDate >= since);
      for (let i = recent.length - 1; i >= 0; i -= 1) {
        const issue = recent[i]!.issues.find((x) => x.rule === id);
        if (issue) {
          const a = recent[i]!.assessment;
          return { state: 'gap', severity: issue.severity, msg: `assessment_${issue.reason}`, dueDate: a.performedDate, params: { date: a.performedDate } };
        }
      }
      if (s.independence() === null && !recent.length) return na('noAssessor');
      return { state: 'ok', msg: 'ok' };
    },
  });
}

const worst = (xs: readonly { severity: Severity }[]): Severity => [...xs].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0]!.severity;

const ASM_06 = rule('ASM-06', {
  basis: 'decree', severity: 'medium', fix: 'assessments', citation: 'Thông tư 12/2022/TT-BTTTT, Điều 12; Nghị định 331/2026/NĐ-CP, Điều 27',
  messages: ['overdue', 'dueSoon', 'onTrack', 'none'],
  system: (s) => {
    const asOf = s.asOf;
    // open as of asOf: still open, or closed only after asOf
    const open = s.facts.findings.filter(
      (x): x is typeof x & { dueDate: string } =>
        x.dueDate !== null && (x.status === 'open' || x.status === 'in_progress' || (x.closedDate !== null && x.closedDate > asOf)),
    );
    const overdue = open.filter((x) => x.dueDate < asOf);
    if (overdue.length) {
      const first = minDate(overdue.map((x) => x.dueDate))!;
      return { state: 'gap', severity: worst(overdue), msg: 'overdue', dueDate: first, params: { n: overdue.length, date: first } };
    }
    const horizon = addDays(asOf, s.cfg.dueSoonDays);
    const soon = open.filter((x) => x.dueDate <= horizon);
    const next = minDate(open.map((x) => x.dueDate));
    if (soon.length) return { state: 'due_soon', severity: worst(soon), msg: 'dueSoon', dueDate: next, params: { n: soon.length, date: next! } };
    return next ? { state: 'ok', msg: 'onTrack', dueDate: next, params: { n: open.length, date: next } } : { state: 'ok', msg: 'none' };
  },
});

// ---- people (ct14 overlay: Decision 515 §II.2.đ) ----

// the cases of evaluatePeople (people.ts), by the last segment of its i18n keys
const PEOPLE_MESSAGES: Record<PeopleRuleId, readonly string[]> = {
  'HR-01': ['noCertified', 'noOperators', 'ok'],
  'HR-02': ['expired', 'expiring', 'ok', 'nothing'],
  'HR-03': ['noOperators', 'missing', 'dueSoon', 'ok'],
};

function peopleRule(id: PeopleRuleId, severity: Severity): PackRule {
  return rule(id, {
    basis: 'ct14', levels: [3, 4, 5], severity, fix: 'operators', citation: PEOPLE_CITATIONS[id],
    messages: ['notLive', 'notApplicable', ...PEOPLE_MESSAGES[id]],
    system: (s) => {
      const off = notLive(s);
      if (off) return off;
      const r = s.people().find((x) => x.rule === id)!;
      if (r.state === 'n/a') return na('notApplicable');
      const out: Outcome = { state: r.state, msg: caseOf(r.detail), dueDate: r.dueDate };
      if (r.severity) out.severity = r.severity;
      return r.params ? { ...out, params: r.params } : out;
    },
  });
}

// ---- readiness (ct14 overlay: drills, budget) ----

/** drillRule / budgetRule (readiness.ts), remembered: most systems have the same (often no) drills and budgets. */
function drill(scope: 'system' | 'organisation', level: number | null, dates: readonly string[], asOf: string, cfg: EngineConfig): ReadinessResult {
  const d = derived(cfg);
  return d.caches.readiness.get(`D|${scope}|${level}|${asOf}|${dates.join(',')}`, () => drillRule(scope, level, dates, asOf, d.readiness));
}

function budget(scope: 'system' | 'organisation', budgets: readonly BudgetFigures[], asOf: string, cfg: EngineConfig): ReadinessResult {
  const d = derived(cfg);
  const key = `B|${scope}|${asOf}|${budgets.map((b) => `${b.year}:${b.itBudget}:${b.securitySpending}`).join(',')}`;
  return d.caches.readiness.get(key, () => budgetRule(scope, budgets, asOf, d.readiness));
}

function fromReadiness(r: ReadinessResult): Outcome {
  const out: Outcome = { state: r.state, msg: caseOf(r.detail), dueDate: r.dueDate };
  if (r.severity) out.severity = r.severity;
  const params = r.params ? { ...r.params } : undefined;
  if (params) {
    // amounts stay out of the message: the readiness page shows them formatted
    delete params.it;
    delete params.security;
    out.params = params;
  }
  return out;
}

const DRL_01 = rule('DRL-01', {
  basis: 'ct14', severity: 'medium', fix: 'readiness', citation: READINESS_CITATIONS['DRL-01'],
  messages: ['notLive', 'ok', 'dueSoon', 'overdue', 'none', 'sysNone', 'sysLevelNa', 'sysNoLevel'],
  system: (s) => (s.live ? fromReadiness(drill('system', s.level, s.facts.drills, s.asOf, s.cfg)) : na('notLive')),
  organisation: (o) => fromReadiness(drill('organisation', null, o.facts.drills, o.asOf, o.cfg)),
});

const BUD_01 = rule('BUD-01', {
  basis: 'ct14', severity: 'medium', fix: 'readiness', citation: READINESS_CITATIONS['BUD-01'],
  messages: ['notState', 'ok', 'gap', 'none', 'zero'],
  system: (s) => (s.facts.stateFunded ? fromReadiness(budget('system', s.facts.budgets, s.asOf, s.cfg)) : na('notState')),
  organisation: (o) => fromReadiness(budget('organisation', o.facts.budgets, o.asOf, o.cfg)),
});

// ---- the organisation's annual report ----

const REP_01 = rule('REP-01', {
  basis: 'decree', severity: 'high', fix: 'organisation', citation: 'Nghị định 331/2026/NĐ-CP, Điều 35–36; Thông tư 12/2022/TT-BTTTT, Điều 13',
  messages: ['noSystems', 'lastYearMissing', 'lastYearSubmitted', 'submitted', 'notSubmitted', 'internalMissed', 'internalDue', 'authorityDue'],
  organisation: (o) => {
    if (o.facts.systemCount === 0) return na('noSystems');
    const asOf = o.asOf;
    const y = yearOf(asOf);
    const done = (d: string | null | undefined): d is string => typeof d === 'string' && d <= asOf;
    const reportOf = (year: number) => o.facts.annualReports.find((r) => r.year === year);
    const { internal, authority } = reportDeadlines(y);
    const params = { year: String(y) };
    const r = reportOf(y);
    if (done(r?.authorityDate)) return { state: 'ok', msg: 'submitted', dueDate: authority, params: { ...params, date: r!.authorityDate! } };
    // docs/rules.md §5, due-soon windows: this year's report is due soon from the window before the internal deadline (20 Nov)
    if (daysBetween(asOf, internal) <= o.cfg.dueSoonDays) {
      if (asOf > authority) return { state: 'gap', msg: 'notSubmitted', dueDate: authority, params: { ...params, date: authority } };
      if (!done(r?.internalDate)) {
        return asOf > internal
          ? { state: 'gap', msg: 'internalMissed', dueDate: internal, params: { ...params, date: internal } }
          : { state: 'due_soon', msg: 'internalDue', dueDate: internal, params: { ...params, date: internal } };
      }
      return { state: 'due_soon', msg: 'authorityDue', dueDate: authority, params: { ...params, date: authority } };
    }
    // before that window, last year's report is what is owed
    const last = reportOf(y - 1);
    const lastDue = reportDeadlines(y - 1).authority;
    if (!done(last?.authorityDate)) return { state: 'gap', msg: 'lastYearMissing', dueDate: lastDue, params: { year: String(y - 1), date: lastDue } };
    return { state: 'ok', msg: 'lastYearSubmitted', dueDate: internal, params: { year: String(y - 1), date: last!.authorityDate! } };
  },
});

// ---- baseline checklist and planning ----

const CHK_01 = rule('CHK-01', {
  basis: 'decree', severity: 'medium', fix: 'checklist', citation: 'Thông tư 12/2022/TT-BTTTT, Phụ lục I–V (TCVN 11930:2017); TCVN 14423:2026',
  messages: ['noLevel', 'open', 'openUnproven', 'evidenceExpired', 'evidenceEnding', 'ok', 'okUnproven'],
  system: (s) => {
    const c = s.facts.checklist;
    if (!s.approved || !c) return na('noLevel');
    // "met" answers with evidence: an item whose evidence has all expired is met no longer (src/domain/evidence.ts);
    // one without any is counted apart ("met, not evidenced") and does not change the state
    const ev = checklistEvidence(c.met, s.facts.evidence?.checklist ?? [], s.asOf, s.cfg.dueSoonDays);
    const met = c.met - ev.expired;
    const open = c.notMet + c.partlyMet + c.notAssessed + ev.expired;
    const percent = statsFromCounts(c.applicable, { met, partlyMet: c.partlyMet, notMet: c.notMet, notApplicable: c.notApplicable }).percentMet;
    const params: Params = {
      count: open, applicable: c.applicable, met, percent, notMet: c.notMet, partlyMet: c.partlyMet, notAssessed: c.notAssessed,
      notEvidenced: ev.notEvidenced, expired: ev.expired, ending: ev.ending,
    };
    if (ev.expired > 0) return { state: 'gap', msg: 'evidenceExpired', dueDate: ev.expiredSince, params: { ...params, date: ev.expiredSince! } };
    if (open > 0) return { state: 'gap', msg: ev.notEvidenced ? 'openUnproven' : 'open', params };
    if (ev.ending > 0) return { state: 'due_soon', msg: 'evidenceEnding', dueDate: ev.endingOn, params: { ...params, date: ev.endingOn!, days: daysBetween(s.asOf, ev.endingOn!) } };
    return { state: 'ok', msg: ev.notEvidenced ? 'okUnproven' : 'ok', params };
  },
});

const PLN_01 = rule('PLN-01', {
  basis: 'ct14', levels: [3, 4, 5], severity: 'low', fix: 'system', citation: 'Chỉ thị 14/CT-TTg, khoản 1 điểm đ',
  messages: ['missing', 'ok'],
  system: (s) => (blank(s.facts.domesticProductsNote) ? { state: 'gap', msg: 'missing' } : { state: 'ok', msg: 'ok' }),
});

// ---- the pack ----

/** Every rule, in docs/rules.md §7 order. Ids are stable. */
export const RULE_PACK: readonly PackRule[] = Object.freeze([
  LVL_01, LVL_02, LVL_03, LVL_04, LVL_05, LVL_06, LVL_07,
  layerRule(1), layerRule(2), layerRule(3), layerRule(4),
  cadenceRule('ASM-01', [3, 4], 'high'),
  cadenceRule('ASM-02', [5], 'critical'),
  independenceRule('ASM-03', 'ct14', [3, 4, 5], ['nd331', 'nd85'], 'critical'),
  independenceRule('ASM-04', 'decree', [3, 4, 5], ['nd331'], 'high'),
  independenceRule('ASM-05', 'decree', [5], ['nd331', 'nd85'], 'high'),
  ASM_06,
  peopleRule('HR-01', 'high'), peopleRule('HR-02', 'high'), peopleRule('HR-03', 'medium'),
  DRL_01, BUD_01, REP_01, CHK_01, PLN_01,
]);

export const RULES_BY_ID: ReadonlyMap<RuleId, PackRule> = new Map(RULE_PACK.map((r) => [r.id, r]));

/** The version of the pack: bump when a rule's meaning changes (shown beside results, kept in exports). */
export const PACK_VERSION = '2026.11';

export type { RuleState };
