// The rule pack over the demo data (seeds/demo.ts) as of its day, 24/11/2026: every rule fires somewhere,
// the deliberate gaps the seed documents are found, and the cadence turns due_soon into gap on 15 Dec.
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { users } from '../../src/db/schema/users.js';
import { RULE_IDS, type RuleId, type RuleResult } from '../../src/domain/rules/index.js';
import { translate } from '../../src/i18n/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { evaluateScope, type Evaluation } from '../helpers/evaluation.js';
import { seedDemo } from '../../seeds/demo.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';

let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  await seedDemo(db);
}, 60_000);

/** The evaluation of every admin of the demo (the province and the ministry), as of a date. */
function evaluateAll(asOf: string): Evaluation[] {
  const admins = db.select().from(users).all().filter((u) => u.role === 'admin');
  expect(admins.length).toBeGreaterThanOrEqual(2);
  return admins.map((u) => evaluateScope(db, actorFor(db, u), { asOf }));
}

type Row = { code: string; result: RuleResult };
function rows(evs: readonly Evaluation[]): Row[] {
  return evs.flatMap((ev) => [
    ...ev.systems.flatMap((s) => s.results.map((result) => ({ code: s.system.code, result }))),
    ...ev.organisations.flatMap((o) => o.results.map((result) => ({ code: o.organisation.code, result }))),
  ]);
}

const flagged = (r: RuleResult) => r.state === 'gap' || r.state === 'due_soon';
const codesWhere = (rs: readonly Row[], rule: RuleId, state: RuleResult['state']) =>
  [...new Set(rs.filter((r) => r.result.rule === rule && r.result.state === state).map((r) => r.code))].sort();

describe(`the demo as of ${DEMO_TODAY}`, () => {
  it('is the day the rule pack is checked against', () => {
    expect(DEMO_TODAY).toBe('2026-11-24');
  });

  it('fires every rule of the pack somewhere (gap or due_soon)', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    const fired = new Set(rs.filter((r) => flagged(r.result)).map((r) => r.result.rule));
    expect(RULE_IDS.filter((id) => !fired.has(id))).toEqual([]);
  });

  it('finds the deliberate gaps the demo documents', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    expect(codesWhere(rs, 'ASM-03', 'gap')).toEqual(['BHT-HTTT-007', 'BS-HTTT-009', 'BS-HTTT-012', 'BS-HTTT-053']);
    expect(codesWhere(rs, 'ASM-04', 'gap')).toEqual(['BS-HTTT-009']);
    expect(codesWhere(rs, 'ASM-05', 'gap')).toEqual(['BHT-HTTT-001']);
    expect(codesWhere(rs, 'ASM-01', 'gap')).toEqual(expect.arrayContaining(['BHT-HTTT-012', 'BS-HTTT-019', 'BS-HTTT-023', 'BS-HTTT-035']));
    expect(codesWhere(rs, 'ASM-01', 'due_soon')).toEqual(expect.arrayContaining(['BHT-HTTT-016', 'BS-HTTT-009', 'BS-HTTT-020', 'BS-HTTT-026']));
    expect(codesWhere(rs, 'ASM-02', 'due_soon')).toEqual(['BHT-HTTT-001', 'BHT-HTTT-002']);
    expect(codesWhere(rs, 'ASM-06', 'gap')).toEqual(expect.arrayContaining(['BHT-HTTT-008', 'BS-HTTT-001', 'BS-HTTT-012', 'BS-HTTT-019', 'BS-HTTT-021', 'BS-HTTT-035']));
    expect(codesWhere(rs, 'L4-1', 'gap')).toContain('BS-HTTT-026');
    expect(codesWhere(rs, 'L4-2', 'gap')).toEqual(expect.arrayContaining(['BS-HTTT-019', 'BHT-HTTT-012', 'BS-HTTT-036']));
    expect(codesWhere(rs, 'L4-3', 'gap')).toEqual(expect.arrayContaining(['BS-HTTT-023', 'BS-HTTT-035']));
    expect(codesWhere(rs, 'L4-4', 'gap')).toEqual(expect.arrayContaining(['BHT-HTTT-008', 'BS-HTTT-009', 'BS-HTTT-035']));
    // the 1 Jan 2027 transition deadline shows 38 days ahead (its own 90-day window)
    const lvl06 = rs.filter((r) => r.result.rule === 'LVL-06' && r.result.state === 'due_soon');
    expect(lvl06.length).toBeGreaterThan(0);
    expect(new Set(lvl06.map((r) => r.result.dueDate))).toEqual(new Set(['2027-01-01']));
  });

  // the systems the seed adds for docs/rules.md §5 (seeds/demo-data.ts, seeds/demo-protection.ts say which shows what)
  const resultOf = (rs: readonly Row[], code: string, rule: RuleId) => rs.find((r) => r.code === code && r.result.rule === rule)!.result;

  it('§5.1.1: a level-4 system raised to 5 just after a missed cycle keeps that ASM-01 gap and owes level 5 from its half-year', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    const asm01 = resultOf(rs, 'BHT-HTTT-019', 'ASM-01');
    expect([asm01.state, asm01.dueDate, asm01.params]).toEqual(['gap', '2025-12-14', { from: '2024-12-15', to: '2025-12-14' }]);
    const asm02 = resultOf(rs, 'BHT-HTTT-019', 'ASM-02');
    // approved on 12/01/2026: the first half-year owed is 15/12/2025–14/06/2026, nothing before it
    expect([asm02.state, asm02.dueDate, asm02.params]).toEqual(['gap', '2026-06-14', { from: '2025-12-15', to: '2026-06-14' }]);
    // the day before that half-year ended, ASM-02 was only due soon
    const earlier = rows(evaluateAll('2026-06-13'));
    expect(resultOf(earlier, 'BHT-HTTT-019', 'ASM-02').state).toBe('due_soon');
  });

  it('§5.1.2–3: a grand-subsidiary of the monitoring provider’s group is not independent, and its assessment leaves the cycle unmet', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    expect(resultOf(rs, 'BS-HTTT-053', 'ASM-03')).toMatchObject({ state: 'gap', messageKey: 'rule.ASM-03.msg.sister_of_monitoring' });
    // its assessment of 18/08/2026 is recorded but does not count: the cycle ending 14/12/2026 is still open
    expect(resultOf(rs, 'BS-HTTT-053', 'ASM-01')).toMatchObject({ state: 'due_soon', dueDate: '2026-12-14' });
  });

  it('§5.1.4: a self-monitored system assessed by its own operator fails ASM-03', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    expect(resultOf(rs, 'BS-HTTT-009', 'ASM-03').state).toBe('gap');
  });

  it('§5.1.7: an infrastructure serving international links, levelled 4, is below the level-5 criterion (LVL-03)', () => {
    const rs = rows(evaluateAll(DEMO_TODAY));
    expect(resultOf(rs, 'BHT-HTTT-018', 'LVL-03')).toMatchObject({ state: 'gap', params: { minimum: 5, level: 4 } });
  });

  it('§5.1.5: REP-01 is due soon from 20 Nov for the organisations without their 2026 report', () => {
    const due = (asOf: string) => codesWhere(rows(evaluateAll(asOf)), 'REP-01', 'due_soon');
    expect(due(DEMO_TODAY).length).toBeGreaterThan(0);
    expect(due('2026-11-20')).toEqual(due(DEMO_TODAY));
    expect(due('2026-11-19')).toEqual([]);
  });

  it('every result reads in Vietnamese and English with its citation', () => {
    for (const { result: r } of rows(evaluateAll(DEMO_TODAY))) {
      expect(r.citation).not.toBe('');
      for (const locale of ['vi', 'en'] as const) {
        const text = translate(locale, r.messageKey, r.params);
        expect(text, r.messageKey).not.toBe(r.messageKey);
        expect(text, r.messageKey).not.toMatch(/\{\w+\}/);
      }
    }
  });
});

describe('the yearly cycle ends on 14 Dec 2026', () => {
  it('ASM-01: on 15 Dec the systems still unassessed on 13 Dec (due_soon) become gaps, overdue since 14 Dec', () => {
    const before = rows(evaluateAll('2026-12-13'));
    const after = rows(evaluateAll('2026-12-15'));
    const gapsBefore = codesWhere(before, 'ASM-01', 'gap');
    const dueBefore = codesWhere(before, 'ASM-01', 'due_soon');
    const gapsAfter = codesWhere(after, 'ASM-01', 'gap');
    expect(dueBefore.length).toBeGreaterThan(0);
    expect(gapsAfter).not.toEqual(gapsBefore);
    // the missed 2025 cycle stays missed and the due_soon ones join it: nothing was assessed in between
    expect(gapsAfter).toEqual([...new Set([...gapsBefore, ...dueBefore])].sort());
    for (const r of before.filter((x) => x.result.rule === 'ASM-01' && x.result.state === 'gap')) expect(r.result.dueDate).toBe('2025-12-14');
    for (const r of before.filter((x) => x.result.rule === 'ASM-01' && x.result.state === 'due_soon')) expect(r.result.dueDate).toBe('2026-12-14');
    // …except BHT-HTTT-019, at level 5 since 12/01/2026: its only ASM-01 cycle left is the missed one of 2025 (§5.1.1)
    for (const r of after.filter((x) => x.result.rule === 'ASM-01' && x.result.state === 'gap')) {
      expect([r.code, r.result.dueDate]).toEqual([r.code, r.code === 'BHT-HTTT-019' ? '2025-12-14' : '2026-12-14']);
    }
    expect(codesWhere(after, 'ASM-01', 'due_soon')).toEqual([]);
  });
});
