// Periodic assessment cadence (ASM-01, ASM-02): which cycle a date falls in, and whether a system's
// assessments for each kind of cycle are done, coming due or missed as of a date — judged from the
// system's history (docs/rules.md §5: assessment cycles, the timeline, only independent assessments count). Pure: the as-of date is passed in.
import { addDays, daysBetween, isIsoDate, isoDay } from './dates.js';
import { levelOn, type LevelPeriod } from './timeline.js';

export { addDays, addMonths, daysBetween } from './dates.js';
export type { LevelPeriod } from './timeline.js';

export type RuleState = 'ok' | 'due_soon' | 'gap' | 'n/a';
export type CadenceKind = 'yearly' | 'half';
export const CADENCE_KINDS: readonly CadenceKind[] = ['yearly', 'half'];

/** A day of the calendar year; month 1–12. February days past the 28th are not supported as cycle starts. */
export interface MonthDay {
  month: number;
  day: number;
}

export interface CadenceConfig {
  /** first day of each cycle within a calendar year, per kind; a cycle runs to the day before the next start */
  cycleStarts: Readonly<Record<CadenceKind, readonly MonthDay[]>>;
  /** `due_soon` from this many days before a cycle's last day (inclusive) */
  dueSoonDays: number;
  /** levels that owe one assessment per yearly cycle */
  levelsYearly: readonly number[];
  /** levels that owe one assessment per half-year cycle (wins over levelsYearly) */
  levelsHalfYearly: readonly number[];
}

// Defaults of the ct14 overlay — Directive 14/CT-TTg (2019) §1.d: levels 3–4 assessed yearly and reported
// before 14 Dec; level 5 every six months, reported before 14 Jun and 14 Dec. The reporting year runs
// 15 Dec → 14 Dec (Circular 12/2022 Art 13). nd331 alone says "periodic, by level and risk" (Decree 331
// Art 31), hence configurable.
export const DEFAULT_CADENCE: CadenceConfig = Object.freeze({
  cycleStarts: Object.freeze({
    yearly: Object.freeze([Object.freeze({ month: 12, day: 15 })]),
    half: Object.freeze([Object.freeze({ month: 6, day: 15 }), Object.freeze({ month: 12, day: 15 })]),
  }),
  dueSoonDays: 30,
  levelsYearly: Object.freeze([3, 4]),
  levelsHalfYearly: Object.freeze([5]),
});

/**
 * Periodic assessment is owed from Decree 85/2016's entry into force (1 Jul 2016): no cycle that ended
 * before it was owed (this also bounds how far back a history is searched when dates are missing).
 */
export const CADENCE_FROM = '2016-07-01';

export const CADENCE_RULES = { yearly: 'ASM-01', half: 'ASM-02' } as const satisfies Record<CadenceKind, string>;
export type CadenceRuleId = (typeof CADENCE_RULES)[CadenceKind];

export const CADENCE_CITATIONS: Readonly<Record<CadenceRuleId, string>> = Object.freeze({
  'ASM-01': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d; Nghị định 85/2016/NĐ-CP, Điều 20 khoản 2 điểm c',
  'ASM-02': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d',
});

// ---- cycles ----

export interface Cycle {
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
}

/** Cycle start dates of `kind` in the years around `year`, ascending and distinct. */
function startsAround(year: number, kind: CadenceKind, cfg: CadenceConfig): string[] {
  const starts = cfg.cycleStarts[kind];
  if (starts.length === 0) throw new RangeError(`no ${kind} cycle starts configured`);
  const dates = [year - 1, year, year + 1].flatMap((y) => starts.map((s) => isoDay(y, s.month, s.day)));
  return [...new Set(dates)].sort();
}

export function cycleContaining(date: string, kind: CadenceKind, cfg: CadenceConfig = DEFAULT_CADENCE): Cycle {
  if (!isIsoDate(date)) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${date}`);
  const starts = startsAround(Number(date.slice(0, 4)), kind, cfg);
  // every configured start occurs once a year, so the year before holds a start <= date and the year after one > date
  const i = starts.findLastIndex((s) => s <= date);
  const start = starts[i];
  const following = starts[i + 1];
  if (start === undefined || following === undefined) throw new RangeError(`no ${kind} cycle contains ${date}`);
  return { start, end: addDays(following, -1) };
}

export function previousCycle(c: Cycle, kind: CadenceKind, cfg: CadenceConfig = DEFAULT_CADENCE): Cycle {
  return cycleContaining(addDays(c.start, -1), kind, cfg);
}

export function nextCycle(c: Cycle, kind: CadenceKind, cfg: CadenceConfig = DEFAULT_CADENCE): Cycle {
  return cycleContaining(addDays(c.end, 1), kind, cfg);
}

// ---- a system's cadence ----

export interface CadenceInput {
  asOf: string;
  /** approved levels over time (timeline.ts levelHistory); empty → n/a */
  levels: LevelPeriod[];
  /** go-live date; null, or after a cycle's end → not subject to that cycle */
  inOperationFrom: string | null;
  /** subject only to cycles that end before this date; on or after it nothing is owed any more (n/a) */
  decommissionedAt?: string | null;
  /** performed dates of the assessments that COUNT (independent on their day, docs/rules.md §5, only independent assessments count), any order;
   *  dates after asOf are ignored */
  performed: string[];
}

/** One kind of cycle (one rule) for one system as of a date. */
export interface KindCadence {
  rule: CadenceRuleId;
  kind: CadenceKind;
  state: RuleState;
  /** the cycle containing asOf, while the system owes this kind of cycle now */
  currentCycle: Cycle | null;
  /** the current cycle's last day, or the next cycle's when the current one already has an assessment
   *  (or the go-live cycle's when the system is not live yet); null when nothing more is owed */
  nextDue: string | null;
  /** the result must reach the authority before this date: the current cycle's last day (14 Jun / 14 Dec) */
  reportDeadline: string | null;
  /** for `gap`: the missed cycle's last day */
  overdueSince: string | null;
  missedCycle: Cycle | null;
}

/** ASM-01 (yearly cycles) and ASM-02 (half-year cycles) of one system as of a date. */
export type CadenceResult = Readonly<Record<CadenceRuleId, KindCadence>>;

/** Which cadence a level owes, or null when it owes no periodic assessment. */
export function cadenceKindFor(level: number | null, cfg: CadenceConfig = DEFAULT_CADENCE): CadenceKind | null {
  if (level === null) return null;
  if (cfg.levelsHalfYearly.includes(level)) return 'half';
  if (cfg.levelsYearly.includes(level)) return 'yearly';
  return null;
}

function inOperationOn(input: CadenceInput, date: string): boolean {
  const { inOperationFrom, decommissionedAt } = input;
  return inOperationFrom !== null && inOperationFrom <= date && (decommissionedAt == null || date < decommissionedAt);
}

/** In operation on the cycle's last day, at a level that owes this kind of cycle (docs/rules.md §5, the timeline). */
function isSubjectTo(input: CadenceInput, c: Cycle, kind: CadenceKind, cfg: CadenceConfig): boolean {
  return inOperationOn(input, c.end) && cadenceKindFor(levelOn(input.levels, c.end), cfg) === kind;
}

/**
 * The most recently ended cycle of `kind` the system was subject to, looking back as far as a level owing
 * that kind was in force (docs/rules.md §5, the timeline: a cycle missed at a level stays missed after the level changes).
 */
function lastSubjectCycle(input: CadenceInput, kind: CadenceKind, cfg: CadenceConfig): Cycle | null {
  const owing = input.levels.filter((p) => cadenceKindFor(p.level, cfg) === kind).map((p) => p.from);
  if (!owing.length || input.inOperationFrom === null) return null;
  // no cycle ending before both the first level owing this kind and the go-live can have been owed
  const earliest = [owing.sort()[0]!, input.inOperationFrom, CADENCE_FROM].sort()[2]!;
  for (let c = previousCycle(cycleContaining(input.asOf, kind, cfg), kind, cfg); c.end >= earliest; c = previousCycle(c, kind, cfg)) {
    if (isSubjectTo(input, c, kind, cfg)) return c;
  }
  return null;
}

const NONE = { currentCycle: null, nextDue: null, reportDeadline: null, overdueSince: null, missedCycle: null } as const;

function kindCadence(input: CadenceInput, kind: CadenceKind, done: readonly string[], cfg: CadenceConfig): KindCadence {
  const { asOf } = input;
  const rule = CADENCE_RULES[kind];
  const assessedBetween = (from: string, to: string): boolean => done.some((p) => from <= p && p <= to);
  // a decommissioned system owes nothing from its decommissioning day on
  if (input.decommissionedAt != null && input.decommissionedAt <= asOf) return { ...NONE, rule, kind, state: 'n/a' };

  // gap: the most recent cycle of this kind the system answered for had no assessment in it, and none since
  const last = lastSubjectCycle(input, kind, cfg);
  const missed = last !== null && !assessedBetween(last.start, asOf) ? last : null;

  // owed now: a level owing this kind, and a go-live date (possibly ahead)
  const owedNow = input.inOperationFrom !== null && cadenceKindFor(levelOn(input.levels, asOf), cfg) === kind;
  let result: KindCadence;
  if (owedNow) {
    const current = cycleContaining(asOf, kind, cfg);
    const currentDone = assessedBetween(current.start, current.end);
    let due = currentDone ? nextCycle(current, kind, cfg) : current;
    // a system going live later owes its first assessment in the cycle it goes live in
    if (input.inOperationFrom !== null && input.inOperationFrom > due.end) due = cycleContaining(input.inOperationFrom, kind, cfg);
    const nextDue = inOperationOn(input, due.end) ? due.end : null;
    const subjectToCurrent = inOperationOn(input, current.end);
    const dueSoon = !currentDone && subjectToCurrent && inOperationOn(input, asOf) && daysBetween(asOf, current.end) <= cfg.dueSoonDays;
    result = { ...NONE, rule, kind, state: dueSoon ? 'due_soon' : 'ok', currentCycle: current, nextDue, reportDeadline: subjectToCurrent ? current.end : nextDue };
  } else if (last !== null) {
    // owes nothing of this kind now, but still answers for the last cycle it owed (ok if assessed, gap below if not)
    result = { ...NONE, rule, kind, state: 'ok' };
  } else {
    return { ...NONE, rule, kind, state: 'n/a' };
  }
  // gap wins over due_soon
  return missed !== null ? { ...result, state: 'gap', overdueSince: missed.end, missedCycle: missed } : result;
}

/** ASM-01 and ASM-02 for one system as of `input.asOf` (docs/rules.md §5, assessment cycles). */
export function assessmentCadence(input: CadenceInput, cfg: CadenceConfig = DEFAULT_CADENCE): CadenceResult {
  if (!isIsoDate(input.asOf)) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${input.asOf}`);
  const done = input.performed.filter((p) => p <= input.asOf);
  return { 'ASM-01': kindCadence(input, 'yearly', done, cfg), 'ASM-02': kindCadence(input, 'half', done, cfg) };
}

/** The facts of one system the cadence needs, as the registry stores them. */
export interface SystemCadenceFacts {
  lifecycleStatus: string;
  goLiveDate: string | null;
  decommissionedAt: string | null;
  /** approved levels over time, oldest first (timeline.ts levelHistory) */
  levels: readonly LevelPeriod[];
  /** performed dates of the assessments that count (nulls = not yet performed) */
  performed: readonly (string | null)[];
}

/**
 * The one way to turn stored records into a CadenceInput (the rule engine and the tests): a system counts as
 * in operation from its go-live date once it is in operation (or was, before decommissioning); a planned
 * go-live in the future counts from that date, so its first cycle is known.
 */
export function cadenceInputFor(f: SystemCadenceFacts, asOf: string): CadenceInput {
  const live = f.lifecycleStatus === 'in_operation' || f.lifecycleStatus === 'decommissioned';
  const planned = f.goLiveDate !== null && f.goLiveDate > asOf ? f.goLiveDate : null;
  return {
    asOf,
    levels: [...f.levels],
    inOperationFrom: live ? (f.goLiveDate ?? '0000-01-01') : planned,
    decommissionedAt: f.decommissionedAt ?? (f.lifecycleStatus === 'decommissioned' ? '0000-01-01' : null),
    performed: f.performed.filter((d): d is string => d !== null).sort(),
  };
}
