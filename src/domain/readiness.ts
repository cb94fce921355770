// Readiness rules: yearly incident-response drills (DRL-01) and the share of the IT budget spent on
// security (BUD-01), for an organisation or one system. Pure: the as-of date is passed in.
// Dates are ISO 'yyyy-mm-dd' strings, compared as strings; amounts are whole VND.
import type { RuleState } from './cadence.js';
import { addDays, addMonths, daysBetween } from './dates.js';

export interface ReadinessConfig {
  /** a drill counts for this many calendar months, through the same day of the month (end of month when shorter) */
  drillWithinMonths: number;
  /** system levels that owe a drill of their own, on top of the organisation's */
  systemDrillLevels: readonly number[];
  /** the minimum share of the IT budget spent on security */
  minSecurityRatio: number;
  /** `due_soon` from this many days before the next drill is due (inclusive) */
  dueSoonDays: number;
}

// Defaults of the ct14 overlay: at least one drill a year (Decision 964/QĐ-TTg §IV.5.a, §IV.6.a;
// Decision 515/QĐ-TTg §IV.8.b); at least 10 % of IT spending on security (Directive 14/CT-TTg §1.e;
// Decision 964/QĐ-TTg §III.2.n).
export const READINESS_CONFIG: ReadinessConfig = Object.freeze({
  drillWithinMonths: 12,
  systemDrillLevels: Object.freeze([4, 5]),
  minSecurityRatio: 0.1,
  dueSoonDays: 30,
});

export type ReadinessRuleId = 'DRL-01' | 'BUD-01';

export const READINESS_CITATIONS: Readonly<Record<ReadinessRuleId, string>> = Object.freeze({
  'DRL-01': 'Quyết định 964/QĐ-TTg, mục IV.5.a, IV.6.a; Quyết định 515/QĐ-TTg, mục IV.8.b',
  'BUD-01': 'Chỉ thị 14/CT-TTg, khoản 1 điểm e; Quyết định 964/QĐ-TTg, mục III.2.n',
});

export type ReadinessScope = 'organisation' | 'system';

export interface ReadinessResult {
  rule: ReadinessRuleId;
  scope: ReadinessScope;
  state: RuleState;
  /** 'medium' when the rule is not met (gap), else null */
  severity: 'medium' | null;
  /** DRL-01: the day by which the next drill is due (the last drill + 12 months); null when none recorded or n/a */
  dueDate: string | null;
  /** i18n key of the explanation */
  detail: string;
  /** for the explanation: ISO dates (yyyy-mm-dd) and years as strings, amounts and percentages as numbers */
  params?: Record<string, string | number>;
}

// ---- DRL-01 ----

/**
 * DRL-01 as of `asOf`. An organisation owes a drill every 12 months; a system owes its own only at the
 * levels of `systemDrillLevels` (below, or without an approved level: n/a). The last drill on or before
 * asOf counts through the same day 12 months later (a drill on 15 Jun 2025 still counts on 15 Jun 2026).
 * Drills dated after asOf are ignored.
 */
export function drillRule(
  scope: ReadinessScope,
  level: number | null,
  drillDates: readonly string[],
  asOf: string,
  cfg: ReadinessConfig = READINESS_CONFIG,
): ReadinessResult {
  addDays(asOf, 0);
  const base = { rule: 'DRL-01' as const, scope };
  if (scope === 'system' && (level === null || !cfg.systemDrillLevels.includes(level))) {
    return level === null
      ? { ...base, state: 'n/a', severity: null, dueDate: null, detail: 'ready.drl.sysNoLevel' }
      : { ...base, state: 'n/a', severity: null, dueDate: null, detail: 'ready.drl.sysLevelNa', params: { level } };
  }
  const last = drillDates.filter((d) => d <= asOf).sort().at(-1);
  if (last === undefined) {
    return { ...base, state: 'gap', severity: 'medium', dueDate: null, detail: scope === 'system' ? 'ready.drl.sysNone' : 'ready.drl.none' };
  }
  const dueDate = addMonths(last, cfg.drillWithinMonths);
  const params = { last, due: dueDate };
  if (dueDate < asOf) return { ...base, state: 'gap', severity: 'medium', dueDate, detail: 'ready.drl.overdue', params };
  const days = daysBetween(asOf, dueDate);
  if (days <= cfg.dueSoonDays) return { ...base, state: 'due_soon', severity: null, dueDate, detail: 'ready.drl.dueSoon', params: { ...params, days } };
  return { ...base, state: 'ok', severity: null, dueDate, detail: 'ready.drl.ok', params };
}

// ---- BUD-01 ----

export interface BudgetFigures {
  year: number;
  itBudget: number;
  securitySpending: number;
}

const RATIO_SCALE = 10_000; // the minimum ratio is compared in basis points, in BigInt: budgets can pass 2^53 / 10 000

function basisPoints(cfg: ReadinessConfig): bigint {
  return BigInt(Math.round(cfg.minSecurityRatio * RATIO_SCALE));
}

/** Security spending over the IT budget, or null when the IT budget is 0. */
export function securityRatio(b: Pick<BudgetFigures, 'itBudget' | 'securitySpending'>): number | null {
  return b.itBudget > 0 ? b.securitySpending / b.itBudget : null;
}

/** The ratio as a percentage rounded down to 2 decimals (9.999 % shows as 9.99 %, never as 10 %); null when the IT budget is 0. */
export function securityPercent(b: Pick<BudgetFigures, 'itBudget' | 'securitySpending'>): number | null {
  if (b.itBudget <= 0) return null;
  return Number((BigInt(b.securitySpending) * BigInt(RATIO_SCALE)) / BigInt(b.itBudget)) / 100;
}

/** One year's figures against the minimum: exactly 10 % meets it. n/a when there is no IT budget. */
export function budgetState(b: Pick<BudgetFigures, 'itBudget' | 'securitySpending'>, cfg: ReadinessConfig = READINESS_CONFIG): 'ok' | 'gap' | 'n/a' {
  if (b.itBudget <= 0) return 'n/a';
  return BigInt(b.securitySpending) * BigInt(RATIO_SCALE) >= BigInt(b.itBudget) * basisPoints(cfg) ? 'ok' : 'gap';
}

/**
 * BUD-01 as of `asOf`: the figures of asOf's year, else of the latest earlier year with figures (later
 * years are plans and are ignored). No figures, or an IT budget of 0 → n/a.
 */
export function budgetRule(
  scope: ReadinessScope,
  budgets: readonly BudgetFigures[],
  asOf: string,
  cfg: ReadinessConfig = READINESS_CONFIG,
): ReadinessResult {
  addDays(asOf, 0);
  const base = { rule: 'BUD-01' as const, scope, dueDate: null };
  const year = Number(asOf.slice(0, 4));
  const b = budgets.filter((x) => x.year <= year).sort((x, y) => y.year - x.year)[0];
  if (!b) return { ...base, state: 'n/a', severity: null, detail: 'ready.bud.none' };
  const params = { year: String(b.year), it: b.itBudget, security: b.securitySpending };
  const state = budgetState(b, cfg);
  if (state === 'n/a') return { ...base, state, severity: null, detail: 'ready.bud.zero', params };
  const withPercent = { ...params, percent: securityPercent(b) ?? 0, min: Math.round(cfg.minSecurityRatio * 100) };
  return state === 'gap'
    ? { ...base, state, severity: 'medium', detail: 'ready.bud.gap', params: withPercent }
    : { ...base, state, severity: null, detail: 'ready.bud.ok', params: withPercent };
}
