// The engine and the pure cadence function never disagree (docs/rules.md §5 (the timeline; only independent assessments count)): over random system
// histories — level decisions approved on random days (raises to 5 inside a half-year, lowerings, drafts
// and rejections that never count, two approvals on one day), go-live and decommissioning dates, monitoring
// that changes hands or turns to self-monitoring, and assessments on random days by assessors of every kind
// (independent, the monitoring provider, its parent, a sister, a grand-subsidiary, companies whose parent
// links loop, the operator, a unit of the owner, an outside agency) — ASM-01 and ASM-02 as the rule pack
// gives them (judgeSystem, as the evaluation calls it) equal what assessmentCadence (cadence.ts) says for
// the same history with the independent assessments only; and the due list's assessment item carries the
// rule's date and state (§5.1.6). Which assessments are independent is worked out
// here, from the parent links and the rules of §5.1.2–5.1.4, not by the engine's own checks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, assessmentCadence, cadenceInputFor, DEFAULT_CADENCE, type KindCadence } from '../../src/domain/cadence.js';
import {
  engineConfig, judgeSystem, type AssessmentFacts, type DecisionFacts, type Layer2Facts, type RuleResult, type SystemFacts,
} from '../../src/domain/rules/index.js';
import { TREE, TREE_PROVIDERS, treeOrg } from '../helpers/facts.js';

const NUM_RUNS = 3_000;

// ---- the organisations: an owner with units, providers in groups, parent links that loop (helpers/facts.ts TREE) ----

const PARENT = TREE;
const PROVIDERS = TREE_PROVIDERS;
const AGENCIES = [1, 10, 11, 12, 14, 50];
const O = treeOrg;

// ---- the test's own reading of the rules (an oracle: written from the law as docs/rules.md states it, not from the engine) ----

/** Every organisation above `id` by its parent links, stopping at a repeat. */
function above(id: number): Set<number> {
  const out = new Set<number>();
  for (let p = PARENT.get(id) ?? null; p !== null && !out.has(p) && p !== id; p = PARENT.get(p) ?? null) out.add(p);
  return out;
}
/** `x` is `y` or one of its units. */
const within = (x: number, y: number) => x === y || above(x).has(y);
/** §5.1.3: the same company, one above the other, or a common ancestor anywhere up the chains. */
const sameGroup = (a: number, b: number) => within(a, b) || within(b, a) || [...above(a)].some((x) => above(b).has(x));

/** The approvals in the order they took force: by approval day (none: always), then by record. */
function approvalsInOrder(decisions: readonly DecisionFacts[]): DecisionFacts[] {
  const day = (d: DecisionFacts) => d.approvalDate ?? '';
  return decisions.filter((d) => d.dossierStatus === 'approved').sort((a, b) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : a.id - b.id));
}

/** §5.1.1: the decision approved most recently on or before `date`. */
function inForce(decisions: readonly DecisionFacts[], date: string): DecisionFacts | null {
  return approvalsInOrder(decisions).filter((d) => (d.approvalDate ?? '') <= date).at(-1) ?? null;
}

/** The regime of the decision in force, else of the newest proposal, else Decree 331. */
function regimeOn(decisions: readonly DecisionFacts[], date: string): 'nd331' | 'nd85' {
  return inForce(decisions, date)?.regime ?? [...decisions].sort((a, b) => b.id - a.id)[0]?.regime ?? 'nd331';
}

/** Layer 2 on a day: the newest record begun by then (the first one begins before every date generated). */
function monitoringOn(layer2: readonly Layer2Facts[], date: string): Layer2Facts {
  return layer2.filter((l) => (l.startDate ?? l.recordedOn) <= date).sort((a, b) => b.id - a.id)[0]!;
}

/** §5.1.2: whether an assessment counts toward a cycle — its assessor independent by the checks that applied that day. */
function counts(f: SystemFacts, a: AssessmentFacts): boolean {
  const day = a.performedDate;
  const level = inForce(f.decisions, day)?.proposedLevel ?? null;
  if (level === null || level < 3) return true; // below level 3 no independence is owed
  const assessor = a.assessor.id;
  const l2 = monitoringOn(f.layer2, day);
  // ASM-03: not the monitoring provider's group; §5.1.4 self-monitoring: not the owner or the operator, nor a unit of either
  const tied = l2.mode === 'provider' ? l2.provider !== null && sameGroup(assessor, l2.provider.id) : within(assessor, f.ownerId) || within(assessor, f.operatorId);
  // ASM-04 (Decree 331): not the operator or one of its units; ASM-05: level 5 not in-house
  const operator = regimeOn(f.decisions, day) === 'nd331' && within(assessor, f.operatorId);
  const inHouse5 = level === 5 && a.assessor.kind === 'agency';
  return !tied && !operator && !inHouse5;
}

/** The pure cadence of a system: cadence.ts on its level history and its independent assessments. */
function pureCadence(f: SystemFacts, asOf: string, dueSoonDays: number) {
  const levels = approvalsInOrder(f.decisions).map((d) => ({ level: d.proposedLevel, from: d.approvalDate ?? '0000-01-01' }));
  const performed = f.assessments.filter((a) => counts(f, a)).map((a) => a.performedDate);
  const input = cadenceInputFor({ lifecycleStatus: f.lifecycleStatus, goLiveDate: f.goLiveDate, decommissionedAt: f.decommissionedAt, levels, performed }, asOf);
  return assessmentCadence(input, { ...DEFAULT_CADENCE, dueSoonDays });
}

/** The date the rule result must carry for a cadence: the missed cycle's end, the current deadline, the next one. */
function dueDateOf(c: KindCadence): string | null {
  if (c.state === 'gap') return c.overdueSince;
  if (c.state === 'due_soon') return c.currentCycle?.end ?? c.nextDue;
  if (c.state === 'ok') return c.nextDue;
  return null;
}

// ---- the histories ----

const FIRST_DAY = '2015-01-01';
const SPAN = 15 * 366; // to the end of 2029
const dayArb = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(FIRST_DAY, n));
/** Days near the cycle boundaries (14/15 Jun and Dec), where off-by-one errors live. */
const edgeDayArb = fc
  .tuple(fc.integer({ min: 2016, max: 2029 }), fc.constantFrom('06-14', '06-15', '12-14', '12-15', '11-14', '11-15', '05-15', '05-16'), fc.integer({ min: -1, max: 1 }))
  .map(([y, md, shift]) => addDays(`${y}-${md}`, shift));
const anyDayArb = fc.oneof({ weight: 3, arbitrary: dayArb }, { weight: 1, arbitrary: edgeDayArb });
/** A day in the last month of a half-year (the due-soon windows before 14 Jun and 14 Dec). */
const windowDayArb = fc
  .tuple(fc.integer({ min: 2016, max: 2029 }), fc.constantFrom('06-14', '12-14'), fc.integer({ min: 0, max: 46 }))
  .map(([y, md, back]) => addDays(`${y}-${md}`, -back));
const asOfArb = fc.oneof({ weight: 2, arbitrary: dayArb }, { weight: 1, arbitrary: edgeDayArb }, { weight: 2, arbitrary: windowDayArb });
const earlyDayArb = fc.integer({ min: 0, max: 5 * 365 }).map((n) => addDays(FIRST_DAY, n));

const decisionArb = fc.record({
  regime: fc.constantFrom('nd331' as const, 'nd85' as const),
  level: fc.constantFrom(1, 2, 3, 3, 4, 4, 5, 5),
  status: fc.constantFrom('approved' as const, 'approved' as const, 'approved' as const, 'approved' as const, 'draft' as const, 'submitted' as const, 'rejected' as const),
  approvalDate: fc.option(anyDayArb, { freq: 20 }),
});

/** A level 3 or 4 raised to 5 (or lowered from 5) inside a half-year, at a random day of it. */
const changeArb = fc.record({
  from: fc.constantFrom(3, 4, 5),
  to: fc.constantFrom(2, 3, 4, 5),
  since: dayArb,
  at: anyDayArb,
});

const layer2Arb = fc.record({
  mode: fc.constantFrom('provider' as const, 'provider' as const, 'self' as const),
  provider: fc.constantFrom(101, 103, 100, 200, 300, 104, 302, 303),
  start: anyDayArb,
});

/** Assessments every cycle (yearly or half-yearly) over some years, a few skipped, by one assessor or another. */
const scheduleArb = fc
  .record({
    from: fc.integer({ min: 2016, max: 2028 }),
    years: fc.integer({ min: 1, max: 12 }),
    perYear: fc.constantFrom(1, 2),
    offset: fc.integer({ min: 0, max: 170 }),
    skips: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }).map((b) => b.map((x, i) => x && i % 3 === 0)),
    assessors: fc.array(fc.constantFrom(200, 200, 200, 201, 201, 50, 101, 103, 11, 12), { minLength: 24, maxLength: 24 }),
  })
  .map((s) => {
    const out: { day: string; assessor: number }[] = [];
    for (let y = s.from, n = 0; y < s.from + s.years && y <= 2029; y++) {
      for (let k = 0; k < s.perYear; k++, n++) {
        if (!s.skips[n % 24]) out.push({ day: addDays(`${y - 1}-12-15`, k * 182 + (s.offset % (s.perYear === 2 ? 180 : 364))), assessor: s.assessors[n % 24]! });
      }
    }
    return out;
  });

const randomAssessmentsArb = fc.array(fc.record({ day: anyDayArb, assessor: fc.constantFrom(...PROVIDERS, ...AGENCIES, 200, 201, 200) }), { maxLength: 6 });

interface DecisionDraft {
  regime: 'nd331' | 'nd85';
  level: number;
  status: DecisionFacts['dossierStatus'];
  approvalDate: string | null;
}

const historyArb = fc.record({
  decisions: fc.oneof<fc.Arbitrary<DecisionDraft[]>[]>(
    fc.array(decisionArb, { maxLength: 4 }),
    fc.tuple(fc.constantFrom(3, 4, 5), earlyDayArb, fc.constantFrom('nd331' as const, 'nd85' as const), fc.array(decisionArb, { maxLength: 2 })).map(([level, day, regime, more]) => [
      { regime, level, status: 'approved' as const, approvalDate: day },
      ...more,
    ]),
    changeArb.map((c) => [
      { regime: 'nd331' as const, level: c.from, status: 'approved' as const, approvalDate: c.since < c.at ? c.since : addDays(c.at, -200) },
      { regime: 'nd331' as const, level: c.to, status: 'approved' as const, approvalDate: c.at },
    ]),
  ),
  lifecycle: fc.constantFrom(...(['in_operation', 'in_operation', 'in_operation', 'in_operation', 'in_operation', 'decommissioned', 'under_construction', 'planned'] as const)),
  goLive: fc.option(fc.oneof(anyDayArb, earlyDayArb), { freq: 10 }),
  decommissioned: fc.option(anyDayArb, { freq: 3 }),
  selfOperated: fc.boolean(),
  firstMonitoring: fc.record({ mode: fc.constantFrom('provider' as const, 'provider' as const, 'self' as const), provider: fc.constantFrom(101, 103, 100, 200, 300) }),
  laterMonitoring: fc.array(layer2Arb, { maxLength: 2 }),
  assessments: fc.oneof(randomAssessmentsArb, fc.tuple(scheduleArb, randomAssessmentsArb).map(([a, b]) => [...a, ...b.slice(0, 2)])),
  asOf: asOfArb,
  dueSoonDays: fc.constantFrom(30, 30, 30, 0, 45),
});
type History = typeof historyArb extends fc.Arbitrary<infer H> ? H : never;

function factsOf(h: History): SystemFacts {
  const operatorId = h.selfOperated ? 10 : 11;
  const decisions: DecisionFacts[] = h.decisions.map((d, i) => ({
    id: i + 1, regime: d.regime, answers: {}, proposedLevel: d.level, dossierStatus: d.status,
    appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: null,
    approvalDate: d.status === 'approved' ? d.approvalDate : null, regulationNumber: null, regulationDate: null,
  }));
  const layer2: Layer2Facts[] = [
    { mode: h.firstMonitoring.mode, provider: h.firstMonitoring.mode === 'self' ? null : O(h.firstMonitoring.provider), start: FIRST_DAY },
    ...h.laterMonitoring.map((l) => ({ mode: l.mode, provider: l.mode === 'self' ? null : O(l.provider), start: l.start })),
  ].map((l, i) => ({
    id: i + 1, mode: l.mode, providerId: l.provider?.id ?? null, provider: l.provider, contractNumber: null,
    // a provider's contract begins on its start date; self-monitoring counts from the day it was recorded
    startDate: l.mode === 'provider' ? l.start : null, endDate: null, recordedOn: l.start,
  }));
  return {
    id: 1, code: 'HT-P', nameVi: 'Hệ thống ngẫu nhiên', nameEn: null, ownerId: 10, operatorId, securityUnitId: 12,
    lifecycleStatus: h.lifecycle, goLiveDate: h.goLive,
    decommissionedAt: h.lifecycle === 'decommissioned' ? h.decommissioned : null,
    stateFunded: true, nationalSecurityImportant: false, domesticProductsNote: null,
    operator: O(operatorId), owner: O(10), decisions,
    layer1: [], layer2, layer3: [], layer4: [],
    assessments: h.assessments.map((a, i) => ({ id: i + 1, performedDate: a.day, reportedDate: null, assessor: O(a.assessor) })),
    findings: [], people: [], drills: [], budgets: [], notices: [], checklist: null,
  };
}

describe('ASM-01 and ASM-02: the engine equals the pure cadence function', () => {
  it(`on ${NUM_RUNS} random histories`, () => {
    const seen = new Map<string, number>();
    const note = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    fc.assert(
      fc.property(historyArb, (h) => {
        const facts = factsOf(h);
        const cfg = engineConfig({ dueSoonDays: h.dueSoonDays });
        const judged = judgeSystem(facts, h.asOf, cfg);
        const expected = pureCadence(facts, h.asOf, h.dueSoonDays);
        for (const rule of ['ASM-01', 'ASM-02'] as const) {
          const r: RuleResult = judged.results.find((x) => x.rule === rule)!;
          const c = expected[rule];
          expect({ rule, state: r.state, dueDate: r.dueDate }).toEqual({ rule, state: c.state, dueDate: dueDateOf(c) });
          if (c.state === 'gap') expect(r.params).toEqual({ from: c.missedCycle!.start, to: c.missedCycle!.end });
          // §5.1.6: the due list's assessment item is the rule's, with the same date and state
          const item = judged.obligations.filter((o) => o.kind === 'assessment' && o.rule === rule).map((o) => ({ date: o.dueDate, state: o.state }));
          expect(item).toEqual(r.state === 'n/a' || r.dueDate === null ? [] : [{ date: r.dueDate, state: r.state }]);
          note(`${rule} ${c.state}`);
        }
        if (facts.assessments.some((a) => a.performedDate <= h.asOf && !counts(facts, a))) note('an assessment did not count');
        const approvals = approvalsInOrder(facts.decisions).filter((d) => (d.approvalDate ?? '') <= h.asOf);
        approvals.forEach((d, i) => {
          const before = approvals[i - 1];
          if (!before) return;
          if (d.proposedLevel === 5 && before.proposedLevel < 5 && !/-(06|12)-15$/.test(d.approvalDate ?? '')) note('raised to 5 inside a half-year');
          if (d.proposedLevel < before.proposedLevel) note('lowered');
        });
      }),
      { numRuns: NUM_RUNS },
    );
    // the histories reached every state of both rules (a generator that stopped doing so would prove nothing)
    for (const rule of ['ASM-01', 'ASM-02']) {
      for (const state of ['ok', 'due_soon', 'gap', 'n/a']) expect(seen.get(`${rule} ${state}`) ?? 0, `${rule} ${state}`).toBeGreaterThanOrEqual(5);
    }
    expect(seen.get('an assessment did not count') ?? 0).toBeGreaterThan(100);
    expect(seen.get('raised to 5 inside a half-year') ?? 0).toBeGreaterThan(50);
    expect(seen.get('lowered') ?? 0).toBeGreaterThan(50);
  }, 60_000);

  it('the oracle is not the engine: a history where only independence decides', () => {
    // level 3 since 2020, live since 2020, monitored by A (101); assessed in 2026 by A's grand-subsidiary…
    const base = factsOf({
      decisions: [{ regime: 'nd331', level: 3, status: 'approved', approvalDate: '2020-01-10' }],
      lifecycle: 'in_operation', goLive: '2020-02-01', decommissioned: null, selfOperated: false,
      firstMonitoring: { mode: 'provider', provider: 101 }, laterMonitoring: [],
      assessments: [{ day: '2026-05-01', assessor: 103 }, { day: '2025-05-01', assessor: 200 }], asOf: '2026-12-20', dueSoonDays: 30,
    });
    expect(counts(base, base.assessments[0]!)).toBe(false);
    expect(judgeSystem(base, '2026-12-20').results.find((r) => r.rule === 'ASM-01')).toMatchObject({ state: 'gap', dueDate: '2026-12-14' });
    // … while by an independent company the cycle is met
    const independent = { ...base, assessments: [{ ...base.assessments[0]!, assessor: O(201) }] };
    expect(counts(independent, independent.assessments[0]!)).toBe(true);
    expect(judgeSystem(independent, '2026-12-20').results.find((r) => r.rule === 'ASM-01')).toMatchObject({ state: 'ok', dueDate: '2027-12-14' });
  });
});
