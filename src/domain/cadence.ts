// Periodic assessment cadence (ASM-01, ASM-02): which cycle a date falls in, and whether a system's
// assessment for it is done, coming due or missed as of a date. Pure: the as-of date is passed in.
// Dates are ISO 'yyyy-mm-dd' strings, compared as strings; arithmetic is done in UTC.

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

export const CADENCE_RULES = { yearly: 'ASM-01', half: 'ASM-02' } as const satisfies Record<CadenceKind, string>;
export type CadenceRuleId = (typeof CADENCE_RULES)[CadenceKind];

export const CADENCE_CITATIONS: Readonly<Record<CadenceRuleId, string>> = Object.freeze({
  'ASM-01': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d; Nghị định 85/2016/NĐ-CP, Điều 20 khoản 2 điểm c',
  'ASM-02': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d',
});

// ---- dates (UTC, never local time) ----

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toMs(date: string): number {
  const m = ISO_DATE.exec(date);
  const [y, mo, d] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  const ms = Date.UTC(y, mo - 1, d);
  if (Number.isNaN(ms) || fromMs(ms) !== date) throw new RangeError(`not an ISO date (yyyy-mm-dd): ${date}`);
  return ms;
}

function fromMs(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

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
  const dates = [year - 1, year, year + 1].flatMap((y) => starts.map((s) => fromMs(Date.UTC(y, s.month - 1, s.day))));
  return [...new Set(dates)].sort();
}

export function cycleContaining(date: string, kind: CadenceKind, cfg: CadenceConfig = DEFAULT_CADENCE): Cycle {
  toMs(date); // validates
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

/** The system's approved level from `from` (the approval date) on; a later entry replaces an earlier one. */
export interface LevelPeriod {
  level: number;
  from: string;
}

export interface CadenceInput {
  asOf: string;
  /** approved levels over time; empty → n/a */
  levels: LevelPeriod[];
  /** go-live date; null, or after a cycle's end → not subject to that cycle */
  inOperationFrom: string | null;
  /** subject only to cycles that end before this date */
  decommissionedAt?: string | null;
  /** performed dates of the system's assessments, any order; dates after asOf are ignored */
  performed: string[];
}

export interface CadenceResult {
  state: RuleState;
  /** by the level in force as of asOf; when that level owes nothing, by the last ended cycle still answered for; null when n/a */
  rule: CadenceRuleId | null;
  kind: CadenceKind | null;
  /** the cycle of `kind` containing asOf, while the system is subject to the cadence now */
  currentCycle: Cycle | null;
  /** the current cycle's last day, or the next cycle's when the current one already has an assessment
   *  (or the go-live cycle's when the system is not live yet); null when nothing more will be owed */
  nextDue: string | null;
  /** the result must reach the authority before this date: the current cycle's last day (14 Jun / 14 Dec) */
  reportDeadline: string | null;
  /** for `gap`: the missed cycle's last day */
  overdueSince: string | null;
  missedCycle: Cycle | null;
}

/** The level in force on `date`: the latest entry with from <= date (a later entry wins a tie); null when none. */
export function levelInForce(levels: readonly LevelPeriod[], date: string): number | null {
  let found: LevelPeriod | null = null;
  for (const p of levels) if (p.from <= date && (found === null || p.from >= found.from)) found = p;
  return found === null ? null : found.level;
}

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

/** In operation on the cycle's last day, at a level that owes this kind of cycle. */
function isSubjectTo(input: CadenceInput, c: Cycle, kind: CadenceKind, cfg: CadenceConfig): boolean {
  return inOperationOn(input, c.end) && cadenceKindFor(levelInForce(input.levels, c.end), cfg) === kind;
}

/** ASM-01 / ASM-02 for one system as of `input.asOf` (see RULES.md §5, "Cadence detail"). */
export function assessmentCadence(input: CadenceInput, cfg: CadenceConfig = DEFAULT_CADENCE): CadenceResult {
  const { asOf } = input;
  toMs(asOf);
  const done = input.performed.filter((p) => p <= asOf);
  const assessedBetween = (from: string, to: string): boolean => done.some((p) => from <= p && p <= to);

  // The most recently ended cycle the system was subject to: the previous cycle of each kind counts when
  // the level in force on its last day owed that kind (so a 4 → 5 change is judged cycle by cycle); the
  // later one wins. Only the immediately previous cycles are looked at: older misses do not resurface.
  let last: { kind: CadenceKind; cycle: Cycle } | null = null;
  for (const kind of CADENCE_KINDS) {
    const prev = previousCycle(cycleContaining(asOf, kind, cfg), kind, cfg);
    if (isSubjectTo(input, prev, kind, cfg) && (last === null || prev.end > last.cycle.end)) last = { kind, cycle: prev };
  }
  // one assessment in the cycle, or any since it ended, settles it
  const missed = last !== null && !assessedBetween(last.cycle.start, asOf) ? last : null;

  // Subject to the cadence now: a level that owes one, not decommissioned, with a go-live date (possibly ahead).
  const decommissioned = input.decommissionedAt != null && input.decommissionedAt <= asOf;
  const kindNow = decommissioned || input.inOperationFrom === null ? null : cadenceKindFor(levelInForce(input.levels, asOf), cfg);

  const none = { currentCycle: null, nextDue: null, reportDeadline: null, overdueSince: null, missedCycle: null };
  let result: CadenceResult;
  if (kindNow !== null) {
    const current = cycleContaining(asOf, kindNow, cfg);
    const currentDone = assessedBetween(current.start, current.end);
    let due = currentDone ? nextCycle(current, kindNow, cfg) : current;
    // a system going live later owes its first assessment in the cycle it goes live in
    if (input.inOperationFrom !== null && input.inOperationFrom > due.end) due = cycleContaining(input.inOperationFrom, kindNow, cfg);
    const nextDue = inOperationOn(input, due.end) ? due.end : null;
    const subjectToCurrent = inOperationOn(input, current.end);
    const dueSoon =
      !currentDone && subjectToCurrent && inOperationOn(input, asOf) && daysBetween(asOf, current.end) <= cfg.dueSoonDays;
    result = {
      ...none,
      state: dueSoon ? 'due_soon' : 'ok',
      rule: CADENCE_RULES[kindNow],
      kind: kindNow,
      currentCycle: current,
      nextDue,
      reportDeadline: subjectToCurrent ? current.end : nextDue,
    };
  } else if (last !== null) {
    // owes nothing now, but the last ended cycle is still answered for (ok if assessed, gap below if not)
    result = { ...none, state: 'ok', rule: CADENCE_RULES[last.kind], kind: last.kind };
  } else {
    return { ...none, state: 'n/a', rule: null, kind: null };
  }

  // gap wins over due_soon
  if (missed !== null) return { ...result, state: 'gap', overdueSince: missed.cycle.end, missedCycle: missed.cycle };
  return result;
}

/** The facts of one system the cadence needs, as the registry stores them. */
export interface SystemCadenceFacts {
  lifecycleStatus: string;
  goLiveDate: string | null;
  decommissionedAt: string | null;
  /** approved decisions: level and approval date, any order */
  approved: readonly { level: number; approvalDate: string | null }[];
  /** performed dates of the system's assessments (nulls = not yet performed) */
  performed: readonly (string | null)[];
}

/**
 * The one way to turn stored records into a CadenceInput (used by the system page, the calendar and the
 * rules): a system counts as in operation from its go-live date once it is in operation (or was, before
 * decommissioning); a planned go-live in the future counts from that date, so its first cycle is known.
 */
export function cadenceInputFor(f: SystemCadenceFacts, asOf: string): CadenceInput {
  const levels = f.approved
    .filter((a): a is { level: number; approvalDate: string } => a.approvalDate !== null)
    .map((a) => ({ level: a.level, from: a.approvalDate }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const live = f.lifecycleStatus === 'in_operation' || f.lifecycleStatus === 'decommissioned';
  const planned = f.goLiveDate !== null && f.goLiveDate > asOf ? f.goLiveDate : null;
  return {
    asOf,
    levels,
    inOperationFrom: live ? f.goLiveDate : planned,
    decommissionedAt: f.decommissionedAt,
    performed: f.performed.filter((d): d is string => d !== null).sort(),
  };
}

/** The same day n months later (or earlier); a day past the month's end falls back to its last day (29 Feb → 28 Feb). */
export function addMonths(date: string, months: number): string {
  addDays(date, 0); // validates
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = y * 12 + (m - 1) + months;
  const ty = Math.floor(target / 12);
  const tm = target - ty * 12; // 0–11
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(ty, 4)}-${pad(tm + 1)}-${pad(Math.min(d, lastDay))}`;
}
