// The evaluation engine: the rule pack applied to one system's or one organisation's facts as of a date.
// Pure: the facts and the date are passed in; the same input always gives the same results.
import { assessmentCadence, cadenceInputFor, DEFAULT_CADENCE, type CadenceResult } from '../cadence.js';
import { daysBetween, isIsoDate } from '../dates.js';
import { certificateWithEvidence, findingWithEvidence } from '../evidence.js';
import { evaluatePeople, type RuleResult as PeopleResult } from '../people.js';
import {
  assessorKindOf, independenceIssues, layer1Status, layer2Status, layer3Status, layer4Status, type IndependenceIssue, type MonitoringRef,
} from '../protection.js';
import { approvalsUpTo, decisionInForce, layersOn, levelHistory, levelInForce, lifecycleOn, performedUpTo, regimeOn } from '../timeline.js';
import { organisationObligations, systemObligations, type Obligation } from './obligations.js';
import { RULE_PACK, derived, type AssessmentJudgement, type OrganisationContext, type PackRule, type SystemContext } from './pack.js';
import {
  RULE_IDS, RULE_STATES, SEVERITIES, type AssessmentFacts, type DecisionFacts, type EngineConfig, type Layer2Facts, type OrganisationFacts,
  type Outcome, type RuleId, type RuleResult, type Regime, type RuleState, type Severity, type SystemFacts,
} from './types.js';

export const DEFAULT_ENGINE_CONFIG: EngineConfig = Object.freeze({
  ct14: true,
  dueSoonDays: 30,
  // the transition deadlines (1 Jan and 1 Jul 2027) are announced a quarter ahead: with a 30-day window
  // the 1 Jan 2027 deadline would not show on 24 Nov 2026
  transitionWindowDays: 90,
  noticeWindowDays: 60,
  cadence: DEFAULT_CADENCE,
});

/** A full configuration from a partial one; unset fields take the defaults. */
export function engineConfig(over: Partial<EngineConfig> = {}): EngineConfig {
  const defined = Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) as Partial<EngineConfig>;
  return Object.freeze({ ...DEFAULT_ENGINE_CONFIG, ...defined });
}

let lastValidDate = '';

function checkDate(asOf: string): void {
  if (asOf === lastValidDate) return; // evaluating a scope checks the same date thousands of times
  if (!isIsoDate(asOf)) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${asOf}`);
  lastValidDate = asOf;
}

// ---- the derived view of one system ----

/** The approved level in force as of asOf, and the regime the system is judged under (timeline.ts). */
export function standing(decisions: readonly DecisionFacts[], asOf: string): { level: number | null; regime: Regime } {
  return { level: levelInForce(decisions, asOf), regime: regimeOn(decisions, asOf) };
}

/** Layer 2 on a day as the independence checks read it. */
function monitoringOf(l: Layer2Facts | null): MonitoringRef | null {
  if (l === null) return null;
  return l.mode === 'self' ? { mode: 'self' } : { mode: 'provider', provider: l.provider };
}

/**
 * The independence issues of one assessment, judged on the day it was performed (docs/rules.md §5, only independent assessments count): the
 * level and regime in force that day, the monitoring provider of that day, the operator and the owner.
 */
export function assessmentIssues(facts: SystemFacts, a: AssessmentFacts): IndependenceIssue[] {
  const day = a.performedDate;
  return independenceIssues({
    level: levelInForce(facts.decisions, day),
    regime: regimeOn(facts.decisions, day),
    assessor: a.assessor,
    assessorKind: assessorKindOf(a.assessor),
    monitoring: monitoringOf(layersOn(facts, day).layer2),
    operator: facts.operator,
    owner: facts.owner,
  });
}

/** A system's cadence (both kinds) from the one builder, counting only independent assessments; remembered by input. */
function cadenceOf(facts: SystemFacts, counting: readonly AssessmentFacts[], asOf: string, cfg: EngineConfig): CadenceResult {
  const input = cadenceInputFor(
    {
      lifecycleStatus: facts.lifecycleStatus, goLiveDate: facts.goLiveDate, decommissionedAt: facts.decommissionedAt,
      levels: levelHistory(facts.decisions), performed: counting.map((a) => a.performedDate),
    },
    asOf,
  );
  const d = derived(cfg);
  const key = `${input.asOf}|${input.inOperationFrom}|${input.decommissionedAt}|${input.levels.map((l) => `${l.level}@${l.from}`).join(',')}|${input.performed.join(',')}`;
  return d.caches.cadence.get(key, () => assessmentCadence(input, d.cadence));
}

/**
 * The facts as the rules read them on asOf once evidence has had its say (src/domain/evidence.ts): a
 * certificate expires no later than its evidence, a fix whose proof runs out is open again. The same
 * object when nothing carries evidence (most systems).
 */
function withEvidence(facts: SystemFacts, asOf: string, windowDays: number): SystemFacts {
  const people = facts.people.some((p) => p.certificates.some((c) => c.evidence?.length))
    ? facts.people.map((p) => (p.certificates.some((c) => c.evidence?.length) ? { ...p, certificates: p.certificates.map((c) => certificateWithEvidence(c, asOf)) } : p))
    : facts.people;
  const findings = facts.findings.some((f) => f.evidence?.length) ? facts.findings.map((f) => findingWithEvidence(f, asOf, windowDays)) : facts.findings;
  return people === facts.people && findings === facts.findings ? facts : { ...facts, people, findings };
}

/** One system as of a date: what several rules derive from its facts, each computed once (the costly ones on first use). */
class Context implements SystemContext {
  readonly facts: SystemFacts;
  readonly approved: DecisionFacts | null;
  readonly firstApproved: DecisionFacts | null;
  readonly newest: DecisionFacts | null;
  readonly level: number | null;
  readonly regime: Regime;
  readonly live: boolean;
  readonly goingLive: boolean;
  readonly decommissioned: boolean;
  readonly current: SystemContext['current'];
  readonly statuses: SystemContext['statuses'];
  private cadenceResult: CadenceResult | undefined;
  private peopleResults: PeopleResult[] | undefined;
  private independenceResult: IndependenceIssue[] | null | undefined;
  private judged: AssessmentJudgement[] | undefined;

  constructor(facts: SystemFacts, readonly asOf: string, readonly cfg: EngineConfig) {
    this.facts = facts = withEvidence(facts, asOf, cfg.dueSoonDays);
    // what was true on asOf, from the system's timeline
    this.approved = decisionInForce(facts.decisions, asOf);
    this.firstApproved = approvalsUpTo(facts.decisions, asOf)[0] ?? null;
    let newest: DecisionFacts | null = null;
    for (const d of facts.decisions) if (newest === null || d.id > newest.id) newest = d;
    this.newest = newest;
    this.level = this.approved?.proposedLevel ?? null;
    this.regime = regimeOn(facts.decisions, asOf);

    const status = lifecycleOn(facts, asOf);
    this.decommissioned = status === 'decommissioned';
    this.live = status === 'in_operation';
    const { goLiveDate } = facts;
    this.goingLive = !this.decommissioned && !this.live && goLiveDate !== null && goLiveDate > asOf && daysBetween(asOf, goLiveDate) <= cfg.dueSoonDays;

    const { layer1, layer2, layer3, layer4 } = layersOn(facts, asOf);
    this.current = { layer1, layer2, layer3, layer4 };
    this.statuses = [layer1Status(layer1), layer2Status(layer2, asOf), layer3Status(layer3, asOf), layer4Status(layer4)];
  }

  /** Every assessment performed up to asOf with its independence issues on its own day. */
  assessments(): AssessmentJudgement[] {
    return (this.judged ??= performedUpTo(this.facts.assessments, this.asOf).map((a) => ({ assessment: a, issues: assessmentIssues(this.facts, a) })));
  }

  cadence(): CadenceResult {
    if (this.cadenceResult === undefined) {
      // docs/rules.md §5, only independent assessments count: only an assessment independent on its own day counts toward a cycle
      const counting = this.assessments().filter((j) => j.issues.length === 0).map((j) => j.assessment);
      this.cadenceResult = cadenceOf(this.facts, counting, this.asOf, this.cfg);
    }
    return this.cadenceResult;
  }

  people(): PeopleResult[] {
    return (this.peopleResults ??= evaluatePeople(this.level, this.facts.people, this.asOf, derived(this.cfg).people));
  }

  independence(): IndependenceIssue[] | null {
    if (this.independenceResult === undefined) {
      const { layer2, layer3 } = this.current;
      this.independenceResult =
        layer3 === null
          ? null
          : independenceIssues({
              level: this.level, regime: this.regime, assessor: layer3.assessor, assessorKind: layer3.assessorKind,
              monitoring: monitoringOf(layer2), operator: this.facts.operator, owner: this.facts.owner,
            });
    }
    return this.independenceResult;
  }
}

/** Everything several rules derive from a system's facts, computed once per system. */
export function systemContext(facts: SystemFacts, asOf: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG): SystemContext {
  return new Context(facts, asOf, cfg);
}

// ---- evaluation ----

const LEVEL_LABEL = (levels: readonly number[]) =>
  levels.length > 1 && levels.every((l, i) => i === 0 || l === levels[i - 1]! + 1) ? `${levels[0]}–${levels.at(-1)}` : levels.join(', ');

// A result without parameters or date is the same for every system that gets it: one frozen object is
// shared by all of them (evaluating 20 000 systems otherwise allocates half a million results). Results
// are read-only for their readers.
const SHARED = new Map<string, RuleResult>();

function shared(key: string, make: () => RuleResult): RuleResult {
  let r = SHARED.get(key);
  if (r === undefined) {
    r = Object.freeze(make());
    SHARED.set(key, r);
  }
  return r;
}

/**
 * Equal results of many systems, kept once: the evaluation store passes one of these for all the systems
 * it evaluates (results with dates and parameters repeat a lot across 20 000 systems). Dropped with it.
 */
export type ResultPool = Map<string, RuleResult>;

/** Parameters as part of a key: each name and value with its length, so that no two differ only in where one ends. */
function paramsKey(params: Outcome['params']): string {
  let key = '';
  if (params) for (const name in params) {
    const v = String(params[name]);
    key += `${name}:${v.length}:${v};`;
  }
  return key;
}

function result(rule: PackRule, o: Outcome, pool?: ResultPool): RuleResult {
  const flagged = o.state === 'gap' || o.state === 'due_soon';
  const severity = flagged ? (o.severity ?? rule.severity) : null;
  const dueDate = o.dueDate ?? null;
  // one evaluation makes half a million results: no closure, no JSON, one string key per result
  const withParams = paramsKey(o.params);
  const key = `${rule.id}|${o.state}|${severity}|${dueDate}|${o.msg}|${withParams}`;
  const kept = withParams === '' && dueDate === null ? SHARED.get(key) : pool?.get(key);
  if (kept !== undefined) return kept;
  const r: RuleResult = { rule: rule.id, state: o.state, severity, dueDate, citation: rule.citation, messageKey: `rule.${rule.id}.msg.${o.msg}`, fix: rule.fix };
  if (withParams !== '') r.params = o.params;
  if (withParams === '' && dueDate === null) SHARED.set(key, Object.freeze(r));
  else if (pool) pool.set(key, Object.freeze(r));
  return r;
}

function notApplicable(rule: PackRule, why: string, params?: { levels: string; level: number }): RuleResult {
  return shared(`${rule.id}|na|${why}|${params?.level ?? ''}`, () => {
    const r: RuleResult = { rule: rule.id, state: 'n/a', severity: null, dueDate: null, citation: rule.citation, messageKey: `rule.na.${why}`, fix: rule.fix };
    if (params) r.params = params;
    return r;
  });
}

/** Why the engine itself rules a rule out for a system (before its function runs), or null. */
function gate(rule: PackRule, s: SystemContext): RuleResult | null {
  if (s.decommissioned) return notApplicable(rule, 'decommissioned');
  if (rule.basis === 'ct14' && !s.cfg.ct14) return notApplicable(rule, 'overlayOff');
  if (rule.levels !== 'all' && !rule.judgedOnHistory && (s.level === null || !(rule.levels as readonly number[]).includes(s.level))) {
    return s.level === null ? notApplicable(rule, 'noLevel') : notApplicable(rule, 'level', { levels: LEVEL_LABEL(rule.levels), level: s.level });
  }
  if (s.approved && !rule.regimes.includes(s.approved.regime)) return notApplicable(rule, 'regime');
  return null;
}

const SYSTEM_RULES = RULE_PACK.filter((r) => r.system !== undefined);
const ORGANISATION_RULES = RULE_PACK.filter((r) => r.organisation !== undefined);

/** What the engine says of one system or organisation as of a date: every rule, and every dated duty. */
export interface Judgement {
  results: RuleResult[];
  obligations: Obligation[];
}

/** A system's judgement also carries its assessment cadence (the system page's cycle card reads it). */
export interface SystemJudgement extends Judgement {
  cadence: CadenceResult;
}

/** Every system rule of the pack for one system as of `asOf` (pack order), what falls due for it, and its cadence. */
export function judgeSystem(facts: SystemFacts, asOf: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG, pool?: ResultPool): SystemJudgement {
  checkDate(asOf);
  const s = systemContext(facts, asOf, cfg);
  const results = SYSTEM_RULES.map((rule) => gate(rule, s) ?? result(rule, rule.system!(s), pool));
  return { results, obligations: systemObligations(s, results), cadence: s.cadence() };
}

/** Every system rule of the pack for one system as of `asOf`, in pack order. */
export function evaluateSystem(facts: SystemFacts, asOf: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG, pool?: ResultPool): RuleResult[] {
  return judgeSystem(facts, asOf, cfg, pool).results;
}

/** Every organisation rule of the pack (DRL-01, BUD-01, REP-01) for one organisation as of `asOf`, and what falls due for it. */
export function judgeOrganisation(facts: OrganisationFacts, asOf: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG): Judgement {
  checkDate(asOf);
  const o: OrganisationContext = { facts, asOf, cfg };
  const results = ORGANISATION_RULES.map((rule) =>
    rule.basis === 'ct14' && !cfg.ct14 ? notApplicable(rule, 'overlayOff') : result(rule, rule.organisation!(o)),
  );
  return { results, obligations: organisationObligations(o, results) };
}

/** Every organisation rule of the pack for one organisation as of `asOf`. */
export function evaluateOrganisation(facts: OrganisationFacts, asOf: string, cfg: EngineConfig = DEFAULT_ENGINE_CONFIG): RuleResult[] {
  return judgeOrganisation(facts, asOf, cfg).results;
}

// ---- counting ----

export type Flagged = 'gap' | 'due_soon';

export interface Summary {
  total: number;
  byState: Record<RuleState, number>;
  /** gap and due_soon results by severity */
  bySeverity: Record<Severity, Record<Flagged, number>>;
  byRule: Record<RuleId, Record<RuleState, number>>;
}

const zeroStates = (): Record<RuleState, number> => Object.fromEntries(RULE_STATES.map((s) => [s, 0])) as Record<RuleState, number>;

export function emptySummary(): Summary {
  return {
    total: 0,
    byState: zeroStates(),
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, { gap: 0, due_soon: 0 }])) as Summary['bySeverity'],
    byRule: Object.fromEntries(RULE_IDS.map((id) => [id, zeroStates()])) as Summary['byRule'],
  };
}

/** Counts by state, by severity (gap and due_soon) and by rule. Summaries of parts add up to the summary of the whole. */
export function summarise(results: Iterable<RuleResult>, into: Summary = emptySummary()): Summary {
  for (const r of results) {
    into.total += 1;
    into.byState[r.state] += 1;
    into.byRule[r.rule][r.state] += 1;
    if (r.severity !== null && (r.state === 'gap' || r.state === 'due_soon')) into.bySeverity[r.severity][r.state] += 1;
  }
  return into;
}

export { RULE_PACK };
