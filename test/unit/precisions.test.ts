// The seven precisions of docs/rules.md §5, table-driven through the rule pack (judgeSystem, judgeOrganisation:
// what the evaluation calls). Each precision has an ok, a due_soon and a gap case where its rule has them,
// at the boundary dates: the day before, the day, the day after (`around`). The cadence function's own table
// is test/unit/cadence.test.ts, the independence checks' test/unit/protection.test.ts, the wizard's
// test/unit/level-criteria.test.ts, every rule's plain cases test/unit/rule-pack.test.ts; this file is the
// precisions as a whole, read from the spec.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/cadence.js';
import type { LevelAnswers } from '../../src/domain/level-criteria.js';
import {
  compareObligations, engineConfig, judgeOrganisation, judgeSystem, type DecisionFacts, type EngineConfig, type Layer2Facts, type Obligation,
  type ObligationKind, type OrganisationFacts, type OrgFacts, type RuleId, type RuleResult, type SystemFacts,
} from '../../src/domain/rules/index.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements, layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { actorFor } from '../../src/modules/access/index.js';
import { seedFixture } from '../helpers/app.js';
import { evaluateScope } from '../helpers/evaluation.js';
import { ASSESSOR, MONITOR, atLevel, decision, done, org, organisation, person, system, treeOrg } from '../helpers/facts.js';
import { eq } from 'drizzle-orm';

type State = RuleResult['state'];
type Precision = '5.1.1' | '5.1.2' | '5.1.3' | '5.1.4' | '5.1.5' | '5.1.7';

interface Expect {
  state: State;
  severity?: RuleResult['severity'];
  dueDate?: string | null;
  /** the message case (rule.<ID>.msg.<msg>) or the engine's own n/a (na.<why>) */
  msg?: string;
  params?: Record<string, string | number>;
}

interface Row {
  precision: Precision;
  name: string;
  rule: RuleId;
  facts?: SystemFacts;
  org?: OrganisationFacts;
  asOf: string;
  cfg?: Partial<EngineConfig>;
  expect: Expect;
  /** one of a day-before / the-day / day-after triple */
  boundary?: true;
}

type Case = Pick<Row, 'facts' | 'org' | 'asOf'>;

/**
 * Three rows at a boundary day: `at(day - 1)`, `at(day)`, `at(day + 1)`, expecting the three results given. The
 * day may be an as-of date or a date in the facts (an approval, a go-live, the start of a contract).
 */
function around(precision: Precision, rule: RuleId, name: string, day: string, at: (d: string) => Case, expected: [Expect, Expect, Expect], cfg?: Partial<EngineConfig>): Row[] {
  return ([-1, 0, 1] as const).map((shift, i) => ({
    precision, rule, cfg, boundary: true as const,
    name: `${name} — ${shift === -1 ? 'the day before' : shift === 0 ? 'the day' : 'the day after'} (${addDays(day, shift)})`,
    ...at(addDays(day, shift)),
    expect: expected[i]!,
  }));
}

/** Approved decisions (Decree 331 unless said), one per [level, approval date], in record order. */
function approvals(...list: [number, string | null, DecisionFacts['regime']?][]): DecisionFacts[] {
  return list.map(([level, approvalDate, regime], i) => decision({ id: i + 1, proposedLevel: level, approvalDate, regime: regime ?? 'nd331', answers: {} }));
}

/** The base system (level 3, live since March 2024, monitored by MONITOR, ASSESSOR engaged) with other facts. */
const s = system;
const by = (assessor: OrgFacts, ...dates: string[]) => done(dates, assessor);
/** Assessments by several assessors, numbered in order. */
const assessed = (...groups: ReturnType<typeof done>[]) => groups.flat().map((a, i) => ({ ...a, id: i + 1 }));
const monitoredBy = (...records: { provider: OrgFacts | null; start: string; end?: string | null }[]): Layer2Facts[] =>
  records.map((r, i) => ({
    id: i + 1, mode: r.provider ? 'provider' : 'self', providerId: r.provider?.id ?? null, provider: r.provider, contractNumber: r.provider ? `HĐ-GS-${i + 1}` : null,
    startDate: r.provider ? r.start : null, endDate: r.end ?? null, recordedOn: r.start,
  }));
const engaged = (assessor: OrgFacts, over: Partial<SystemFacts['layer3'][number]> = {}): SystemFacts['layer3'] => [
  { id: 1, assessorKind: assessor.kind === 'provider' ? 'provider' : 'in_house', assessorId: assessor.id, assessor, contractNumber: 'HĐ-ĐG', startDate: '2024-02-15', endDate: null, revokedAt: null, recordedOn: '2024-02-15', ...over },
];

const ok = (dueDate?: string | null, more: Omit<Expect, 'state' | 'dueDate'> = {}): Expect => ({ state: 'ok', ...(dueDate !== undefined ? { dueDate } : {}), ...more });
const soon = (dueDate: string, more: Omit<Expect, 'state' | 'dueDate'> = {}): Expect => ({ state: 'due_soon', dueDate, ...more });
const gap = (dueDate?: string | null, more: Omit<Expect, 'state' | 'dueDate'> = {}): Expect => ({ state: 'gap', ...(dueDate !== undefined ? { dueDate } : {}), ...more });
const na = (msg?: string): Expect => ({ state: 'n/a', ...(msg ? { msg } : {}) });

const NEW_MONITOR = org(40, null, 'provider');
const YEAR_2026 = { from: '2025-12-15', to: '2026-12-14' };

// ---- 5.1.1 Time is a timeline ----

const TIMELINE: Row[] = [
  // the level in force on D is that of the decision approved most recently on or before D
  ...around('5.1.1', 'LVL-01', 'level 3 approved on 10 Mar 2026', '2026-03-10', (d) => ({ facts: s({ decisions: approvals([3, '2026-03-10']) }), asOf: d }), [
    gap('2024-03-01', { severity: 'critical', msg: 'notApproved' }), ok(null, { params: { level: 3 } }), ok(null, { params: { level: 3 } }),
  ]),
  ...around('5.1.1', 'LVL-01', 'raised 3 → 4 on 10 Sep 2026', '2026-09-10', (d) => ({ facts: s({ decisions: approvals([3, '2024-01-20'], [4, '2026-09-10']) }), asOf: d }), [
    ok(null, { params: { level: 3 } }), ok(null, { params: { level: 4 } }), ok(null, { params: { level: 4 } }),
  ]),
  {
    precision: '5.1.1', rule: 'LVL-01', name: 'two approvals on one day: the later record; drafts and rejections never count', asOf: '2026-09-10',
    facts: s({ decisions: [...approvals([3, '2024-01-20'], [4, '2026-09-10'], [5, '2026-09-10']), decision({ id: 4, proposedLevel: 2, dossierStatus: 'draft', approvalDate: null }), decision({ id: 5, proposedLevel: 1, dossierStatus: 'rejected', approvalDate: '2026-09-01' })] }),
    expect: ok(null, { params: { level: 5 } }),
  },
  { precision: '5.1.1', rule: 'LVL-01', name: 'an approval with no date recorded has always been in force', asOf: '2016-01-01', facts: s({ decisions: approvals([3, null]), goLiveDate: '2015-01-01' }), expect: ok(null, { params: { level: 3 } }) },

  // each past cycle is judged at the level in force on its last day (14 Dec)
  ...around('5.1.1', 'ASM-01', 'raised 2 → 3 around 14 Dec 2026 (as of 16 Dec)', '2026-12-14', (d) => ({ facts: s({ decisions: approvals([2, '2020-01-10'], [3, d]), assessments: by(ASSESSOR, '2025-05-10') }), asOf: '2026-12-16' }), [
    gap('2026-12-14', { severity: 'high', msg: 'missed', params: YEAR_2026 }), gap('2026-12-14', { params: YEAR_2026 }), ok('2027-12-14'),
  ]),
  ...around('5.1.1', 'ASM-01', 'lowered 3 → 2 around 14 Dec 2026 (as of 16 Dec)', '2026-12-14', (d) => ({ facts: s({ decisions: approvals([3, '2020-01-10'], [2, d]), assessments: by(ASSESSOR, '2025-05-10') }), asOf: '2026-12-16' }), [
    ok(null, { msg: 'nothingDue' }), ok(null, { msg: 'nothingDue' }), gap('2026-12-14', { severity: 'high', params: YEAR_2026 }),
  ]),
  ...around('5.1.1', 'ASM-01', 'raised 2 → 3 on 1 Nov 2026: the first cycle comes due', '2026-11-14', (d) => ({ facts: s({ decisions: approvals([2, '2020-01-10'], [3, '2026-11-01']), assessments: by(ASSESSOR, '2025-05-10') }), asOf: d }), [
    ok('2026-12-14'), soon('2026-12-14', { severity: 'high' }), soon('2026-12-14'),
  ]),
  ...around('5.1.1', 'ASM-01', 'raised 2 → 3 on 1 Nov 2026: the first cycle ends', '2026-12-14', (d) => ({ facts: s({ decisions: approvals([2, '2020-01-10'], [3, '2026-11-01']), assessments: by(ASSESSOR, '2025-05-10') }), asOf: d }), [
    soon('2026-12-14'), soon('2026-12-14'), gap('2026-12-14'),
  ]),

  // a missed cycle stays a gap under the rule and severity of then, until an assessment is performed
  { precision: '5.1.1', rule: 'ASM-01', name: 'level 4 missed the yearly cycle, raised to 5 in January: still an ASM-01 gap (high)', asOf: '2027-02-01', facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2027-01-15']), assessments: by(ASSESSOR, '2025-05-10') }), expect: gap('2026-12-14', { severity: 'high', params: YEAR_2026 }) },
  { precision: '5.1.1', rule: 'ASM-02', name: 'level 4 missed the yearly cycle, raised to 5 in January: ASM-02 owes the current half-year only', asOf: '2027-02-01', facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2027-01-15']), assessments: by(ASSESSOR, '2025-05-10') }), expect: ok('2027-06-14') },
  ...around('5.1.1', 'ASM-01', 'the missed yearly cycle until an assessment on 1 Mar 2027', '2027-03-01', (d) => ({ facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2027-01-15']), assessments: by(ASSESSOR, '2025-05-10', '2027-03-01') }), asOf: d }), [
    gap('2026-12-14', { severity: 'high' }), ok(null, { msg: 'nothingDue' }), ok(null, { msg: 'nothingDue' }),
  ]),
  ...around('5.1.1', 'ASM-02', 'level 5 missed the half-year to 14 Jun 2026, lowered to 3 on 1 Jul: still an ASM-02 gap (critical)', '2026-07-01', (d) => ({ facts: s({ decisions: approvals([5, '2020-01-10'], [3, '2026-07-01']), assessments: by(ASSESSOR, '2025-11-01') }), asOf: d }), [
    gap('2026-06-14', { severity: 'critical', params: { from: '2025-12-15', to: '2026-06-14' } }), gap('2026-06-14', { severity: 'critical' }), gap('2026-06-14', { severity: 'critical' }),
  ]),
  { precision: '5.1.1', rule: 'ASM-01', name: 'lowered 5 → 3 on 1 Jul 2026: the yearly cycle to 14 Dec is owed, nothing before', asOf: '2026-07-02', facts: s({ decisions: approvals([5, '2020-01-10'], [3, '2026-07-01']), assessments: by(ASSESSOR, '2025-11-01') }), expect: ok('2026-12-14') },
  { precision: '5.1.1', rule: 'ASM-02', name: 'the missed half-year cleared by an assessment after the lowering', asOf: '2026-08-02', facts: s({ decisions: approvals([5, '2020-01-10'], [3, '2026-07-01']), assessments: by(ASSESSOR, '2025-11-01', '2026-08-01') }), expect: ok(null, { msg: 'nothingDue' }) },
  { precision: '5.1.1', rule: 'ASM-01', name: 'level 3 missed the cycle, lowered to 2 in January: still an ASM-01 gap', asOf: '2027-01-10', facts: s({ decisions: approvals([3, '2020-01-10'], [2, '2027-01-05']), assessments: by(ASSESSOR, '2025-05-10') }), expect: gap('2026-12-14', { severity: 'high' }) },

  // a level raised to 5 inside a half-year owes its first half-year assessment at the end of that half-year
  { precision: '5.1.1', rule: 'ASM-02', name: 'raised 4 → 5 on 1 Aug 2026: nothing missed before, due 14 Dec', asOf: '2026-08-02', facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2026-08-01']), assessments: by(ASSESSOR, '2025-05-10', '2026-03-01') }), expect: ok('2026-12-14') },
  ...around('5.1.1', 'ASM-02', 'raised 4 → 5 on 1 Aug 2026: the due-soon window opens', '2026-11-14', (d) => ({ facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2026-08-01']), assessments: by(ASSESSOR, '2025-05-10', '2026-03-01') }), asOf: d }), [
    ok('2026-12-14'), soon('2026-12-14', { severity: 'critical' }), soon('2026-12-14'),
  ]),
  ...around('5.1.1', 'ASM-02', 'raised 4 → 5 on 1 Aug 2026: the first half-year ends', '2026-12-14', (d) => ({ facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2026-08-01']), assessments: by(ASSESSOR, '2025-05-10', '2026-03-01') }), asOf: d }), [
    soon('2026-12-14'), soon('2026-12-14'), gap('2026-12-14', { severity: 'critical', params: { from: '2026-06-15', to: '2026-12-14' } }),
  ]),
  { precision: '5.1.1', rule: 'ASM-01', name: 'raised 4 → 5 on 1 Aug 2026: the yearly cycle to 14 Dec is no longer owed as yearly', asOf: '2026-12-15', facts: s({ decisions: approvals([4, '2020-01-10'], [5, '2026-08-01']), assessments: by(ASSESSOR, '2025-05-10', '2026-03-01') }), expect: ok(null, { msg: 'nothingDue' }) },
  ...around('5.1.1', 'ASM-02', 'raised 4 → 5 around 14 Jun 2026 (as of 15 Jun): the half-year of the approval', '2026-06-14', (d) => ({ facts: s({ decisions: approvals([4, '2020-01-10'], [5, d]), assessments: by(ASSESSOR, '2025-05-10') }), asOf: '2026-06-15' }), [
    gap('2026-06-14', { params: { from: '2025-12-15', to: '2026-06-14' } }), gap('2026-06-14'), ok('2026-12-14'),
  ]),

  // go-live and decommissioning: in operation on a cycle's last day, or no cycle at all
  ...around('5.1.1', 'ASM-01', 'went live around 14 Dec 2026 (as of 16 Dec)', '2026-12-14', (d) => ({ facts: s({ decisions: approvals([3, '2020-01-10']), goLiveDate: d, assessments: [] }), asOf: '2026-12-16' }), [
    gap('2026-12-14'), gap('2026-12-14'), ok('2027-12-14'),
  ]),
  ...around('5.1.1', 'ASM-01', 'decommissioned on 20 Dec 2026 after a missed cycle', '2026-12-20', (d) => ({ facts: s({ decisions: approvals([3, '2020-01-10']), lifecycleStatus: 'decommissioned', decommissionedAt: '2026-12-20', assessments: by(ASSESSOR, '2025-05-10') }), asOf: d }), [
    gap('2026-12-14'), na('na.decommissioned'), na('na.decommissioned'),
  ]),
  { precision: '5.1.1', rule: 'ASM-01', name: 'decommissioned on 10 Dec 2026: no cycle after it, nothing due soon before it', asOf: '2026-12-09', facts: s({ decisions: approvals([3, '2020-01-10']), lifecycleStatus: 'decommissioned', decommissionedAt: '2026-12-10', assessments: by(ASSESSOR, '2025-05-10') }), expect: ok(null, { msg: 'nothingDue' }) },

  // the layers: judged on the records valid on D
  ...around('5.1.1', 'L4-2', 'a monitoring contract ends on 24 Nov 2026, the next begins on 26 Nov', '2026-11-25', (d) => ({
    facts: s({ layer2: monitoredBy({ provider: MONITOR, start: '2024-02-01', end: '2026-11-24' }, { provider: NEW_MONITOR, start: '2026-11-26', end: '2027-11-25' }) }), asOf: d,
  }), [soon('2026-11-24', { severity: 'high', msg: 'ending' }), gap('2026-11-24', { severity: 'high', msg: 'expired' }), ok('2027-11-25', { msg: 'okUntil' })]),
  ...around('5.1.1', 'L4-4', 'connected to the national monitoring system on 24 Nov 2026', '2026-11-24', (d) => ({ facts: s({ layer4: [{ id: 1, status: 'connected', connectionDate: '2026-11-24' }] }), asOf: d }), [
    gap(undefined, { severity: 'high', msg: 'missing' }), ok(), ok(),
  ]),
  ...around('5.1.1', 'L4-3', 'the assessor’s engagement revoked on 24 Nov 2026', '2026-11-24', (d) => ({ facts: s({ layer3: engaged(ASSESSOR, { endDate: '2027-06-30', revokedAt: '2026-11-24' }) }), asOf: d }), [
    ok('2027-06-30', { msg: 'okUntil' }), gap(undefined, { msg: 'missing' }), gap(undefined, { msg: 'missing' }),
  ]),
];

// ---- 5.1.2 Only independent assessments count ----

const CYCLE_ASSESSED_BY = (x: OrgFacts, over: Partial<SystemFacts> = {}) => s({ assessments: assessed(by(ASSESSOR, '2025-05-10'), by(x, '2026-05-10')), ...over });

const INDEPENDENT: Row[] = [
  // the cycle's only assessment by the monitoring provider does not count: due soon, then missed
  ...around('5.1.2', 'ASM-01', 'the monitoring provider assessed: the cycle is still open', '2026-11-14', (d) => ({ facts: CYCLE_ASSESSED_BY(MONITOR), asOf: d }), [
    ok('2026-12-14'), soon('2026-12-14', { severity: 'high' }), soon('2026-12-14'),
  ]),
  ...around('5.1.2', 'ASM-01', 'the monitoring provider assessed: the cycle is missed', '2026-12-14', (d) => ({ facts: CYCLE_ASSESSED_BY(MONITOR), asOf: d }), [
    soon('2026-12-14'), soon('2026-12-14'), gap('2026-12-14', { severity: 'high', params: YEAR_2026 }),
  ]),
  { precision: '5.1.2', rule: 'ASM-03', name: 'the monitoring provider’s assessment is recorded and flagged', asOf: '2026-11-24', facts: CYCLE_ASSESSED_BY(MONITOR), expect: gap('2026-05-10', { severity: 'critical', msg: 'assessment_same_as_monitoring' }) },
  { precision: '5.1.2', rule: 'ASM-01', name: 'an independent company assessed: the cycle is met', asOf: '2026-12-15', facts: CYCLE_ASSESSED_BY(ASSESSOR), expect: ok('2027-12-14') },
  { precision: '5.1.2', rule: 'ASM-01', name: 'the operator assessed itself (Decree 331): the cycle is missed', asOf: '2026-12-15', facts: CYCLE_ASSESSED_BY(treeOrg(11), { operator: treeOrg(11), owner: treeOrg(10) }), expect: gap('2026-12-14') },
  { precision: '5.1.2', rule: 'ASM-04', name: 'the operator’s own assessment is flagged (Decree 331)', asOf: '2026-11-24', facts: CYCLE_ASSESSED_BY(treeOrg(11), { operator: treeOrg(11), owner: treeOrg(10) }), expect: gap('2026-05-10', { severity: 'high', msg: 'assessment_is_operator' }) },
  { precision: '5.1.2', rule: 'ASM-01', name: 'the operator assessed itself under Decree 85: it counts', asOf: '2026-12-15', facts: CYCLE_ASSESSED_BY(treeOrg(11), { operator: treeOrg(11), owner: treeOrg(10), decisions: approvals([3, '2024-01-20', 'nd85']) }), expect: ok('2027-12-14') },
  { precision: '5.1.2', rule: 'ASM-04', name: 'under Decree 85 the operator’s assessment is not judged', asOf: '2026-11-24', facts: CYCLE_ASSESSED_BY(treeOrg(11), { operator: treeOrg(11), owner: treeOrg(10), decisions: approvals([3, '2024-01-20', 'nd85']) }), expect: na('na.regime') },
  {
    precision: '5.1.2', rule: 'ASM-02', name: 'level 5 assessed in-house (a unit of the owner): the half-year is missed', asOf: '2026-12-15',
    facts: s({ ...atLevel(5), assessments: assessed(by(ASSESSOR, '2025-11-01', '2026-03-01'), by(treeOrg(12), '2026-07-10')) }),
    expect: gap('2026-12-14', { severity: 'critical', params: { from: '2026-06-15', to: '2026-12-14' } }),
  },
  {
    precision: '5.1.2', rule: 'ASM-05', name: 'level 5 assessed in-house: flagged', asOf: '2026-12-15',
    facts: s({ ...atLevel(5), assessments: assessed(by(ASSESSOR, '2025-11-01', '2026-03-01'), by(treeOrg(12), '2026-07-10')) }),
    expect: gap('2026-07-10', { severity: 'high', msg: 'assessment_in_house_level5' }),
  },
  { precision: '5.1.2', rule: 'ASM-02', name: 'level 5 assessed by an independent company: the half-year is met', asOf: '2026-12-15', facts: s({ ...atLevel(5), assessments: by(ASSESSOR, '2025-11-01', '2026-03-01', '2026-07-10') }), expect: ok('2027-06-14') },
  // independence is judged on the assessment's own day: the company took over the monitoring on 10 May 2026
  ...around('5.1.2', 'ASM-01', 'assessed by the company that takes over the monitoring on 10 May 2026', '2026-05-10', (d) => ({
    facts: s({ layer2: monitoredBy({ provider: MONITOR, start: '2024-02-01', end: '2026-05-09' }, { provider: NEW_MONITOR, start: '2026-05-10' }), assessments: assessed(by(ASSESSOR, '2025-05-10'), by(NEW_MONITOR, d)) }),
    asOf: '2026-12-15',
  }), [ok('2027-12-14'), gap('2026-12-14'), gap('2026-12-14')]),
  // the checks that applied on the assessment's day: at level 2 none did (the literal reading of §5.1.2), so an
  // assessment by the monitoring provider before the level was raised to 3 counts toward that first cycle
  {
    precision: '5.1.2', rule: 'ASM-01', name: 'assessed by the monitoring provider while level 2, raised to 3 in September: it counts', asOf: '2026-12-15',
    facts: s({ decisions: approvals([2, '2020-01-10'], [3, '2026-09-10']), assessments: by(MONITOR, '2026-08-01') }), expect: ok('2027-12-14'),
  },
  // a recorded assessment that did not count stays flagged for a year
  ...around('5.1.2', 'ASM-03', 'the monitoring provider assessed on 1 Dec 2025: flagged for a year', '2026-12-01', (d) => ({ facts: s({ assessments: assessed(by(ASSESSOR, '2025-05-10'), by(MONITOR, '2025-12-01')) }), asOf: d }), [
    gap('2025-12-01', { msg: 'assessment_same_as_monitoring' }), gap('2025-12-01'), ok(),
  ]),
];

// ---- 5.1.3 Groups are chains ----

/** Monitored by `monitor` since 2024, `assessor` engaged; assessed each year by an independent company. */
const group = (monitor: number, assessor: number) =>
  s({ layer2: monitoredBy({ provider: treeOrg(monitor), start: '2024-02-01' }), layer3: engaged(treeOrg(assessor)), assessments: by(treeOrg(200), '2025-05-10', '2026-05-10') });
const asm03 = (monitor: number, assessor: number, name: string, expected: Expect): Row => ({ precision: '5.1.3', rule: 'ASM-03', name, asOf: '2026-11-24', facts: group(monitor, assessor), expect: expected });
const tied = (reason: string) => gap(undefined, { severity: 'critical', msg: reason });

const GROUPS: Row[] = [
  asm03(101, 103, 'the assessor is a subsidiary of the monitoring provider', tied('parent_of_monitoring')),
  asm03(103, 100, 'the assessor is the holding two levels above the monitoring provider', tied('parent_of_monitoring')),
  asm03(103, 104, 'the assessor is a cousin: a common ancestor two levels up', tied('sister_of_monitoring')),
  asm03(101, 102, 'the assessor is a sister company', tied('sister_of_monitoring')),
  asm03(200, 201, 'the assessor is a subsidiary of an otherwise independent monitoring provider', tied('parent_of_monitoring')),
  asm03(103, 200, 'the assessor belongs to another group', ok()),
  asm03(300, 301, 'parent links loop (300 ↔ 301): one is still above the other', tied('parent_of_monitoring')),
  asm03(302, 301, 'under a loop: the assessor is in the monitoring provider’s chain', tied('parent_of_monitoring')),
  asm03(300, 200, 'parent links loop: an outside assessor is independent, and the evaluation ends', ok()),
  asm03(303, 303, 'a company recorded as its own parent assessing itself', tied('same_as_monitoring')),
  asm03(303, 201, 'a company recorded as its own parent: an outside assessor is independent', ok()),
  // the cousin's assessment does not count toward the cycle
  ...around('5.1.3', 'ASM-01', 'the monitoring provider’s cousin assessed: the cycle is still open', '2026-11-14', (d) => ({
    facts: s({ layer2: monitoredBy({ provider: treeOrg(103), start: '2024-02-01' }), assessments: assessed(by(treeOrg(200), '2025-05-10'), by(treeOrg(104), '2026-05-10')) }), asOf: d,
  }), [ok('2026-12-14'), soon('2026-12-14'), soon('2026-12-14')]),
  {
    precision: '5.1.3', rule: 'ASM-01', name: 'the monitoring provider’s cousin assessed: the cycle is missed', asOf: '2026-12-15',
    facts: s({ layer2: monitoredBy({ provider: treeOrg(103), start: '2024-02-01' }), assessments: assessed(by(treeOrg(200), '2025-05-10'), by(treeOrg(104), '2026-05-10')) }),
    expect: gap('2026-12-14'),
  },
  // the group on the assessment's day: 103 took over the monitoring from 200 on 10 May 2026
  ...around('5.1.3', 'ASM-01', 'assessed by 104 around the day its cousin 103 took over the monitoring', '2026-05-10', (d) => ({
    facts: s({ layer2: monitoredBy({ provider: treeOrg(200), start: '2024-02-01', end: '2026-05-09' }, { provider: treeOrg(103), start: '2026-05-10' }), assessments: assessed(by(treeOrg(201), '2025-05-10'), by(treeOrg(104), d)) }),
    asOf: '2026-12-15',
  }), [ok('2027-12-14'), gap('2026-12-14'), gap('2026-12-14')]),
];

// ---- 5.1.4 Self-monitoring ----

/** Monitored by its own owner (10) and operator (11) since 2024, `assessor` engaged. */
const selfMonitored = (assessor: number, over: Partial<SystemFacts> = {}) =>
  s({ owner: treeOrg(10), operator: treeOrg(11), operatorId: 11, layer2: monitoredBy({ provider: null, start: '2024-01-01' }), layer3: engaged(treeOrg(assessor)), assessments: by(treeOrg(50), '2025-05-10', '2026-05-10'), ...over });
const self = (rule: RuleId, assessor: number, name: string, expected: Expect, over: Partial<SystemFacts> = {}): Row => ({ precision: '5.1.4', rule, name, asOf: '2026-11-24', facts: selfMonitored(assessor, over), expect: expected });
const selfTie = tied('self_monitoring');

const SELF: Row[] = [
  self('ASM-03', 11, 'the operator assesses (Decree 331)', selfTie),
  self('ASM-04', 11, 'the operator assesses (Decree 331): ASM-04 too', gap(undefined, { severity: 'high', msg: 'is_operator' })),
  self('ASM-03', 11, 'the operator assesses (Decree 85): ASM-03 alone', selfTie, { decisions: approvals([3, '2024-01-20', 'nd85']) }),
  self('ASM-04', 11, 'the operator assesses (Decree 85): ASM-04 is a Decree 331 rule', na('na.regime'), { decisions: approvals([3, '2024-01-20', 'nd85']) }),
  self('ASM-03', 10, 'the owner itself assesses', selfTie),
  self('ASM-04', 10, 'the owner is not the operator', ok()),
  self('ASM-03', 12, 'a unit of the owner assesses', selfTie),
  self('ASM-03', 14, 'a unit of the operator assesses', selfTie),
  self('ASM-04', 14, 'a unit of the operator assesses: ASM-04 too', gap(undefined, { severity: 'high', msg: 'operator_unit' })),
  self('ASM-03', 50, 'an agency outside the owner’s tree assesses', ok()),
  self('ASM-03', 200, 'a company assesses', ok()),
  self('ASM-03', 12, 'run by its owner itself: the owner’s unit is still not independent', selfTie, { operator: treeOrg(10), operatorId: 10 }),
  // the owner's unit's assessment does not count toward the cycle
  ...around('5.1.4', 'ASM-01', 'self-monitored, assessed by a unit of the owner: the cycle is still open', '2026-11-14', (d) => ({
    facts: selfMonitored(200, { assessments: assessed(by(treeOrg(50), '2025-05-10'), by(treeOrg(12), '2026-05-10')) }), asOf: d,
  }), [ok('2026-12-14'), soon('2026-12-14'), soon('2026-12-14')]),
  { precision: '5.1.4', rule: 'ASM-01', name: 'self-monitored, assessed by a unit of the owner: the cycle is missed', asOf: '2026-12-15', facts: selfMonitored(200, { assessments: assessed(by(treeOrg(50), '2025-05-10'), by(treeOrg(12), '2026-05-10')) }), expect: gap('2026-12-14') },
  { precision: '5.1.4', rule: 'ASM-01', name: 'self-monitored, assessed by an outside agency: the cycle is met', asOf: '2026-12-15', facts: selfMonitored(200), expect: ok('2027-12-14') },
  // the owner took the monitoring over itself on 10 May 2026
  ...around('5.1.4', 'ASM-01', 'assessed by a unit of the owner around the day the owner took over the monitoring', '2026-05-10', (d) => ({
    facts: selfMonitored(200, { layer2: monitoredBy({ provider: MONITOR, start: '2024-02-01', end: '2026-05-09' }, { provider: null, start: '2026-05-10' }), assessments: assessed(by(treeOrg(50), '2025-05-10'), by(treeOrg(12), d)) }),
    asOf: '2026-12-15',
  }), [ok('2027-12-14'), gap('2026-12-14'), gap('2026-12-14')]),
];

// ---- 5.1.5 Due soon means before the due date ----

const lvl5 = { ...atLevel(5) };
const nsi = { nationalSecurityImportant: true };
const finding = (dueDate: string) => ({ findings: [{ id: 1, title: 'Tồn tại 1', severity: 'high' as const, status: 'open' as const, dueDate, closedDate: null }] });
const updatedOn = (date: string) => ({ people: [person({ updates: [{ date }] })] });
const certificateTo = (expiryDate: string) => ({ people: [person({ certificates: [{ kind: 'national_in_depth' as const, status: 'valid' as const, issueDate: '2024-01-01', expiryDate, statusDate: null }] })] });
const internalDone = organisation({ annualReports: [{ year: 2025, internalDate: '2025-12-18', authorityDate: '2025-12-22' }, { year: 2026, internalDate: '2026-12-18', authorityDate: null }] });

const WINDOWS: Row[] = [
  // REP-01: due soon from 30 days before the internal deadline of 20 Dec (20 Nov), then the authority's 25 Dec
  ...around('5.1.5', 'REP-01', 'the window opens 30 days before 20 Dec', '2026-11-20', (d) => ({ org: organisation(), asOf: d }), [
    ok('2026-12-20', { msg: 'lastYearSubmitted' }), soon('2026-12-20', { severity: 'high', msg: 'internalDue' }), soon('2026-12-20', { msg: 'internalDue' }),
  ]),
  ...around('5.1.5', 'REP-01', 'the internal deadline', '2026-12-20', (d) => ({ org: organisation(), asOf: d }), [
    soon('2026-12-20'), soon('2026-12-20'), gap('2026-12-20', { severity: 'high', msg: 'internalMissed' }),
  ]),
  ...around('5.1.5', 'REP-01', 'the deadline to the authority', '2026-12-25', (d) => ({ org: internalDone, asOf: d }), [
    soon('2026-12-25', { msg: 'authorityDue' }), soon('2026-12-25', { msg: 'authorityDue' }), gap('2026-12-25', { msg: 'notSubmitted' }),
  ]),
  // HR-03: an update counts for 12 months; due soon in the last 30 days
  ...around('5.1.5', 'HR-03', 'the last update (25 Dec 2025) stops counting after 25 Dec 2026: the window opens', '2026-11-25', (d) => ({ facts: s(updatedOn('2025-12-25')), asOf: d }), [
    ok('2026-12-25'), soon('2026-12-25', { severity: 'medium' }), soon('2026-12-25'),
  ]),
  ...around('5.1.5', 'HR-03', 'the last update stops counting', '2026-12-25', (d) => ({ facts: s(updatedOn('2025-12-25')), asOf: d }), [
    soon('2026-12-25'), soon('2026-12-25'), gap('2026-12-25', { severity: 'medium', msg: 'missing' }),
  ]),
  // DRL-01: a drill counts for 12 months; due soon in the last 30 days
  ...around('5.1.5', 'DRL-01', 'the organisation’s drill of 20 Dec 2025: the window opens', '2026-11-20', (d) => ({ org: organisation({ drills: ['2025-12-20'] }), asOf: d }), [
    ok('2026-12-20'), soon('2026-12-20', { severity: 'medium' }), soon('2026-12-20'),
  ]),
  ...around('5.1.5', 'DRL-01', 'the organisation’s drill of 20 Dec 2025 stops counting', '2026-12-20', (d) => ({ org: organisation({ drills: ['2025-12-20'] }), asOf: d }), [
    soon('2026-12-20'), soon('2026-12-20'), gap('2026-12-20', { severity: 'medium', msg: 'overdue' }),
  ]),
  ...around('5.1.5', 'DRL-01', 'a level 4 system’s own drill stops counting', '2026-12-20', (d) => ({ facts: s({ ...atLevel(4), drills: ['2025-12-20'] }), asOf: d }), [
    soon('2026-12-20'), soon('2026-12-20'), gap('2026-12-20', { msg: 'overdue' }),
  ]),
  // ASM-01 / ASM-02: due soon in the 30 days up to the cycle's last day
  ...around('5.1.5', 'ASM-02', 'the half-year to 14 Jun 2026: the window opens', '2026-05-15', (d) => ({ facts: s({ ...lvl5, assessments: by(ASSESSOR, '2025-12-01') }), asOf: d }), [
    ok('2026-06-14'), soon('2026-06-14', { severity: 'critical' }), soon('2026-06-14'),
  ]),
  ...around('5.1.5', 'ASM-02', 'the half-year to 14 Jun 2026 ends', '2026-06-14', (d) => ({ facts: s({ ...lvl5, assessments: by(ASSESSOR, '2025-12-01') }), asOf: d }), [
    soon('2026-06-14'), soon('2026-06-14'), gap('2026-06-14', { severity: 'critical' }),
  ]),
  // LVL-07 keeps its 60 days before 1 Oct; LVL-06 its 90 days before 1 Jul 2027
  ...around('5.1.5', 'LVL-07', 'the self-inspection notice: the 60-day window opens', '2026-08-02', (d) => ({ facts: s(nsi), asOf: d }), [
    ok('2026-10-01', { msg: 'due' }), soon('2026-10-01', { severity: 'high', params: { days: 60 } }), soon('2026-10-01', { params: { days: 59 } }),
  ]),
  ...around('5.1.5', 'LVL-07', 'the self-inspection notice is due before 1 Oct', '2026-10-01', (d) => ({ facts: s(nsi), asOf: d }), [
    soon('2026-10-01'), gap('2026-10-01', { msg: 'missing' }), gap('2026-10-01', { msg: 'missing' }),
  ]),
  ...around('5.1.5', 'LVL-06', 'the Decree 331 measures by 1 Jul 2027: the 90-day window opens', '2027-04-02', (d) => ({ facts: s({ decisions: approvals([3, '2024-01-20', 'nd85']) }), asOf: d }), [
    ok('2027-07-01', { msg: 'meetBy' }), soon('2027-07-01', { msg: 'meetSoon', params: { days: 90 } }), soon('2027-07-01'),
  ]),
  ...around('5.1.5', 'LVL-06', 'the Decree 331 measures by 1 Jul 2027', '2027-07-01', (d) => ({ facts: s({ decisions: approvals([3, '2024-01-20', 'nd85']) }), asOf: d }), [
    soon('2027-07-01'), soon('2027-07-01'), gap('2027-07-01', { msg: 'meetMissed' }),
  ]),
  // a finding, a contract and a certificate: the window runs to their own dates
  ...around('5.1.5', 'ASM-06', 'a finding due on 24 Dec 2026: the window opens', '2026-11-24', (d) => ({ facts: s(finding('2026-12-24')), asOf: d }), [
    ok('2026-12-24', { msg: 'onTrack' }), soon('2026-12-24', { severity: 'high' }), soon('2026-12-24'),
  ]),
  ...around('5.1.5', 'ASM-06', 'a finding due on 24 Dec 2026', '2026-12-24', (d) => ({ facts: s(finding('2026-12-24')), asOf: d }), [
    soon('2026-12-24'), soon('2026-12-24'), gap('2026-12-24', { severity: 'high', msg: 'overdue' }),
  ]),
  ...around('5.1.5', 'L4-2', 'a monitoring contract ending on 24 Dec 2026', '2026-12-24', (d) => ({ facts: s({ layer2: monitoredBy({ provider: MONITOR, start: '2024-02-01', end: '2026-12-24' }) }), asOf: d }), [
    soon('2026-12-24', { msg: 'ending' }), soon('2026-12-24', { msg: 'ending' }), gap('2026-12-24', { msg: 'expired' }),
  ]),
  ...around('5.1.5', 'HR-02', 'a certificate expiring on 23 Jan 2027: the 60-day window opens', '2026-11-24', (d) => ({ facts: s(certificateTo('2027-01-23')), asOf: d }), [
    ok('2027-01-23'), soon('2027-01-23', { severity: 'high', msg: 'expiring' }), soon('2027-01-23'),
  ]),
  ...around('5.1.5', 'HR-02', 'a certificate expiring on 23 Jan 2027', '2027-01-23', (d) => ({ facts: s(certificateTo('2027-01-23')), asOf: d }), [
    soon('2027-01-23'), soon('2027-01-23'), gap('2027-01-23', { msg: 'expired' }),
  ]),
  // every window follows the one setting of the rule pack
  { precision: '5.1.5', rule: 'REP-01', name: 'a 10-day window: 20 Nov is not due soon', asOf: '2026-11-20', org: organisation(), cfg: { dueSoonDays: 10 }, expect: ok('2026-12-20') },
  { precision: '5.1.5', rule: 'REP-01', name: 'a 10-day window: from 10 Dec', asOf: '2026-12-10', org: organisation(), cfg: { dueSoonDays: 10 }, expect: soon('2026-12-20') },
  { precision: '5.1.5', rule: 'HR-03', name: 'a 10-day window: 25 Nov is not due soon', asOf: '2026-11-25', facts: s(updatedOn('2025-12-25')), cfg: { dueSoonDays: 10 }, expect: ok('2026-12-25') },
  { precision: '5.1.5', rule: 'DRL-01', name: 'a 10-day window: 20 Nov is not due soon', asOf: '2026-11-20', org: organisation({ drills: ['2025-12-20'] }), cfg: { dueSoonDays: 10 }, expect: ok('2026-12-20') },
  { precision: '5.1.5', rule: 'ASM-01', name: 'a 10-day window: 14 Nov is not due soon', asOf: '2026-11-14', facts: s({ assessments: by(ASSESSOR, '2025-05-10') }), cfg: { dueSoonDays: 10 }, expect: ok('2026-12-14') },
  { precision: '5.1.5', rule: 'ASM-06', name: 'a 10-day window: a finding due in 30 days is not due soon', asOf: '2026-11-24', facts: s(finding('2026-12-24')), cfg: { dueSoonDays: 10 }, expect: ok('2026-12-24') },
];

// ---- 5.1.7 International infrastructure is level 5 ----

const infra = (scope: LevelAnswers['scope'], extra: Partial<LevelAnswers> = {}): Partial<LevelAnswers> => ({ systemType: 'infrastructure', scope, ...extra });
const redetermine = (answers: Partial<LevelAnswers>, level: number, regime: DecisionFacts['regime'] = 'nd331') => s({ decisions: [decision({ answers, proposedLevel: level, regime })] });

const CRITERIA: Row[] = [
  { precision: '5.1.7', rule: 'LVL-03', name: 'international-links infrastructure approved at 4: re-determine at 5', asOf: '2026-11-24', facts: redetermine(infra('international'), 4), expect: gap(undefined, { severity: 'high', msg: 'higher', params: { minimum: 5, level: 4 } }) },
  { precision: '5.1.7', rule: 'LVL-03', name: 'international-links infrastructure approved at 5', asOf: '2026-11-24', facts: redetermine(infra('international'), 5), expect: ok(undefined, { params: { minimum: 5, level: 5 } }) },
  { precision: '5.1.7', rule: 'LVL-03', name: 'the same under Decree 85', asOf: '2026-11-24', facts: redetermine(infra('international'), 4, 'nd85'), expect: gap(undefined, { params: { minimum: 5, level: 4 } }) },
  { precision: '5.1.7', rule: 'LVL-03', name: 'one scope below (nationwide, 24/7) approved at 4', asOf: '2026-11-24', facts: redetermine(infra('nationwide', { needs24x7: true }), 4), expect: ok(undefined, { params: { minimum: 4, level: 4 } }) },
  { precision: '5.1.7', rule: 'LVL-03', name: 'an internal system with international links is not infrastructure', asOf: '2026-11-24', facts: redetermine({ systemType: 'internal', scope: 'international', infoPersonal: true }, 2), expect: ok(undefined, { params: { minimum: 2, level: 2 } }) },
];

const ROWS: Row[] = [...TIMELINE, ...INDEPENDENT, ...GROUPS, ...SELF, ...WINDOWS, ...CRITERIA];

function resultOf(row: Row): RuleResult {
  const cfg = engineConfig(row.cfg ?? {});
  const results = row.org ? judgeOrganisation(row.org, row.asOf, cfg).results : judgeSystem(row.facts!, row.asOf, cfg).results;
  const r = results.find((x) => x.rule === row.rule);
  if (!r) throw new Error(`${row.rule} is not a rule of that subject`);
  return r;
}

describe('docs/rules.md §5, precision by precision', () => {
  it.each(ROWS.map((r) => [`${r.precision} ${r.rule}: ${r.name}`, r] as const))('%s', (_name, row) => {
    const r = resultOf(row);
    const e = row.expect;
    expect(r.state).toBe(e.state);
    if (e.severity !== undefined) expect(r.severity).toBe(e.severity);
    if (e.dueDate !== undefined) expect(r.dueDate).toBe(e.dueDate);
    if (e.msg) expect(r.messageKey).toMatch(new RegExp(`\\.${e.msg.replace('.', '\\.')}$`));
    if (e.params) expect(r.params).toMatchObject(e.params);
  });

  it('has an ok, a due_soon and a gap case for each precision (where its rules have them) and boundary triples', () => {
    // ASM-03 and LVL-03 have no due_soon; 5.1.3 and 5.1.4 reach due_soon through ASM-01
    for (const p of ['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.7'] as const) {
      const rows = ROWS.filter((r) => r.precision === p);
      const states = new Set(rows.map((r) => r.expect.state));
      for (const state of p === '5.1.7' ? (['ok', 'gap'] as const) : (['ok', 'due_soon', 'gap'] as const)) expect(states.has(state), `${p} ${state}`).toBe(true);
      if (p !== '5.1.7') expect(rows.filter((r) => r.boundary).length, p).toBeGreaterThanOrEqual(6);
    }
  });
});

// ---- 5.1.3 through the database: parent links that loop ----

describe('5.1.3 through the evaluation: companies recorded as each other’s parent', () => {
  it('flag the assessor in the monitoring provider’s chain and never hang', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const fx = await seedFixture(db);
    const provider = (code: string) => db.insert(organisations).values({ code, nameVi: `Công ty ${code}`, kind: 'provider', searchText: searchTextFor({ code, nameVi: code }) }).returning().get().id;
    const [a, b, outsider] = [provider('CTY-VONG-A'), provider('CTY-VONG-B'), provider('CTY-NGOAI')];
    // a loop: each recorded as the other's parent (bad data, written as another tool would)
    db.update(organisations).set({ parentId: b }).where(eq(organisations.id, a)).run();
    db.update(organisations).set({ parentId: a }).where(eq(organisations.id, b)).run();
    const system = (code: string, assessor: number) => {
      const id = db.insert(systems).values({ code, nameVi: code, ownerId: fx.org.deptA1, operatorId: fx.org.deptA1, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-03-01', searchText: searchTextFor({ code, nameVi: code }) }).returning().get().id;
      db.insert(levelDecisions).values({ systemId: id, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved', approvalDate: '2024-01-20' }).run();
      db.insert(layer2Monitoring).values({ systemId: id, mode: 'provider', providerId: a, contractNumber: 'GS-1', startDate: '2024-02-01' }).run();
      db.insert(engagements).values({ systemId: id, assessorKind: 'provider', assessorId: assessor, startDate: '2024-02-15' }).run();
      return id;
    };
    const tiedId = system('HT-VONG-1', b);
    const freeId = system('HT-VONG-2', outsider);
    const admin = actorFor(db, db.select().from(users).where(eq(users.id, fx.user.admin)).get()!);
    const ev = evaluateScope(db, admin, { asOf: '2026-11-24' });
    const asm03 = (id: number) => ev.systems.find((e) => e.system.id === id)!.results.find((r) => r.rule === 'ASM-03')!;
    expect(asm03(tiedId)).toMatchObject({ state: 'gap', severity: 'critical', messageKey: 'rule.ASM-03.msg.parent_of_monitoring' });
    expect(asm03(freeId).state).toBe('ok');
  });
});

// ---- 5.1.6 One list of what falls due ----

interface DueRow {
  name: string;
  kind: ObligationKind;
  facts?: SystemFacts;
  org?: OrganisationFacts;
  asOf: string;
  /** the item expected (rule, date, state), or null when nothing of that kind is due */
  expect: Pick<Obligation, 'rule' | 'dueDate' | 'state'> | null;
  boundary?: true;
}

function dueAround(kind: ObligationKind, name: string, day: string, at: (d: string) => Omit<DueRow, 'name' | 'kind' | 'expect'>, expected: [DueRow['expect'], DueRow['expect'], DueRow['expect']]): DueRow[] {
  return ([-1, 0, 1] as const).map((shift, i) => ({ kind, boundary: true as const, name: `${name} (${addDays(day, shift)})`, ...at(addDays(day, shift)), expect: expected[i]! }));
}

const item = (rule: RuleId, dueDate: string, state: Obligation['state']) => ({ rule, dueDate, state });
const licensed = org(20, null, 'provider', [], { licenceExpires: '2026-12-24' });

const DUE: DueRow[] = [
  ...dueAround('assessment', 'the yearly assessment', '2026-11-14', (d) => ({ facts: s({ assessments: by(ASSESSOR, '2025-05-10') }), asOf: d }), [item('ASM-01', '2026-12-14', 'ok'), item('ASM-01', '2026-12-14', 'due_soon'), item('ASM-01', '2026-12-14', 'due_soon')]),
  ...dueAround('assessment', 'the yearly assessment, missed', '2026-12-15', (d) => ({ facts: s({ assessments: by(ASSESSOR, '2025-05-10') }), asOf: d }), [item('ASM-01', '2026-12-14', 'due_soon'), item('ASM-01', '2026-12-14', 'gap'), item('ASM-01', '2026-12-14', 'gap')]),
  ...dueAround('assessment_report', 'the yearly result to the authority', '2026-11-14', (d) => ({ facts: s({ assessments: by(ASSESSOR, '2025-05-10', '2026-05-10') }), asOf: d }), [item('ASM-01', '2026-12-14', 'ok'), item('ASM-01', '2026-12-14', 'due_soon'), item('ASM-01', '2026-12-14', 'due_soon')]),
  ...dueAround('notice', 'the self-inspection notice', '2026-10-01', (d) => ({ facts: s(nsi), asOf: d }), [item('LVL-07', '2026-10-01', 'due_soon'), item('LVL-07', '2026-10-01', 'gap'), item('LVL-07', '2026-10-01', 'gap')]),
  ...dueAround('transition', 'the Decree 331 measures', '2027-07-01', (d) => ({ facts: s({ decisions: approvals([3, '2024-01-20', 'nd85']) }), asOf: d }), [item('LVL-06', '2027-07-01', 'due_soon'), item('LVL-06', '2027-07-01', 'due_soon'), item('LVL-06', '2027-07-01', 'gap')]),
  ...dueAround('contract', 'the monitoring contract', '2026-12-24', (d) => ({ facts: s({ layer2: monitoredBy({ provider: MONITOR, start: '2024-02-01', end: '2026-12-24' }) }), asOf: d }), [item('L4-2', '2026-12-24', 'due_soon'), item('L4-2', '2026-12-24', 'due_soon'), item('L4-2', '2026-12-24', 'gap')]),
  ...dueAround('licence', 'the monitoring provider’s licence', '2026-11-24', (d) => ({ facts: s({ layer2: monitoredBy({ provider: licensed, start: '2024-02-01' }) }), asOf: d }), [item('L4-2', '2026-12-24', 'ok'), item('L4-2', '2026-12-24', 'due_soon'), item('L4-2', '2026-12-24', 'due_soon')]),
  ...dueAround('certificate', 'an operator’s certificate', '2027-01-23', (d) => ({ facts: s(certificateTo('2027-01-23')), asOf: d }), [item('HR-02', '2027-01-23', 'due_soon'), item('HR-02', '2027-01-23', 'due_soon'), item('HR-02', '2027-01-23', 'gap')]),
  ...dueAround('knowledge_update', 'an operator’s knowledge update', '2026-11-25', (d) => ({ facts: s(updatedOn('2025-12-25')), asOf: d }), [item('HR-03', '2026-12-25', 'ok'), item('HR-03', '2026-12-25', 'due_soon'), item('HR-03', '2026-12-25', 'due_soon')]),
  ...dueAround('drill', 'a level 4 system’s drill', '2026-12-20', (d) => ({ facts: s({ ...atLevel(4), drills: ['2025-12-20'] }), asOf: d }), [item('DRL-01', '2026-12-20', 'due_soon'), item('DRL-01', '2026-12-20', 'due_soon'), item('DRL-01', '2026-12-20', 'gap')]),
  ...dueAround('drill', 'the organisation’s drill', '2026-11-20', (d) => ({ org: organisation({ drills: ['2025-12-20'] }), asOf: d }), [item('DRL-01', '2026-12-20', 'ok'), item('DRL-01', '2026-12-20', 'due_soon'), item('DRL-01', '2026-12-20', 'due_soon')]),
  ...dueAround('finding', 'a finding', '2026-12-24', (d) => ({ facts: s(finding('2026-12-24')), asOf: d }), [item('ASM-06', '2026-12-24', 'due_soon'), item('ASM-06', '2026-12-24', 'due_soon'), item('ASM-06', '2026-12-24', 'gap')]),
  ...dueAround('annual_report', 'the internal annual report', '2026-11-20', (d) => ({ org: organisation(), asOf: d }), [item('REP-01', '2026-12-20', 'ok'), item('REP-01', '2026-12-20', 'due_soon'), item('REP-01', '2026-12-20', 'due_soon')]),
  { kind: 'assessment', name: 'nothing owed by a level 2 system', facts: s(atLevel(2)), asOf: '2026-11-24', expect: null },
  { kind: 'finding', name: 'a fixed finding is not due', facts: s({ findings: [{ id: 1, title: 'Tồn tại 1', severity: 'high', status: 'fixed', dueDate: '2026-12-24', closedDate: '2026-11-01' }] }), asOf: '2026-11-24', expect: null },
];

/** The duties of a kind (and the rule's result behind them) of one row. */
function duties(row: DueRow): { items: Obligation[]; results: RuleResult[] } {
  const j = row.org ? judgeOrganisation(row.org, row.asOf) : judgeSystem(row.facts!, row.asOf);
  return { items: j.obligations.filter((o) => o.kind === row.kind), results: j.results };
}

describe('5.1.6: one list of what falls due, from the same evaluation', () => {
  it.each(DUE.map((r) => [`${r.kind}: ${r.name}`, r] as const))('%s', (_name, row) => {
    const { items } = duties(row);
    if (row.expect === null) {
      expect(items).toEqual([]);
      return;
    }
    // the annual report lists both deadlines; the internal one is the first
    expect(items.map((i) => ({ rule: i.rule, dueDate: i.dueDate, state: i.state }))[0]).toEqual(row.expect);
  });

  it('has an ok, a due_soon and a gap case and boundary triples', () => {
    const states = new Set(DUE.flatMap((r) => (r.expect ? [r.expect.state] : [])));
    expect([...states].sort()).toEqual(['due_soon', 'gap', 'ok']);
    expect(new Set(DUE.filter((r) => r.boundary).map((r) => r.kind)).size).toBeGreaterThanOrEqual(10);
  });

  it('an item taken from a rule carries that rule’s date and state', () => {
    for (const row of DUE) {
      const { items, results } = duties(row);
      for (const i of items.filter((x) => ['ASM-01', 'ASM-02', 'LVL-06', 'LVL-07', 'DRL-01', 'ASM-06'].includes(x.rule) && x.kind !== 'assessment_report')) {
        const r = results.find((x) => x.rule === i.rule)!;
        // ASM-06 sums up every finding (the earliest date); one finding here, so the same
        expect({ rule: r.rule, date: r.dueDate, state: r.state }, row.name).toEqual({ rule: i.rule, date: i.dueDate, state: i.state });
      }
    }
  });

  it('sorts by date, then the most severe first, then overdue first', () => {
    const o = (dueDate: string, severity: Obligation['severity'], state: Obligation['state']) => ({ dueDate, severity, state });
    const list = [o('2026-12-20', 'medium', 'due_soon'), o('2026-12-14', 'high', 'ok'), o('2026-12-14', 'critical', 'ok'), o('2026-12-20', 'medium', 'gap'), o('2026-10-01', 'low', 'gap')];
    expect([...list].sort(compareObligations)).toEqual([
      o('2026-10-01', 'low', 'gap'), o('2026-12-14', 'critical', 'ok'), o('2026-12-14', 'high', 'ok'), o('2026-12-20', 'medium', 'gap'), o('2026-12-20', 'medium', 'due_soon'),
    ]);
  });
});
