import { describe, it, expect } from 'vitest';
import {
  DEFAULT_CADENCE,
  addDays,
  assessmentCadence,
  cadenceKindFor,
  cycleContaining,
  daysBetween,
  nextCycle,
  previousCycle,
  type CadenceConfig,
  type CadenceInput,
  type CadenceKind,
  type Cycle,
  type KindCadence,
} from '../../src/domain/cadence.js';
import { levelOn as levelInForce } from '../../src/domain/timeline.js';

const cyc = (start: string, end: string): Cycle => ({ start, end });

describe('date arithmetic (UTC)', () => {
  it.each([
    ['2026-12-14', 1, '2026-12-15'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-03-29', 1, '2026-03-30'], // a DST change day in Europe: must not matter
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('daysBetween counts whole days, leap day included', () => {
    expect(daysBetween('2026-11-14', '2026-12-14')).toBe(30);
    expect(daysBetween('2028-02-14', '2028-03-15')).toBe(30);
    expect(daysBetween('2026-12-15', '2026-12-14')).toBe(-1);
  });

  it.each(['2026-02-29', '2026-13-01', '14/12/2026', '2026-1-1', ''])('rejects %j', (bad) => {
    expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => cycleContaining(bad, 'yearly')).toThrow(RangeError);
  });
});

describe('cycleContaining', () => {
  it.each<[string, CadenceKind, Cycle]>([
    ['2026-12-14', 'yearly', cyc('2025-12-15', '2026-12-14')],
    ['2026-12-15', 'yearly', cyc('2026-12-15', '2027-12-14')],
    ['2026-12-31', 'yearly', cyc('2026-12-15', '2027-12-14')],
    ['2026-01-01', 'yearly', cyc('2025-12-15', '2026-12-14')],
    ['2028-02-29', 'yearly', cyc('2027-12-15', '2028-12-14')],
    ['2026-06-14', 'half', cyc('2025-12-15', '2026-06-14')],
    ['2026-06-15', 'half', cyc('2026-06-15', '2026-12-14')],
    ['2026-12-14', 'half', cyc('2026-06-15', '2026-12-14')],
    ['2026-12-15', 'half', cyc('2026-12-15', '2027-06-14')],
    ['2028-02-29', 'half', cyc('2027-12-15', '2028-06-14')],
  ])('%s (%s) → %o', (date, kind, expected) => {
    expect(cycleContaining(date, kind)).toEqual(expected);
  });

  it('steps to the previous and next cycle', () => {
    const y = cyc('2025-12-15', '2026-12-14');
    expect(previousCycle(y, 'yearly')).toEqual(cyc('2024-12-15', '2025-12-14'));
    expect(nextCycle(y, 'yearly')).toEqual(cyc('2026-12-15', '2027-12-14'));
    const h = cyc('2027-12-15', '2028-06-14');
    expect(previousCycle(h, 'half')).toEqual(cyc('2027-06-15', '2027-12-14'));
    expect(nextCycle(h, 'half')).toEqual(cyc('2028-06-15', '2028-12-14'));
    expect(nextCycle(nextCycle(h, 'half'), 'half')).toEqual(cyc('2028-12-15', '2029-06-14'));
  });

  it('takes the cycle starts from the config (a cycle ending on 29 Feb in a leap year)', () => {
    const marchYear: CadenceConfig = { ...DEFAULT_CADENCE, cycleStarts: { ...DEFAULT_CADENCE.cycleStarts, yearly: [{ month: 3, day: 1 }] } };
    expect(cycleContaining('2028-02-29', 'yearly', marchYear)).toEqual(cyc('2027-03-01', '2028-02-29'));
    expect(cycleContaining('2027-02-28', 'yearly', marchYear)).toEqual(cyc('2026-03-01', '2027-02-28'));
    expect(cycleContaining('2028-03-01', 'yearly', marchYear)).toEqual(cyc('2028-03-01', '2029-02-28'));
  });

  it('accepts half-year starts in any order', () => {
    const cfg: CadenceConfig = { ...DEFAULT_CADENCE, cycleStarts: { ...DEFAULT_CADENCE.cycleStarts, half: [{ month: 12, day: 15 }, { month: 6, day: 15 }] } };
    expect(cycleContaining('2026-06-15', 'half', cfg)).toEqual(cyc('2026-06-15', '2026-12-14'));
  });

  it('refuses a kind with no cycle starts', () => {
    const cfg: CadenceConfig = { ...DEFAULT_CADENCE, cycleStarts: { ...DEFAULT_CADENCE.cycleStarts, half: [] } };
    expect(() => cycleContaining('2026-06-15', 'half', cfg)).toThrow(RangeError);
  });
});

describe('levels', () => {
  const levels = [
    { level: 2, from: '2020-01-01' },
    { level: 3, from: '2026-09-10' },
  ];
  it.each([
    ['2019-12-31', null],
    ['2020-01-01', 2],
    ['2026-09-09', 2],
    ['2026-09-10', 3],
  ])('level in force on %s is %s', (date, level) => {
    expect(levelInForce(levels, date)).toBe(level);
  });

  it('a later entry with the same date replaces the earlier one', () => {
    expect(levelInForce([{ level: 3, from: '2026-01-01' }, { level: 4, from: '2026-01-01' }], '2026-02-01')).toBe(4);
  });

  it.each([
    [null, null],
    [1, null],
    [2, null],
    [3, 'yearly'],
    [4, 'yearly'],
    [5, 'half'],
  ])('level %s owes %s', (level, kind) => {
    expect(cadenceKindFor(level)).toBe(kind);
  });
});

// ---- assessmentCadence ----

const L3 = [{ level: 3, from: '2020-01-01' }];
const L5 = [{ level: 5, from: '2020-01-01' }];

const input = (over: Partial<CadenceInput> & Pick<CadenceInput, 'asOf'>): CadenceInput => ({
  levels: L3,
  inOperationFrom: '2020-06-01',
  decommissionedAt: null,
  performed: [],
  ...over,
});

interface Row {
  name: string;
  input: CadenceInput;
  cfg?: CadenceConfig;
  /** which rule's result is checked (default: ASM-02 when expected names it, else ASM-01) */
  expected: Partial<KindCadence>;
}

const rows: Row[] = [
  // level 3, yearly cycle 15 Dec → 14 Dec; assessed in the previous cycle, none in this one
  {
    name: 'level 3, 13 Dec, nothing this cycle → due_soon',
    input: input({ asOf: '2026-12-13', performed: ['2025-03-01'] }),
    expected: { state: 'due_soon', rule: 'ASM-01', kind: 'yearly', currentCycle: cyc('2025-12-15', '2026-12-14'), nextDue: '2026-12-14', reportDeadline: '2026-12-14', overdueSince: null, missedCycle: null },
  },
  {
    name: 'level 3, 14 Dec (last day) → due_soon',
    input: input({ asOf: '2026-12-14', performed: ['2025-03-01'] }),
    expected: { state: 'due_soon', nextDue: '2026-12-14' },
  },
  {
    name: 'level 3, 15 Dec → gap since 14 Dec',
    input: input({ asOf: '2026-12-15', performed: ['2025-03-01'] }),
    expected: { state: 'gap', rule: 'ASM-01', kind: 'yearly', currentCycle: cyc('2026-12-15', '2027-12-14'), nextDue: '2027-12-14', overdueSince: '2026-12-14', missedCycle: cyc('2025-12-15', '2026-12-14') },
  },
  {
    name: 'level 3, due-soon window starts exactly 30 days before the end',
    input: input({ asOf: '2026-11-14', performed: ['2025-03-01'] }),
    expected: { state: 'due_soon' },
  },
  {
    name: 'level 3, 31 days before the end → ok',
    input: input({ asOf: '2026-11-13', performed: ['2025-03-01'] }),
    expected: { state: 'ok', nextDue: '2026-12-14', reportDeadline: '2026-12-14' },
  },
  {
    name: 'level 3, assessed this cycle → ok, next due the next cycle, report still due this 14 Dec',
    input: input({ asOf: '2026-12-01', performed: ['2026-04-10', '2025-03-01'] }),
    expected: { state: 'ok', currentCycle: cyc('2025-12-15', '2026-12-14'), nextDue: '2027-12-14', reportDeadline: '2026-12-14' },
  },
  {
    name: 'level 3, assessed on the first day of the cycle',
    input: input({ asOf: '2026-12-14', performed: ['2025-12-15'] }),
    expected: { state: 'ok', nextDue: '2027-12-14' },
  },
  {
    name: 'level 3, assessed on the last day of the missed cycle → no gap next day',
    input: input({ asOf: '2026-12-15', performed: ['2026-12-14'] }),
    expected: { state: 'ok', nextDue: '2027-12-14' },
  },
  {
    name: 'level 4 follows the yearly cadence too',
    input: input({ asOf: '2026-12-15', levels: [{ level: 4, from: '2020-01-01' }] }),
    expected: { state: 'gap', rule: 'ASM-01', overdueSince: '2026-12-14' },
  },
  {
    name: 'an assessment after the missed cycle clears the gap (and counts for the current cycle)',
    input: input({ asOf: '2027-02-01', performed: ['2025-03-01', '2027-01-20'] }),
    expected: { state: 'ok', overdueSince: null, missedCycle: null, nextDue: '2028-12-14' },
  },
  {
    name: 'the gap stays until an assessment is performed',
    input: input({ asOf: '2027-11-30', performed: ['2025-03-01'] }),
    expected: { state: 'gap', overdueSince: '2026-12-14', currentCycle: cyc('2026-12-15', '2027-12-14') },
  },
  {
    name: 'gap takes priority over due_soon',
    input: input({ asOf: '2027-12-01', performed: ['2025-03-01'] }),
    expected: { state: 'gap', overdueSince: '2026-12-14', nextDue: '2027-12-14' },
  },
  {
    name: 'two missed cycles: overdue since the most recent one',
    input: input({ asOf: '2027-12-20' }),
    expected: { state: 'gap', overdueSince: '2027-12-14', missedCycle: cyc('2026-12-15', '2027-12-14') },
  },
  {
    name: 'future performed dates are ignored',
    input: input({ asOf: '2026-12-15', performed: ['2025-03-01', '2026-12-20'] }),
    expected: { state: 'gap', overdueSince: '2026-12-14' },
  },
  {
    name: 'a planned assessment later in the current cycle does not make it done',
    input: input({ asOf: '2026-12-01', performed: ['2025-03-01', '2026-12-10'] }),
    expected: { state: 'due_soon', nextDue: '2026-12-14' },
  },

  // level 5, half-year cycles 15 Dec → 14 Jun, 15 Jun → 14 Dec
  {
    name: 'level 5, 14 Jun, nothing this half → due_soon',
    input: input({ asOf: '2026-06-14', levels: L5, performed: ['2025-12-01'] }),
    expected: { state: 'due_soon', rule: 'ASM-02', kind: 'half', currentCycle: cyc('2025-12-15', '2026-06-14'), nextDue: '2026-06-14', reportDeadline: '2026-06-14' },
  },
  {
    name: 'level 5, 15 Jun → gap since 14 Jun',
    input: input({ asOf: '2026-06-15', levels: L5, performed: ['2025-12-01'] }),
    expected: { state: 'gap', rule: 'ASM-02', kind: 'half', overdueSince: '2026-06-14', missedCycle: cyc('2025-12-15', '2026-06-14'), currentCycle: cyc('2026-06-15', '2026-12-14') },
  },
  {
    name: 'level 5, one assessment in the first half → ok for it, due for the second half',
    input: input({ asOf: '2026-05-01', levels: L5, performed: ['2025-12-01', '2026-03-01'] }),
    expected: { state: 'ok', nextDue: '2026-12-14', reportDeadline: '2026-06-14' },
  },
  {
    name: 'level 5, the first half assessed, second half under way → ok, due 14 Dec',
    input: input({ asOf: '2026-07-01', levels: L5, performed: ['2026-03-01'] }),
    expected: { state: 'ok', currentCycle: cyc('2026-06-15', '2026-12-14'), nextDue: '2026-12-14', reportDeadline: '2026-12-14', overdueSince: null },
  },
  {
    name: 'level 5, second half without assessment, 20 Nov → due_soon',
    input: input({ asOf: '2026-11-20', levels: L5, performed: ['2026-03-01'] }),
    expected: { state: 'due_soon', nextDue: '2026-12-14' },
  },
  {
    name: 'level 5, one assessment a year is not enough',
    input: input({ asOf: '2026-12-15', levels: L5, performed: ['2026-03-01'] }),
    expected: { state: 'gap', overdueSince: '2026-12-14', missedCycle: cyc('2026-06-15', '2026-12-14') },
  },
  {
    name: 'leap year: half-year cycle 15 Dec 2027 → 14 Jun 2028, due_soon from 15 May 2028',
    input: input({ asOf: '2028-05-15', levels: L5, performed: ['2027-12-01'] }),
    expected: { state: 'due_soon', currentCycle: cyc('2027-12-15', '2028-06-14'), nextDue: '2028-06-14' },
  },
  {
    name: 'leap year: 29 Feb 2028 in the yearly cycle, assessed that day',
    input: input({ asOf: '2028-12-15', performed: ['2028-02-29'] }),
    expected: { state: 'ok', currentCycle: cyc('2028-12-15', '2029-12-14'), nextDue: '2029-12-14' },
  },

  // going live and level changes
  {
    name: 'went live 1 Dec: not live yet on 20 Nov → ok, owes by 14 Dec',
    input: input({ asOf: '2026-11-20', inOperationFrom: '2026-12-01' }),
    expected: { state: 'ok', nextDue: '2026-12-14', reportDeadline: '2026-12-14' },
  },
  {
    name: 'went live 1 Dec: 2 Dec → due_soon',
    input: input({ asOf: '2026-12-02', inOperationFrom: '2026-12-01' }),
    expected: { state: 'due_soon', nextDue: '2026-12-14' },
  },
  {
    name: 'went live 1 Dec: 15 Dec with no assessment → gap',
    input: input({ asOf: '2026-12-15', inOperationFrom: '2026-12-01' }),
    expected: { state: 'gap', overdueSince: '2026-12-14', missedCycle: cyc('2025-12-15', '2026-12-14') },
  },
  {
    name: 'went live 1 Dec: assessed before go-live in the same cycle counts',
    input: input({ asOf: '2026-12-15', inOperationFrom: '2026-12-01', performed: ['2026-11-25'] }),
    expected: { state: 'ok' },
  },
  {
    name: 'went live on 15 Dec: the cycle that just ended is not owed',
    input: input({ asOf: '2026-12-20', inOperationFrom: '2026-12-15' }),
    expected: { state: 'ok', overdueSince: null, currentCycle: cyc('2026-12-15', '2027-12-14'), nextDue: '2027-12-14' },
  },
  {
    name: 'goes live next year: first assessment due in the go-live cycle',
    input: input({ asOf: '2026-11-20', inOperationFrom: '2027-03-01' }),
    expected: { state: 'ok', currentCycle: cyc('2025-12-15', '2026-12-14'), nextDue: '2027-12-14', reportDeadline: '2027-12-14' },
  },
  {
    name: 'level 3 approved, no go-live date → n/a',
    input: input({ asOf: '2026-11-20', inOperationFrom: null }),
    expected: { state: 'n/a', currentCycle: null, nextDue: null, reportDeadline: null },
  },
  {
    name: 'level raised 2 → 3 in September: still level 2 in August → n/a',
    input: input({ asOf: '2026-08-01', levels: [{ level: 2, from: '2020-01-01' }, { level: 3, from: '2026-09-10' }] }),
    expected: { state: 'n/a' },
  },
  {
    name: 'level raised 2 → 3 in September: October → ok, due 14 Dec',
    input: input({ asOf: '2026-10-01', levels: [{ level: 2, from: '2020-01-01' }, { level: 3, from: '2026-09-10' }] }),
    expected: { state: 'ok', rule: 'ASM-01', nextDue: '2026-12-14' },
  },
  {
    name: 'level raised 2 → 3 in September: subject to the cycle ending that December',
    input: input({ asOf: '2026-12-15', levels: [{ level: 2, from: '2020-01-01' }, { level: 3, from: '2026-09-10' }] }),
    expected: { state: 'gap', overdueSince: '2026-12-14' },
  },
  {
    name: 'level 2 throughout → n/a',
    input: input({ asOf: '2026-12-15', levels: [{ level: 2, from: '2020-01-01' }] }),
    expected: { state: 'n/a', currentCycle: null, nextDue: null, reportDeadline: null, overdueSince: null, missedCycle: null },
  },
  {
    name: 'no level → n/a',
    input: input({ asOf: '2026-12-15', levels: [] }),
    expected: { state: 'n/a' },
  },
  {
    name: 'level lowered 3 → 2 after a missed cycle: the gap remains',
    input: input({ asOf: '2027-01-10', levels: [{ level: 3, from: '2020-01-01' }, { level: 2, from: '2027-01-05' }] }),
    expected: { state: 'gap', rule: 'ASM-01', kind: 'yearly', currentCycle: null, nextDue: null, overdueSince: '2026-12-14' },
  },
  {
    name: 'level lowered 3 → 2 after an assessed cycle → ok until that cycle is no longer the last one',
    input: input({ asOf: '2027-01-10', levels: [{ level: 3, from: '2020-01-01' }, { level: 2, from: '2027-01-05' }], performed: ['2026-05-01'] }),
    expected: { state: 'ok', rule: 'ASM-01', currentCycle: null, nextDue: null },
  },
  {
    // docs/rules.md §5, the timeline: the last cycle at level 3 (ending 14 Dec 2025) was missed and stays missed
    name: 'level lowered 3 → 2 before the cycle ended, an earlier level-3 cycle missed → that gap remains',
    input: input({ asOf: '2027-01-10', levels: [{ level: 3, from: '2020-01-01' }, { level: 2, from: '2026-11-01' }] }),
    expected: { state: 'gap', overdueSince: '2025-12-14', missedCycle: cyc('2024-12-15', '2025-12-14'), currentCycle: null },
  },
  {
    name: 'level lowered 3 → 2 before the cycle ended, the last level-3 cycle assessed → ok, nothing more due',
    input: input({ asOf: '2027-01-10', levels: [{ level: 3, from: '2020-01-01' }, { level: 2, from: '2026-11-01' }], performed: ['2025-06-01'] }),
    expected: { state: 'ok', nextDue: null, currentCycle: null },
  },
  {
    name: 'level raised 4 → 5: the missed yearly cycle is judged as yearly',
    input: input({ asOf: '2027-02-01', levels: [{ level: 4, from: '2020-01-01' }, { level: 5, from: '2027-01-15' }], performed: ['2026-03-01'] }),
    expected: { state: 'ok', rule: 'ASM-02', kind: 'half', currentCycle: cyc('2026-12-15', '2027-06-14'), nextDue: '2027-06-14' },
  },
  {
    // docs/rules.md §5, the timeline: a cycle missed at level 4 stays an ASM-01 gap after the level was raised to 5
    name: 'level raised 4 → 5 after a missed yearly cycle: the yearly cycle stays an ASM-01 gap',
    input: input({ asOf: '2027-02-01', levels: [{ level: 4, from: '2020-01-01' }, { level: 5, from: '2027-01-15' }], performed: ['2025-03-01'] }),
    expected: { state: 'gap', rule: 'ASM-01', kind: 'yearly', overdueSince: '2026-12-14', missedCycle: cyc('2025-12-15', '2026-12-14'), currentCycle: null, nextDue: null },
  },
  {
    // … and level 5 owes its first half-year assessment at the end of the half-year of its approval
    name: 'level raised 4 → 5 after a missed yearly cycle: ASM-02 owes the current half-year only',
    input: input({ asOf: '2027-02-01', levels: [{ level: 4, from: '2020-01-01' }, { level: 5, from: '2027-01-15' }], performed: ['2025-03-01'] }),
    expected: { state: 'ok', rule: 'ASM-02', kind: 'half', currentCycle: cyc('2026-12-15', '2027-06-14'), nextDue: '2027-06-14', overdueSince: null },
  },
  {
    name: 'level lowered 5 → 3: the last half-year is no longer owed, the yearly cycle is',
    input: input({ asOf: '2027-01-10', levels: [{ level: 5, from: '2020-01-01' }, { level: 3, from: '2026-09-01' }], performed: ['2026-03-01'] }),
    expected: { state: 'ok', rule: 'ASM-01', kind: 'yearly' },
  },

  // decommissioning
  {
    name: 'decommissioned before the cycle ended → n/a',
    input: input({ asOf: '2026-12-15', decommissionedAt: '2026-11-01' }),
    expected: { state: 'n/a', nextDue: null },
  },
  {
    name: 'decommissioned on the cycle’s last day → not subject to it',
    input: input({ asOf: '2026-12-15', decommissionedAt: '2026-12-14' }),
    expected: { state: 'n/a' },
  },
  {
    // a decommissioned system owes nothing any more (every rule of the engine is n/a for it)
    name: 'decommissioned after a missed cycle → n/a from the decommissioning day',
    input: input({ asOf: '2027-01-10', decommissionedAt: '2026-12-20' }),
    expected: { state: 'n/a', overdueSince: null, currentCycle: null, nextDue: null },
  },
  {
    name: 'decommissioning planned after a missed cycle → the gap remains until that day',
    input: input({ asOf: '2026-12-19', decommissionedAt: '2026-12-20' }),
    expected: { state: 'gap', overdueSince: '2026-12-14', currentCycle: cyc('2026-12-15', '2027-12-14'), nextDue: null },
  },
  {
    name: 'decommissioning planned before this cycle ends → nothing due, not due_soon',
    input: input({ asOf: '2026-12-01', decommissionedAt: '2026-12-10', performed: ['2025-06-01'] }),
    expected: { state: 'ok', nextDue: null, reportDeadline: null },
  },
  {
    name: 'decommissioning planned after this cycle → still due',
    input: input({ asOf: '2026-12-01', decommissionedAt: '2027-03-01', performed: ['2025-06-01'] }),
    expected: { state: 'due_soon', nextDue: '2026-12-14' },
  },
  {
    name: 'decommissioning planned before next cycle ends, this one assessed → nothing more due',
    input: input({ asOf: '2026-12-01', decommissionedAt: '2027-03-01', performed: ['2026-06-01'] }),
    expected: { state: 'ok', nextDue: null, reportDeadline: '2026-12-14' },
  },

  // configuration
  {
    name: 'dueSoonDays 60: 50 days before the end → due_soon',
    input: input({ asOf: '2026-10-25', performed: ['2025-06-01'] }),
    cfg: { ...DEFAULT_CADENCE, dueSoonDays: 60 },
    expected: { state: 'due_soon' },
  },
  {
    name: 'dueSoonDays 0: only the last day is due_soon',
    input: input({ asOf: '2026-12-13', performed: ['2025-06-01'] }),
    cfg: { ...DEFAULT_CADENCE, dueSoonDays: 0 },
    expected: { state: 'ok' },
  },
  {
    name: 'dueSoonDays 0: the last day',
    input: input({ asOf: '2026-12-14', performed: ['2025-06-01'] }),
    cfg: { ...DEFAULT_CADENCE, dueSoonDays: 0 },
    expected: { state: 'due_soon' },
  },
  {
    name: 'level 4 moved to half-yearly by config',
    input: input({ asOf: '2026-06-15', levels: [{ level: 4, from: '2020-01-01' }] }),
    cfg: { ...DEFAULT_CADENCE, levelsYearly: [3], levelsHalfYearly: [4, 5] },
    expected: { state: 'gap', rule: 'ASM-02', kind: 'half', overdueSince: '2026-06-14' },
  },
];

/** The result a row checks: the rule it names, else the yearly cycle's unless only the half-year one applies. */
function pick(i: CadenceInput, expected: Partial<KindCadence>, cfg?: CadenceConfig): KindCadence {
  const r = assessmentCadence(i, cfg);
  if (expected.rule) return r[expected.rule];
  return r['ASM-01'].state === 'n/a' && r['ASM-02'].state !== 'n/a' ? r['ASM-02'] : r['ASM-01'];
}

describe('assessmentCadence', () => {
  it.each(rows)('$name', ({ input: i, cfg, expected }) => {
    expect(pick(i, expected, cfg)).toMatchObject(expected);
  });

  it('returns both rules, every field', () => {
    expect(assessmentCadence(input({ asOf: '2026-12-15' }))['ASM-02']).toEqual({
      state: 'n/a', rule: 'ASM-02', kind: 'half', currentCycle: null, nextDue: null, reportDeadline: null, overdueSince: null, missedCycle: null,
    });
    expect(assessmentCadence(input({ asOf: '2026-12-15' }))['ASM-01']).toEqual({
      state: 'gap',
      rule: 'ASM-01',
      kind: 'yearly',
      currentCycle: cyc('2026-12-15', '2027-12-14'),
      nextDue: '2027-12-14',
      reportDeadline: '2027-12-14',
      overdueSince: '2026-12-14',
      missedCycle: cyc('2025-12-15', '2026-12-14'),
    });
  });

  it('does not depend on the order of performed dates or level periods', () => {
    const a = assessmentCadence(input({ asOf: '2027-02-01', levels: [{ level: 2, from: '2020-01-01' }, { level: 3, from: '2026-09-10' }], performed: ['2025-03-01', '2027-01-20'] }));
    const b = assessmentCadence(input({ asOf: '2027-02-01', levels: [{ level: 3, from: '2026-09-10' }, { level: 2, from: '2020-01-01' }], performed: ['2027-01-20', '2025-03-01'] }));
    expect(b).toEqual(a);
  });

  it('default config is frozen', () => {
    expect(Object.isFrozen(DEFAULT_CADENCE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CADENCE.cycleStarts.half)).toBe(true);
  });

  it('rejects a malformed as-of date', () => {
    expect(() => assessmentCadence(input({ asOf: '15/12/2026' }))).toThrow(RangeError);
  });
});
