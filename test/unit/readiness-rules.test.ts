import { describe, expect, it } from 'vitest';
import { addMonths, daysBetween } from '../../src/domain/cadence.js';
import {
  READINESS_CITATIONS,
  READINESS_CONFIG,
  budgetRule,
  budgetState,
  drillRule,
  securityPercent,
  securityRatio,
} from '../../src/domain/readiness.js';

describe('addMonths', () => {
  it.each([
    ['2025-06-15', 12, '2026-06-15'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2027-02-28', 12, '2028-02-28'],
    ['2026-06-15', -12, '2025-06-15'],
    ['2025-12-31', 2, '2026-02-28'],
  ])('%s + %i months → %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('refuses a date that is not real', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('DRL-01 for an organisation', () => {
  // 15 Jun 2025 → 15 Jun 2026: no 29 February in between
  const AS_OF = '2026-06-15';

  it('counts a drill exactly 12 months (365 days) ago, due today', () => {
    expect(daysBetween('2025-06-15', AS_OF)).toBe(365);
    const r = drillRule('organisation', null, ['2025-06-15'], AS_OF);
    expect(r).toMatchObject({ rule: 'DRL-01', scope: 'organisation', state: 'due_soon', severity: null, dueDate: '2026-06-15' });
  });

  it('does not count a drill 366 days ago: gap since the day before', () => {
    expect(daysBetween('2025-06-14', AS_OF)).toBe(366);
    const r = drillRule('organisation', null, ['2025-06-14'], AS_OF);
    expect(r).toMatchObject({ state: 'gap', severity: 'medium', dueDate: '2026-06-14', detail: 'ready.drl.overdue' });
    expect(r.params).toEqual({ last: '2025-06-14', due: '2026-06-14' });
  });

  it('across 29 Feb 2028, 12 months are 366 days: a drill 366 days ago still counts, 367 does not', () => {
    const asOf = '2028-06-15';
    expect(daysBetween('2027-06-15', asOf)).toBe(366);
    expect(drillRule('organisation', null, ['2027-06-15'], asOf).state).toBe('due_soon');
    expect(daysBetween('2027-06-14', asOf)).toBe(367);
    expect(drillRule('organisation', null, ['2027-06-14'], asOf).state).toBe('gap');
  });

  it('a drill on 29 Feb 2028 is due on 28 Feb 2029', () => {
    expect(drillRule('organisation', null, ['2028-02-29'], '2029-02-28')).toMatchObject({ state: 'due_soon', dueDate: '2029-02-28' });
    expect(drillRule('organisation', null, ['2028-02-29'], '2029-03-01')).toMatchObject({ state: 'gap', dueDate: '2029-02-28' });
  });

  it('is due soon from 30 days before the due date, ok before that', () => {
    expect(daysBetween('2026-05-16', '2026-06-15')).toBe(30);
    expect(drillRule('organisation', null, ['2025-06-15'], '2026-05-16')).toMatchObject({ state: 'due_soon', params: { days: 30 } });
    expect(drillRule('organisation', null, ['2025-06-15'], '2026-05-15')).toMatchObject({ state: 'ok', severity: null, dueDate: '2026-06-15', detail: 'ready.drl.ok' });
  });

  it('uses the latest drill, whatever the order, and ignores drills after the as-of date', () => {
    expect(drillRule('organisation', null, ['2026-01-10', '2024-03-01', '2025-02-01'], AS_OF)).toMatchObject({ state: 'ok', dueDate: '2027-01-10' });
    expect(drillRule('organisation', null, ['2026-06-16'], AS_OF)).toMatchObject({ state: 'gap', dueDate: null, detail: 'ready.drl.none' });
  });

  it('is a gap with no due date when no drill was ever recorded', () => {
    expect(drillRule('organisation', null, [], AS_OF)).toMatchObject({ state: 'gap', severity: 'medium', dueDate: null });
  });

  it('does not depend on a level for an organisation', () => {
    expect(drillRule('organisation', 2, ['2026-01-10'], AS_OF).state).toBe('ok');
  });
});

describe('DRL-01 for a system', () => {
  const AS_OF = '2026-06-15';

  it.each([1, 2, 3])('is n/a at level %i, even without any drill', (level) => {
    expect(drillRule('system', level, [], AS_OF)).toMatchObject({ scope: 'system', state: 'n/a', severity: null, dueDate: null, params: { level } });
  });

  it('is n/a without an approved level', () => {
    expect(drillRule('system', null, [], AS_OF)).toMatchObject({ state: 'n/a', detail: 'ready.drl.sysNoLevel' });
  });

  it('is a gap at level 4 without a drill of the system', () => {
    expect(drillRule('system', 4, [], AS_OF)).toMatchObject({ state: 'gap', severity: 'medium', detail: 'ready.drl.sysNone' });
  });

  it('applies the same 12 months at levels 4 and 5', () => {
    expect(drillRule('system', 5, ['2025-06-15'], AS_OF).state).toBe('due_soon');
    expect(drillRule('system', 4, ['2025-06-14'], AS_OF).state).toBe('gap');
    expect(drillRule('system', 5, ['2026-03-01'], AS_OF).state).toBe('ok');
  });
});

describe('BUD-01', () => {
  const AS_OF = '2026-03-01';
  const year = (y: number, itBudget: number, securitySpending: number) => ({ year: y, itBudget, securitySpending });

  it('meets the minimum at exactly 10 %', () => {
    const r = budgetRule('organisation', [year(2026, 1_250_000_000, 125_000_000)], AS_OF);
    expect(r).toMatchObject({ rule: 'BUD-01', scope: 'organisation', state: 'ok', severity: null, dueDate: null, detail: 'ready.bud.ok' });
    expect(r.params).toMatchObject({ year: '2026', percent: 10, min: 10 });
  });

  it('is a gap at 9.99 %', () => {
    const r = budgetRule('system', [year(2026, 10_000, 999)], AS_OF);
    expect(r).toMatchObject({ scope: 'system', state: 'gap', severity: 'medium', detail: 'ready.bud.gap', params: { percent: 9.99 } });
  });

  it('is a gap one đồng short of 10 %, and shows it rounded down', () => {
    const r = budgetRule('organisation', [year(2026, 1_000_000_000, 99_999_999)], AS_OF);
    expect(r.state).toBe('gap');
    expect(r.params?.percent).toBe(9.99);
  });

  it('compares exactly beyond 2^53 / 10', () => {
    const itBudget = 9_007_199_254_740_990; // a safe integer; × 10 is not
    expect(budgetState({ itBudget, securitySpending: itBudget / 10 })).toBe('ok');
    expect(budgetState({ itBudget, securitySpending: itBudget / 10 - 1 })).toBe('gap');
  });

  it('is n/a without any figures', () => {
    expect(budgetRule('organisation', [], AS_OF)).toMatchObject({ state: 'n/a', severity: null, detail: 'ready.bud.none' });
  });

  it('is n/a when the IT budget is 0', () => {
    expect(budgetRule('organisation', [year(2026, 0, 0)], AS_OF)).toMatchObject({ state: 'n/a', detail: 'ready.bud.zero' });
  });

  it('uses last year when only last year has figures, and ignores later years', () => {
    const r = budgetRule('organisation', [year(2024, 100, 50), year(2025, 1000, 50), year(2027, 100, 100)], AS_OF);
    expect(r).toMatchObject({ state: 'gap', params: { year: '2025', percent: 5 } });
  });

  it('prefers the year of the as-of date', () => {
    expect(budgetRule('organisation', [year(2025, 1000, 50), year(2026, 1000, 100)], AS_OF)).toMatchObject({ state: 'ok', params: { year: '2026' } });
  });
});

describe('ratios and configuration', () => {
  it('gives the ratio, or null when there is no IT budget', () => {
    expect(securityRatio({ itBudget: 200, securitySpending: 30 })).toBeCloseTo(0.15);
    expect(securityRatio({ itBudget: 0, securitySpending: 0 })).toBeNull();
    expect(securityPercent({ itBudget: 3, securitySpending: 1 })).toBe(33.33);
    expect(securityPercent({ itBudget: 0, securitySpending: 0 })).toBeNull();
  });

  it('is frozen and cites both rules', () => {
    expect(Object.isFrozen(READINESS_CONFIG)).toBe(true);
    expect(Object.isFrozen(READINESS_CONFIG.systemDrillLevels)).toBe(true);
    expect(READINESS_CITATIONS['DRL-01']).toContain('964/QĐ-TTg');
    expect(READINESS_CITATIONS['BUD-01']).toContain('14/CT-TTg');
  });
});
