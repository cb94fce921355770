// The rule pack, table-driven: every rule has at least one ok, one gap and one boundary case; both regimes
// where they differ; the ct14 overlay on and off. The facts are built in memory: no database.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/cadence.js';
import { DEFAULT_ANSWERS, type LevelAnswers } from '../../src/domain/level-criteria.js';
import {
  DEFAULT_ENGINE_CONFIG, RULE_IDS, RULE_PACK, emptySummary, engineConfig, evaluateOrganisation, evaluateSystem, sameName, summarise,
  type EngineConfig, type OrganisationFacts, type RuleId, type RuleResult, type SystemFacts,
} from '../../src/domain/rules/index.js';
import { dictionaries, translate } from '../../src/i18n/index.js';
import { ASSESSOR, MONITOR, answers3, atLevel, decision, done, org, organisation, person, system } from '../helpers/facts.js';

const AS_OF = '2026-11-24';

// every result the tests produce, to check the dictionary covers it
const seen: RuleResult[] = [];

function run(rule: RuleId, facts: SystemFacts, asOf = AS_OF, cfg: Partial<EngineConfig> = {}): RuleResult {
  const results = evaluateSystem(facts, asOf, engineConfig(cfg));
  seen.push(...results);
  const r = results.find((x) => x.rule === rule);
  if (!r) throw new Error(`${rule} is not a system rule`);
  return r;
}

function runOrg(rule: RuleId, facts: OrganisationFacts, asOf = AS_OF, cfg: Partial<EngineConfig> = {}): RuleResult {
  const results = evaluateOrganisation(facts, asOf, engineConfig(cfg));
  seen.push(...results);
  const r = results.find((x) => x.rule === rule);
  if (!r) throw new Error(`${rule} is not an organisation rule`);
  return r;
}

type Expect = { state: RuleResult['state']; severity?: RuleResult['severity']; dueDate?: string | null; msg?: string; params?: Record<string, string | number> };
interface Row {
  rule: RuleId;
  kind: 'ok' | 'gap' | 'boundary' | 'n/a' | 'regime' | 'due_soon';
  name: string;
  facts?: SystemFacts;
  org?: OrganisationFacts;
  asOf?: string;
  cfg?: Partial<EngineConfig>;
  expect: Expect;
}

const s = system;
const day = (n: number) => addDays(AS_OF, n);
const lvl5 = { ...atLevel(5), nationalSecurityImportant: true };

const ROWS: Row[] = [
  // ---- LVL-01 ----
  { rule: 'LVL-01', kind: 'ok', name: 'approved level', facts: s(), expect: { state: 'ok', msg: 'ok' } },
  { rule: 'LVL-01', kind: 'gap', name: 'in operation, no dossier', facts: s({ decisions: [] }), expect: { state: 'gap', severity: 'high', msg: 'none', dueDate: '2024-03-01' } },
  { rule: 'LVL-01', kind: 'gap', name: 'proposed level 3, pending → critical', facts: s({ decisions: [decision({ dossierStatus: 'submitted', approvalDate: null })] }), expect: { state: 'gap', severity: 'critical', msg: 'notApproved' } },
  { rule: 'LVL-01', kind: 'gap', name: 'proposed level 2, pending → high', facts: s({ decisions: [decision({ proposedLevel: 2, dossierStatus: 'draft', approvalDate: null })] }), expect: { state: 'gap', severity: 'high' } },
  { rule: 'LVL-01', kind: 'boundary', name: 'goes live in exactly 30 days', facts: s({ decisions: [], lifecycleStatus: 'under_construction', goLiveDate: day(30) }), expect: { state: 'gap', msg: 'goingLive', dueDate: day(30) } },
  { rule: 'LVL-01', kind: 'boundary', name: 'goes live in 31 days', facts: s({ decisions: [], lifecycleStatus: 'under_construction', goLiveDate: day(31) }), expect: { state: 'n/a', msg: 'notLive' } },
  { rule: 'LVL-01', kind: 'boundary', name: 'approved after asOf does not count yet', facts: s({ decisions: [decision({ approvalDate: day(1) })] }), expect: { state: 'gap', severity: 'critical' } },
  { rule: 'LVL-01', kind: 'n/a', name: 'planned, no date', facts: s({ decisions: [], lifecycleStatus: 'planned', goLiveDate: null }), expect: { state: 'n/a' } },

  // ---- LVL-02 ----
  { rule: 'LVL-02', kind: 'ok', name: 'approved and layered before go-live', facts: s(), expect: { state: 'ok' } },
  { rule: 'LVL-02', kind: 'gap', name: 'approved after go-live, level 3 → critical', facts: s({ decisions: [decision({ approvalDate: '2024-03-02', regulationDate: '2024-03-02' })] }), expect: { state: 'gap', severity: 'critical', msg: 'beforeApproval', dueDate: '2024-03-01' } },
  { rule: 'LVL-02', kind: 'gap', name: 'never approved, level 2 proposal → high', facts: s({ decisions: [decision({ proposedLevel: 2, dossierStatus: 'draft', approvalDate: null })] }), expect: { state: 'gap', severity: 'high', msg: 'beforeApproval' } },
  { rule: 'LVL-02', kind: 'gap', name: 'layer 4 connected after go-live', facts: s({ layer4: [{ id: 1, status: 'connected', connectionDate: '2024-03-02' }] }), expect: { state: 'gap', msg: 'beforeLayers', params: { layers: 'L4-4' } } },
  { rule: 'LVL-02', kind: 'gap', name: 'both late', facts: s({ layer1: [], decisions: [decision({ approvalDate: '2024-04-01', regulationDate: '2024-04-01' })] }), expect: { state: 'gap', msg: 'beforeBoth', params: { layers: 'L4-1' } } },
  { rule: 'LVL-02', kind: 'boundary', name: 'approval and connection on the go-live day', facts: s({ decisions: [decision({ approvalDate: '2024-03-01' })], layer4: [{ id: 1, status: 'connected', connectionDate: '2024-03-01' }] }), expect: { state: 'ok' } },
  { rule: 'LVL-02', kind: 'boundary', name: 'live before Law 86 took effect (approval not judged), before Decision 964 (layers not judged)', facts: s({ goLiveDate: '2016-06-30', decisions: [decision({ approvalDate: '2018-01-01' })] }), expect: { state: 'n/a', msg: 'legacy' } },
  { rule: 'LVL-02', kind: 'boundary', name: 'live on the day Law 86 took effect', facts: s({ goLiveDate: '2016-07-01', decisions: [decision({ approvalDate: '2018-01-01' })] }), expect: { state: 'gap', msg: 'beforeApproval' } },
  { rule: 'LVL-02', kind: 'boundary', name: 'ct14 off: the layers are not judged', facts: s({ layer4: [] }), cfg: { ct14: false }, expect: { state: 'ok' } },
  { rule: 'LVL-02', kind: 'n/a', name: 'not state-funded', facts: s({ stateFunded: false, decisions: [] }), expect: { state: 'n/a', msg: 'notState' } },

  // ---- LVL-03 ----
  { rule: 'LVL-03', kind: 'ok', name: 'answers imply the approved level', facts: s(), expect: { state: 'ok', params: { minimum: 3, level: 3 } } },
  {
    rule: 'LVL-03', kind: 'gap', name: 'the newest (draft) answers imply level 4',
    facts: s({ decisions: [decision(), decision({ id: 2, dossierStatus: 'draft', approvalDate: null, answers: { ...answers3, stateSecret: 'toi_mat' }, proposedLevel: 4 })] }),
    expect: { state: 'gap', severity: 'high', msg: 'higher', params: { minimum: 4, level: 3 } },
  },
  { rule: 'LVL-03', kind: 'boundary', name: 'approved above the minimum', facts: s({ decisions: [decision({ proposedLevel: 4 })] }), expect: { state: 'ok', params: { minimum: 3, level: 4 } } },
  { rule: 'LVL-03', kind: 'n/a', name: 'no approved level', facts: s({ decisions: [] }), expect: { state: 'n/a' } },

  // ---- LVL-04 ----
  { rule: 'LVL-04', kind: 'ok', name: 'regulation before approval', facts: s(), expect: { state: 'ok' } },
  { rule: 'LVL-04', kind: 'gap', name: 'no regulation', facts: s({ decisions: [decision({ regulationNumber: null, regulationDate: null })] }), expect: { state: 'gap', severity: 'medium', msg: 'missing' } },
  { rule: 'LVL-04', kind: 'gap', name: 'regulation after approval', facts: s({ decisions: [decision({ regulationDate: '2024-01-21' })] }), expect: { state: 'gap', severity: 'medium', msg: 'late' } },
  { rule: 'LVL-04', kind: 'boundary', name: 'regulation on the approval day', facts: s({ decisions: [decision({ regulationDate: '2024-01-20' })] }), expect: { state: 'ok' } },
  { rule: 'LVL-04', kind: 'boundary', name: 'a blank number is no regulation', facts: s({ decisions: [decision({ regulationNumber: '  ' })] }), expect: { state: 'gap', msg: 'missing' } },

  // ---- LVL-05 ----
  { rule: 'LVL-05', kind: 'ok', name: 'appraised by another unit', facts: s(), expect: { state: 'ok' } },
  { rule: 'LVL-05', kind: 'gap', name: 'no appraisal on record', facts: s({ decisions: [decision({ appraisalBody: null, appraisalDate: null })] }), expect: { state: 'gap', severity: 'medium', msg: 'noAppraisal' } },
  { rule: 'LVL-05', kind: 'gap', name: 'appraised by the operator (case and diacritics ignored)', facts: s({ decisions: [decision({ appraisalBody: 'TRUNG TAM chuyen doi so' })] }), expect: { state: 'gap', msg: 'byOperator' } },
  { rule: 'LVL-05', kind: 'boundary', name: 'level 2 is out of scope', facts: s(atLevel(2, { appraisalBody: null })), expect: { state: 'n/a' } },
  { rule: 'LVL-05', kind: 'boundary', name: 'level 3 without appraisal date', facts: s({ decisions: [decision({ appraisalDate: null })] }), expect: { state: 'gap' } },

  // ---- LVL-06 ----
  { rule: 'LVL-06', kind: 'ok', name: 'nd85 level, deadline 1 Jul 2027 far', facts: s({ decisions: [decision({ regime: 'nd85' })] }), expect: { state: 'ok', msg: 'meetBy', dueDate: '2027-07-01' } },
  // the window's boundary days (2 Apr, 1 Jul 2027): test/unit/precisions.test.ts, 5.1.5
  { rule: 'LVL-06', kind: 'gap', name: 'after 1 Jul 2027', facts: s({ decisions: [decision({ regime: 'nd85' })] }), asOf: '2027-07-02', expect: { state: 'gap', severity: 'high', msg: 'meetMissed', dueDate: '2027-07-01' } },
  { rule: 'LVL-06', kind: 'due_soon', name: 'under construction, no approval: 1 Jan 2027 within 90 days', facts: s({ decisions: [], lifecycleStatus: 'under_construction', goLiveDate: null }), expect: { state: 'due_soon', msg: 'approveSoon', dueDate: '2027-01-01', params: { days: 38 } } },
  { rule: 'LVL-06', kind: 'boundary', name: 'the transition window is configurable', facts: s({ decisions: [], lifecycleStatus: 'under_construction', goLiveDate: null }), cfg: { transitionWindowDays: 30 }, expect: { state: 'ok', msg: 'approveBy' } },
  { rule: 'LVL-06', kind: 'gap', name: 'under construction, not approved by 1 Jan 2027', facts: s({ decisions: [], lifecycleStatus: 'under_construction', goLiveDate: null }), asOf: '2027-01-02', expect: { state: 'gap', msg: 'approveMissed' } },
  { rule: 'LVL-06', kind: 'gap', name: 'went live after 1 Jul 2026, approved under nd85 too late', facts: s({ goLiveDate: '2026-09-01', decisions: [decision({ regime: 'nd85', approvalDate: '2027-01-05' })] }), asOf: '2027-02-01', expect: { state: 'gap', msg: 'approvedLate' } },
  { rule: 'LVL-06', kind: 'regime', name: 'nd331 approval is out of transition', facts: s(), expect: { state: 'n/a' } },

  // ---- LVL-07 ----
  // the 60-day window's boundary days (2 Aug, 1 Oct): test/unit/precisions.test.ts, 5.1.5
  { rule: 'LVL-07', kind: 'ok', name: 'notice sent before 1 Oct', facts: s({ nationalSecurityImportant: true, notices: [{ year: 2026, sentDate: '2026-09-15' }] }), expect: { state: 'ok', msg: 'sent', dueDate: '2027-10-01' } },
  { rule: 'LVL-07', kind: 'gap', name: 'level 5 without a notice', facts: s({ ...atLevel(5), notices: [{ year: 2025, sentDate: '2025-09-01' }] }), expect: { state: 'gap', severity: 'high', msg: 'missing', dueDate: '2026-10-01' } },
  { rule: 'LVL-07', kind: 'boundary', name: 'sent on 1 Oct is late', facts: s({ nationalSecurityImportant: true, notices: [{ year: 2026, sentDate: '2026-10-01' }] }), expect: { state: 'gap', msg: 'late' } },
  { rule: 'LVL-07', kind: 'boundary', name: 'went live on 1 Oct: first notice next year', facts: s({ nationalSecurityImportant: true, goLiveDate: '2026-10-01' }), expect: { state: 'ok', msg: 'firstNextYear' } },
  { rule: 'LVL-07', kind: 'n/a', name: 'level 3, not national-security-important', facts: s(), expect: { state: 'n/a', msg: 'notApplicable' } },

  // ---- L4-1 … L4-4 ----
  { rule: 'L4-1', kind: 'ok', name: 'designated', facts: s(), expect: { state: 'ok' } },
  { rule: 'L4-1', kind: 'gap', name: 'no designation, level 3 → high', facts: s({ layer1: [] }), expect: { state: 'gap', severity: 'high', msg: 'missing' } },
  { rule: 'L4-1', kind: 'gap', name: 'no designation, level 2 → medium', facts: s({ ...atLevel(2), layer1: [] }), expect: { state: 'gap', severity: 'medium' } },
  { rule: 'L4-1', kind: 'boundary', name: 'designation dated after asOf', facts: s({ layer1: [{ id: 1, securityUnitId: 12, decisionNumber: '05', decisionDate: day(1) }] }), expect: { state: 'gap' } },
  { rule: 'L4-1', kind: 'boundary', name: 'going live in 10 days without it', facts: s({ lifecycleStatus: 'under_construction', goLiveDate: day(10), layer1: [] }), expect: { state: 'gap', msg: 'missingBeforeGoLive', dueDate: day(10) } },
  { rule: 'L4-1', kind: 'n/a', name: 'not state-funded', facts: s({ stateFunded: false, layer1: [] }), expect: { state: 'n/a' } },
  { rule: 'L4-2', kind: 'ok', name: 'contract running', facts: s(), expect: { state: 'ok', msg: 'okUntil', dueDate: '2027-06-30' } },
  { rule: 'L4-2', kind: 'ok', name: 'self-monitoring', facts: s({ layer2: [{ id: 1, mode: 'self', providerId: null, provider: null, contractNumber: null, startDate: null, endDate: null, recordedOn: '2024-01-01' }] }), expect: { state: 'ok', msg: 'ok' } },
  { rule: 'L4-2', kind: 'gap', name: 'contract ended yesterday', facts: s({ layer2: [{ ...system().layer2[0]!, endDate: day(-1) }] }), expect: { state: 'gap', severity: 'high', msg: 'expired', dueDate: day(-1) } },
  { rule: 'L4-2', kind: 'boundary', name: 'contract ends today', facts: s({ layer2: [{ ...system().layer2[0]!, endDate: AS_OF }] }), expect: { state: 'due_soon', msg: 'ending' } },
  { rule: 'L4-2', kind: 'boundary', name: 'contract ends in 30 days', facts: s({ layer2: [{ ...system().layer2[0]!, endDate: day(30) }] }), expect: { state: 'due_soon' } },
  { rule: 'L4-2', kind: 'boundary', name: 'contract ends in 31 days', facts: s({ layer2: [{ ...system().layer2[0]!, endDate: day(31) }] }), expect: { state: 'ok' } },
  { rule: 'L4-3', kind: 'ok', name: 'assessor engaged', facts: s(), expect: { state: 'ok' } },
  { rule: 'L4-3', kind: 'gap', name: 'engagement revoked', facts: s({ layer3: [{ ...system().layer3[0]!, revokedAt: '2026-11-01' }] }), expect: { state: 'gap', msg: 'missing' } },
  { rule: 'L4-3', kind: 'boundary', name: 'revoked only after asOf', facts: s({ layer3: [{ ...system().layer3[0]!, revokedAt: day(1) }] }), expect: { state: 'ok' } },
  { rule: 'L4-3', kind: 'boundary', name: 'in-house assessor without dates', facts: s({ layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', startDate: null, endDate: null }] }), expect: { state: 'ok' } },
  { rule: 'L4-4', kind: 'ok', name: 'connected', facts: s(), expect: { state: 'ok' } },
  { rule: 'L4-4', kind: 'gap', name: 'connection in progress', facts: s({ layer4: [{ id: 1, status: 'in_progress', connectionDate: null }] }), expect: { state: 'gap', msg: 'inProgress' } },
  { rule: 'L4-4', kind: 'boundary', name: 'connected only after asOf', facts: s({ layer4: [{ id: 1, status: 'connected', connectionDate: day(1) }] }), expect: { state: 'gap', msg: 'missing' } },

  // ---- ASM-01 ----
  { rule: 'ASM-01', kind: 'ok', name: 'assessed in the current cycle', facts: s(), expect: { state: 'ok', dueDate: '2027-12-14' } },
  { rule: 'ASM-01', kind: 'gap', name: 'never assessed, live since 2024', facts: s({ assessments: done([], ASSESSOR) }), expect: { state: 'gap', severity: 'high', msg: 'missed', dueDate: '2025-12-14' } },
  { rule: 'ASM-01', kind: 'boundary', name: '31 days before 14 Dec', facts: s({ assessments: done(['2025-05-10'], ASSESSOR) }), asOf: '2026-11-13', expect: { state: 'ok', dueDate: '2026-12-14' } },
  { rule: 'ASM-01', kind: 'boundary', name: '30 days before 14 Dec', facts: s({ assessments: done(['2025-05-10'], ASSESSOR) }), asOf: '2026-11-14', expect: { state: 'due_soon', severity: 'high', dueDate: '2026-12-14' } },
  { rule: 'ASM-01', kind: 'boundary', name: 'on 14 Dec', facts: s({ assessments: done(['2025-05-10'], ASSESSOR) }), asOf: '2026-12-14', expect: { state: 'due_soon' } },
  { rule: 'ASM-01', kind: 'boundary', name: 'on 15 Dec', facts: s({ assessments: done(['2025-05-10'], ASSESSOR) }), asOf: '2026-12-15', expect: { state: 'gap', dueDate: '2026-12-14' } },
  { rule: 'ASM-01', kind: 'boundary', name: 'the due-soon window is configurable', facts: s({ assessments: done(['2025-05-10'], ASSESSOR) }), asOf: '2026-11-14', cfg: { dueSoonDays: 10 }, expect: { state: 'ok' } },
  { rule: 'ASM-01', kind: 'n/a', name: 'level 5 owes the half-yearly cadence instead', facts: s({ ...lvl5 }), expect: { state: 'n/a' } },

  // ---- ASM-02 ----
  { rule: 'ASM-02', kind: 'ok', name: 'assessed in this half year', facts: s({ ...lvl5, assessments: done(['2026-01-10', '2026-07-01'], ASSESSOR) }), expect: { state: 'ok' } },
  { rule: 'ASM-02', kind: 'gap', name: 'the first half of 2026 missed', facts: s({ ...lvl5, assessments: done(['2025-11-01'], ASSESSOR) }), expect: { state: 'gap', severity: 'critical', dueDate: '2026-06-14' } },
  { rule: 'ASM-02', kind: 'boundary', name: '31 days before 14 Dec', facts: s({ ...lvl5, assessments: done(['2026-01-10'], ASSESSOR) }), asOf: '2026-11-13', expect: { state: 'ok' } },
  { rule: 'ASM-02', kind: 'boundary', name: '30 days before 14 Dec', facts: s({ ...lvl5, assessments: done(['2026-01-10'], ASSESSOR) }), asOf: '2026-11-14', expect: { state: 'due_soon', severity: 'critical', dueDate: '2026-12-14' } },
  { rule: 'ASM-02', kind: 'boundary', name: 'on 15 Jun after an empty first half', facts: s({ ...lvl5, assessments: done(['2025-12-01'], ASSESSOR) }), asOf: '2026-06-15', expect: { state: 'gap', dueDate: '2026-06-14' } },

  // ---- ASM-03 ----
  { rule: 'ASM-03', kind: 'ok', name: 'unrelated assessor', facts: s(), expect: { state: 'ok' } },
  { rule: 'ASM-03', kind: 'gap', name: 'the monitoring provider assesses', facts: s({ layer3: [{ ...system().layer3[0]!, assessorId: 20, assessor: MONITOR }] }), expect: { state: 'gap', severity: 'critical', msg: 'same_as_monitoring' } },
  {
    rule: 'ASM-03', kind: 'gap', name: 'a sister company assesses',
    facts: s({
      layer2: [{ ...system().layer2[0]!, provider: org(20, 99, 'provider') }],
      layer3: [{ ...system().layer3[0]!, assessor: org(31, 99, 'provider') }],
    }),
    expect: { state: 'gap', msg: 'sister_of_monitoring' },
  },
  { rule: 'ASM-03', kind: 'boundary', name: 'level 2 owes no independence', facts: s({ ...atLevel(2), layer3: [{ ...system().layer3[0]!, assessor: MONITOR }] }), expect: { state: 'n/a' } },
  { rule: 'ASM-03', kind: 'boundary', name: 'the provider now monitors nothing (self)', facts: s({ layer2: [{ id: 2, mode: 'self', providerId: null, provider: null, contractNumber: null, startDate: null, endDate: null, recordedOn: '2024-01-01' }], layer3: [{ ...system().layer3[0]!, assessor: MONITOR }] }), expect: { state: 'ok' } },
  { rule: 'ASM-03', kind: 'n/a', name: 'no assessor and no assessment', facts: s({ layer3: [], assessments: [] }), expect: { state: 'n/a', msg: 'noAssessor' } },
  { rule: 'ASM-03', kind: 'ok', name: 'no assessor engaged now, the last assessment independent', facts: s({ layer3: [] }), expect: { state: 'ok' } },

  // ---- ASM-04 ----
  { rule: 'ASM-04', kind: 'ok', name: 'an outside assessor', facts: s(), expect: { state: 'ok' } },
  { rule: 'ASM-04', kind: 'gap', name: 'the operator assesses itself (nd331)', facts: s({ layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessorId: 11, assessor: org(11, 10, 'agency') }] }), expect: { state: 'gap', severity: 'high', msg: 'is_operator' } },
  { rule: 'ASM-04', kind: 'regime', name: 'the same under nd85 is not judged', facts: s({ decisions: [decision({ regime: 'nd85' })], layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessor: org(11, 10, 'agency') }] }), expect: { state: 'n/a' } },
  { rule: 'ASM-04', kind: 'boundary', name: 'another unit of the same owner assesses', facts: s({ layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessor: org(13, 10, 'agency') }] }), expect: { state: 'ok' } },

  // ---- ASM-05 ----
  { rule: 'ASM-05', kind: 'ok', name: 'level 5 assessed by a provider', facts: s({ ...lvl5 }), expect: { state: 'ok' } },
  { rule: 'ASM-05', kind: 'gap', name: 'level 5 assessed in-house', facts: s({ ...lvl5, layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessor: org(13, 10, 'agency') }] }), expect: { state: 'gap', severity: 'high', msg: 'in_house_level5' } },
  { rule: 'ASM-05', kind: 'boundary', name: 'level 4 in-house is not judged', facts: s({ ...atLevel(4), layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessor: org(13, 10, 'agency') }] }), expect: { state: 'n/a' } },

  // ---- ASM-06 ----
  { rule: 'ASM-06', kind: 'ok', name: 'no findings', facts: s(), expect: { state: 'ok', msg: 'none' } },
  { rule: 'ASM-06', kind: 'ok', name: 'a finding due in 31 days', facts: s({ findings: [{ id: 1, title: 'Tồn tại 1', severity: 'high', status: 'open', dueDate: day(31), closedDate: null }] }), expect: { state: 'ok', msg: 'onTrack', dueDate: day(31) } },
  { rule: 'ASM-06', kind: 'gap', name: 'overdue: the highest severity wins', facts: s({ findings: [{ id: 2, title: 'Tồn tại 2', severity: 'medium', status: 'open', dueDate: day(-10), closedDate: null }, { id: 3, title: 'Tồn tại 3', severity: 'critical', status: 'in_progress', dueDate: day(-1), closedDate: null }] }), expect: { state: 'gap', severity: 'critical', dueDate: day(-10), params: { n: 2 } } },
  { rule: 'ASM-06', kind: 'boundary', name: 'due today is not overdue yet', facts: s({ findings: [{ id: 4, title: 'Tồn tại 4', severity: 'low', status: 'open', dueDate: AS_OF, closedDate: null }] }), expect: { state: 'due_soon', severity: 'low' } },
  { rule: 'ASM-06', kind: 'boundary', name: 'due in 30 days', facts: s({ findings: [{ id: 5, title: 'Tồn tại 5', severity: 'high', status: 'open', dueDate: day(30), closedDate: null }] }), expect: { state: 'due_soon', severity: 'high' } },
  { rule: 'ASM-06', kind: 'boundary', name: 'fixed before asOf', facts: s({ findings: [{ id: 6, title: 'Tồn tại 6', severity: 'high', status: 'fixed', dueDate: day(-20), closedDate: day(-1) }] }), expect: { state: 'ok' } },
  { rule: 'ASM-06', kind: 'boundary', name: 'fixed only after asOf: open as of then', facts: s({ findings: [{ id: 7, title: 'Tồn tại 7', severity: 'high', status: 'fixed', dueDate: day(-20), closedDate: day(1) }] }), expect: { state: 'gap', severity: 'high' } },

  // ---- HR-01 … HR-03 ----
  { rule: 'HR-01', kind: 'ok', name: 'a certified operator', facts: s(), expect: { state: 'ok' } },
  { rule: 'HR-01', kind: 'gap', name: 'nobody assigned', facts: s({ people: [] }), expect: { state: 'gap', severity: 'high', msg: 'noOperators' } },
  { rule: 'HR-01', kind: 'gap', name: 'an international certificate does not count', facts: s({ people: [person({ certificates: [{ kind: 'international', status: 'valid', issueDate: '2024-01-01', expiryDate: null, statusDate: null }] })] }), expect: { state: 'gap', msg: 'noCertified' } },
  { rule: 'HR-01', kind: 'boundary', name: 'certificate expiring today still counts', facts: s({ people: [person({ certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: AS_OF, statusDate: null }] })] }), expect: { state: 'ok' } },
  { rule: 'HR-01', kind: 'boundary', name: 'certificate expired yesterday', facts: s({ people: [person({ certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: day(-1), statusDate: null }] })] }), expect: { state: 'gap' } },
  { rule: 'HR-01', kind: 'n/a', name: 'level 2', facts: s({ ...atLevel(2), people: [] }), expect: { state: 'n/a' } },
  { rule: 'HR-02', kind: 'ok', name: 'certificate valid to 2028', facts: s(), expect: { state: 'ok' } },
  { rule: 'HR-02', kind: 'gap', name: 'certificate expired', facts: s({ people: [person({ certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: day(-1), statusDate: null }] })] }), expect: { state: 'gap', severity: 'high', msg: 'expired' } },
  { rule: 'HR-02', kind: 'boundary', name: 'expires in 60 days', facts: s({ people: [person({ certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: day(60), statusDate: null }] })] }), expect: { state: 'due_soon', severity: 'high', msg: 'expiring', dueDate: day(60) } },
  { rule: 'HR-02', kind: 'boundary', name: 'expires in 61 days', facts: s({ people: [person({ certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: day(61), statusDate: null }] })] }), expect: { state: 'ok' } },
  { rule: 'HR-03', kind: 'ok', name: 'updated in June', facts: s(), expect: { state: 'ok' } },
  { rule: 'HR-03', kind: 'gap', name: 'no update ever', facts: s({ people: [person({ updates: [] })] }), expect: { state: 'gap', severity: 'medium', msg: 'missing' } },
  { rule: 'HR-03', kind: 'boundary', name: 'an update a year and a day ago', facts: s({ people: [person({ updates: [{ date: '2025-11-23' }] })] }), expect: { state: 'gap' } },
  { rule: 'HR-03', kind: 'boundary', name: 'an update exactly a year ago still counts today', facts: s({ people: [person({ updates: [{ date: '2025-11-24' }] })] }), expect: { state: 'due_soon', severity: 'medium', dueDate: AS_OF } },
  { rule: 'HR-03', kind: 'boundary', name: 'the update stops counting in 31 days', facts: s({ people: [person({ updates: [{ date: '2025-12-25' }] })] }), expect: { state: 'ok' } },

  // ---- DRL-01 (system part: levels 4–5) ----
  { rule: 'DRL-01', kind: 'ok', name: 'level 4 with its own drill', facts: s({ ...atLevel(4) }), expect: { state: 'ok' } },
  { rule: 'DRL-01', kind: 'gap', name: 'level 4 without a drill', facts: s({ ...atLevel(4), drills: [] }), expect: { state: 'gap', severity: 'medium', msg: 'sysNone' } },
  { rule: 'DRL-01', kind: 'boundary', name: 'the last drill a year ago today', facts: s({ ...atLevel(4), drills: ['2025-11-24'] }), expect: { state: 'due_soon', dueDate: AS_OF } },
  { rule: 'DRL-01', kind: 'boundary', name: 'the last drill a year and a day ago', facts: s({ ...atLevel(4), drills: ['2025-11-23'] }), expect: { state: 'gap', msg: 'overdue' } },
  { rule: 'DRL-01', kind: 'n/a', name: 'level 3 owes no drill of its own', facts: s({ drills: [] }), expect: { state: 'n/a', msg: 'sysLevelNa' } },

  // ---- BUD-01 (system) ----
  { rule: 'BUD-01', kind: 'boundary', name: 'exactly 10 %', facts: s(), expect: { state: 'ok', params: { percent: 10 } } },
  { rule: 'BUD-01', kind: 'ok', name: '12 %', facts: s({ budgets: [{ year: 2026, itBudget: 100, securitySpending: 12 }] }), expect: { state: 'ok' } },
  { rule: 'BUD-01', kind: 'gap', name: '9.99 %', facts: s({ budgets: [{ year: 2026, itBudget: 10_000, securitySpending: 999 }] }), expect: { state: 'gap', severity: 'medium', msg: 'gap' } },
  { rule: 'BUD-01', kind: 'n/a', name: 'no figures', facts: s({ budgets: [] }), expect: { state: 'n/a', msg: 'none' } },
  { rule: 'BUD-01', kind: 'n/a', name: 'not state-funded', facts: s({ stateFunded: false }), expect: { state: 'n/a', msg: 'notState' } },

  // ---- CHK-01 ----
  { rule: 'CHK-01', kind: 'ok', name: 'every item met', facts: s(), expect: { state: 'ok' } },
  { rule: 'CHK-01', kind: 'gap', name: 'items not assessed', facts: s({ checklist: { applicable: 10, met: 7, partlyMet: 0, notMet: 0, notApplicable: 0, notAssessed: 3, percentMet: 70 } }), expect: { state: 'gap', severity: 'medium', msg: 'openUnproven', params: { count: 3, percent: 70, notEvidenced: 7 } } },
  { rule: 'CHK-01', kind: 'boundary', name: 'met or not applicable', facts: s({ checklist: { applicable: 10, met: 8, partlyMet: 0, notMet: 0, notApplicable: 2, notAssessed: 0, percentMet: 100 } }), expect: { state: 'ok' } },
  { rule: 'CHK-01', kind: 'boundary', name: 'one item partly met', facts: s({ checklist: { applicable: 10, met: 9, partlyMet: 1, notMet: 0, notApplicable: 0, notAssessed: 0, percentMet: 90 } }), expect: { state: 'gap', params: { count: 1 } } },
  { rule: 'CHK-01', kind: 'n/a', name: 'no approved level', facts: s({ decisions: [], checklist: null }), expect: { state: 'n/a' } },

  // ---- PLN-01 ----
  { rule: 'PLN-01', kind: 'ok', name: 'note recorded', facts: s(), expect: { state: 'ok' } },
  { rule: 'PLN-01', kind: 'gap', name: 'no note', facts: s({ domesticProductsNote: null }), expect: { state: 'gap', severity: 'low' } },
  { rule: 'PLN-01', kind: 'boundary', name: 'a blank note', facts: s({ domesticProductsNote: '   ' }), expect: { state: 'gap' } },
  { rule: 'PLN-01', kind: 'boundary', name: 'level 2 owes none', facts: s({ ...atLevel(2), domesticProductsNote: null }), expect: { state: 'n/a' } },

  // ---- organisation rules ----
  { rule: 'DRL-01', kind: 'ok', name: 'organisation drilled this year', org: organisation(), expect: { state: 'ok', dueDate: '2027-06-01' } },
  { rule: 'DRL-01', kind: 'gap', name: 'organisation never drilled', org: organisation({ drills: [] }), expect: { state: 'gap', severity: 'medium', msg: 'none' } },
  { rule: 'DRL-01', kind: 'boundary', name: 'organisation drill due in 30 days', org: organisation({ drills: ['2025-12-24'] }), expect: { state: 'due_soon' } },
  { rule: 'BUD-01', kind: 'ok', name: 'organisation at 10 %', org: organisation(), expect: { state: 'ok' } },
  { rule: 'BUD-01', kind: 'gap', name: 'organisation below 10 %', org: organisation({ budgets: [{ year: 2026, itBudget: 1_000, securitySpending: 99 }] }), expect: { state: 'gap' } },
  { rule: 'BUD-01', kind: 'boundary', name: 'a later year is a plan: the latest past year counts', org: organisation({ budgets: [{ year: 2025, itBudget: 1_000, securitySpending: 50 }, { year: 2027, itBudget: 1_000, securitySpending: 500 }] }), expect: { state: 'gap', params: { year: '2025' } } },
  { rule: 'REP-01', kind: 'ok', name: 'last year submitted', org: organisation(), asOf: '2026-11-10', expect: { state: 'ok', msg: 'lastYearSubmitted', dueDate: '2026-12-20' } },
  { rule: 'REP-01', kind: 'gap', name: 'last year never submitted', org: organisation({ annualReports: [] }), asOf: '2026-11-10', expect: { state: 'gap', severity: 'high', msg: 'lastYearMissing', dueDate: '2025-12-25' } },
  { rule: 'REP-01', kind: 'gap', name: 'internally only', org: organisation({ annualReports: [{ year: 2025, internalDate: '2025-12-18', authorityDate: null }] }), asOf: '2026-11-10', expect: { state: 'gap' } },
  // docs/rules.md §5, due-soon windows: the window's boundary days (20 Nov, 20 Dec, 25 Dec) are in test/unit/precisions.test.ts
  { rule: 'REP-01', kind: 'boundary', name: 'the window follows the configured due-soon days', org: organisation(), asOf: '2026-11-20', cfg: { dueSoonDays: 10 }, expect: { state: 'ok', msg: 'lastYearSubmitted' } },
  { rule: 'REP-01', kind: 'boundary', name: '14 Dec: this year’s report is due soon', org: organisation(), asOf: '2026-12-14', expect: { state: 'due_soon', msg: 'internalDue' } },
  { rule: 'REP-01', kind: 'boundary', name: '15 Dec: the new report is coming due', org: organisation(), asOf: '2026-12-15', expect: { state: 'due_soon', msg: 'internalDue', dueDate: '2026-12-20' } },
  { rule: 'REP-01', kind: 'ok', name: 'submitted on 24 Dec', org: organisation({ annualReports: [{ year: 2026, internalDate: '2026-12-19', authorityDate: '2026-12-24' }] }), asOf: '2026-12-26', expect: { state: 'ok', msg: 'submitted' } },
  { rule: 'REP-01', kind: 'n/a', name: 'no systems', org: organisation({ systemCount: 0, annualReports: [] }), expect: { state: 'n/a' } },
];

describe('the rule table', () => {
  it.each(ROWS.map((r) => [`${r.rule} ${r.kind}: ${r.name}`, r] as const))('%s', (_name, row) => {
    const r = row.org ? runOrg(row.rule, row.org, row.asOf, row.cfg) : run(row.rule, row.facts!, row.asOf, row.cfg);
    const e = row.expect;
    expect(r.state).toBe(e.state);
    if (e.severity !== undefined) expect(r.severity).toBe(e.severity);
    if (e.dueDate !== undefined) expect(r.dueDate).toBe(e.dueDate);
    if (e.msg) expect(r.messageKey).toMatch(new RegExp(`\\.${e.msg}$`));
    if (e.params) expect(r.params).toMatchObject(e.params);
    // a severity exactly when flagged
    expect(r.severity === null).toBe(r.state === 'ok' || r.state === 'n/a');
    expect(r.citation).toBe(RULE_PACK.find((d) => d.id === row.rule)!.citation);
  });

  it('covers every rule with at least one ok, one gap and one boundary case', () => {
    for (const id of RULE_IDS) {
      const rows = ROWS.filter((r) => r.rule === id);
      expect(rows.some((r) => r.expect.state === 'ok'), `${id} ok`).toBe(true);
      expect(rows.some((r) => r.expect.state === 'gap'), `${id} gap`).toBe(true);
      expect(rows.some((r) => r.kind === 'boundary'), `${id} boundary`).toBe(true);
    }
  });
});

describe('the compliant system', () => {
  it.each(['nd331', 'nd85'] as const)('has no gap and nothing due under %s', (regime) => {
    const results = evaluateSystem(system({ decisions: [decision({ regime })] }), AS_OF);
    seen.push(...results);
    expect(results.filter((r) => r.state === 'gap' || r.state === 'due_soon')).toEqual([]);
    // ASM-04 is a Decree 331 rule; LVL-06 a Decree 85 one
    expect(results.find((r) => r.rule === 'ASM-04')!.state).toBe(regime === 'nd331' ? 'ok' : 'n/a');
    expect(results.find((r) => r.rule === 'LVL-06')!.state).toBe(regime === 'nd85' ? 'ok' : 'n/a');
  });

  it('gives one result per system rule, in pack order', () => {
    expect(evaluateSystem(system(), AS_OF).map((r) => r.rule)).toEqual(RULE_PACK.filter((r) => r.system).map((r) => r.id));
    expect(evaluateOrganisation(organisation(), AS_OF).map((r) => r.rule)).toEqual(['DRL-01', 'BUD-01', 'REP-01']);
  });
});

describe('both regimes', () => {
  // an online service for 20 000 users with personal data: level 3 under Decree 85 (≥ 10 000 users),
  // level 2 under Decree 331 (fewer than 100 000 basic personal-data subjects)
  const online: Partial<LevelAnswers> = { ...DEFAULT_ANSWERS, systemType: 'public_service', infoPersonal: true, users: 20_000, basicPdSubjects: 20_000 };
  it.each([
    ['nd85', 'gap'],
    ['nd331', 'ok'],
  ] as const)('LVL-03 re-determines an approved level 2 under %s: %s', (regime, state) => {
    const r = run('LVL-03', system({ decisions: [decision({ regime, answers: online, proposedLevel: 2 })] }));
    expect(r.state).toBe(state);
  });

  it('LVL-06 concerns Decree 85 levels, not Decree 331 ones', () => {
    expect(run('LVL-06', system({ decisions: [decision({ regime: 'nd85' })] })).state).toBe('ok');
    expect(run('LVL-06', system()).messageKey).toBe('rule.na.regime');
  });
});

describe('the ct14 overlay', () => {
  const OVERLAY: RuleId[] = ['L4-1', 'L4-2', 'L4-3', 'L4-4', 'ASM-01', 'ASM-02', 'ASM-03', 'HR-01', 'HR-02', 'HR-03', 'DRL-01', 'BUD-01', 'PLN-01'];
  const DECREE: RuleId[] = ['LVL-01', 'LVL-02', 'LVL-03', 'LVL-04', 'LVL-05', 'LVL-06', 'LVL-07', 'ASM-04', 'ASM-05', 'ASM-06', 'REP-01', 'CHK-01'];

  it('is data: the overlay rules are exactly those of Directive 14 and Decisions 964/515', () => {
    expect(RULE_PACK.filter((r) => r.basis === 'ct14').map((r) => r.id).sort()).toEqual([...OVERLAY].sort());
    expect(RULE_PACK.filter((r) => r.basis === 'decree').map((r) => r.id).sort()).toEqual([...DECREE].sort());
  });

  // a level 5, national-security-important nd331 system that breaks everything
  const broken = system({
    ...atLevel(5, { appraisalBody: null, regulationNumber: null }),
    nationalSecurityImportant: true, domesticProductsNote: null, layer1: [], layer2: [], layer4: [], assessments: done([], ASSESSOR), people: [], drills: [], budgets: [{ year: 2026, itBudget: 100, securitySpending: 1 }],
    layer3: [{ ...system().layer3[0]!, assessorKind: 'in_house', assessorId: 11, assessor: org(11, 10, 'agency') }],
    findings: [{ id: 8, title: 'Tồn tại 8', severity: 'high', status: 'open', dueDate: '2026-01-01', closedDate: null }],
    checklist: { applicable: 5, met: 0, partlyMet: 0, notMet: 5, notApplicable: 0, notAssessed: 0, percentMet: 0 },
  });

  it('on: the overlay rules flag the broken system', () => {
    const results = evaluateSystem(broken, AS_OF, engineConfig({ ct14: true }));
    seen.push(...results);
    const flagged = new Set(results.filter((r) => r.state === 'gap' || r.state === 'due_soon').map((r) => r.rule));
    for (const id of ['L4-1', 'L4-2', 'L4-4', 'ASM-02', 'HR-01', 'DRL-01', 'BUD-01', 'PLN-01'] as const) expect(flagged.has(id), id).toBe(true);
  });

  it('off: every overlay rule is n/a, the decree rules still apply', () => {
    const results = evaluateSystem(broken, AS_OF, engineConfig({ ct14: false }));
    seen.push(...results);
    for (const r of results) {
      if (OVERLAY.includes(r.rule)) expect(r.messageKey, r.rule).toBe('rule.na.overlayOff');
      else expect(r.messageKey, r.rule).not.toBe('rule.na.overlayOff');
    }
    const flagged = new Set(results.filter((r) => r.state === 'gap').map((r) => r.rule));
    expect([...flagged].sort()).toEqual(['ASM-04', 'ASM-05', 'ASM-06', 'CHK-01', 'LVL-04', 'LVL-05', 'LVL-07'].sort());
  });

  it('off: the organisation keeps REP-01 only', () => {
    const results = evaluateOrganisation(organisation({ drills: [], annualReports: [] }), AS_OF, engineConfig({ ct14: false }));
    seen.push(...results);
    expect(results.map((r) => [r.rule, r.state])).toEqual([['DRL-01', 'n/a'], ['BUD-01', 'n/a'], ['REP-01', 'due_soon']]);
  });
});

describe('the engine', () => {
  it('rules everything out for a decommissioned system', () => {
    const results = evaluateSystem(system({ lifecycleStatus: 'decommissioned', decommissionedAt: '2026-06-30', assessments: done([], ASSESSOR) }), AS_OF);
    expect(new Set(results.map((r) => r.messageKey))).toEqual(new Set(['rule.na.decommissioned']));
    // … but not before it was decommissioned
    expect(evaluateSystem(system({ lifecycleStatus: 'decommissioned', decommissionedAt: '2026-06-30' }), '2026-06-29').some((r) => r.state === 'ok')).toBe(true);
  });

  it('refuses a date that is not yyyy-mm-dd', () => {
    expect(() => evaluateSystem(system(), '24/11/2026')).toThrow(RangeError);
    expect(() => evaluateOrganisation(organisation(), '2026-02-30')).toThrow(RangeError);
  });

  it('never reads the clock: the same facts and date give the same results', () => {
    expect(evaluateSystem(system(), AS_OF)).toEqual(evaluateSystem(system(), AS_OF));
  });

  it('fills the defaults of a partial configuration', () => {
    expect(engineConfig({ dueSoonDays: 14 })).toEqual({ ...DEFAULT_ENGINE_CONFIG, dueSoonDays: 14 });
    expect(engineConfig({ ct14: undefined } as Partial<EngineConfig>).ct14).toBe(true);
  });

  it('summarises by state, severity and rule, and parts add up to the whole', () => {
    const a = evaluateSystem(system({ assessments: done([], ASSESSOR) }), AS_OF);
    const b = evaluateSystem(system({ layer1: [], findings: [{ id: 9, title: 'Tồn tại 9', severity: 'low', status: 'open', dueDate: AS_OF, closedDate: null }] }), AS_OF);
    const whole = summarise([...a, ...b]);
    const parts = summarise(b, summarise(a));
    expect(parts).toEqual(whole);
    expect(whole.total).toBe(a.length + b.length);
    expect(whole.byRule['ASM-01'].gap).toBe(1);
    expect(whole.byRule['L4-1'].gap).toBe(1);
    expect(whole.bySeverity.high.gap).toBe(2); // ASM-01 and L4-1 at level 3
    expect(whole.bySeverity.low.due_soon).toBe(1); // ASM-06
    expect(Object.values(whole.byState).reduce((x, y) => x + y, 0)).toBe(whole.total);
    expect(emptySummary().total).toBe(0);
  });

  it('compares organisation names ignoring case, diacritics and punctuation', () => {
    expect(sameName('Trung tâm Chuyển đổi số', 'TRUNG TAM CHUYEN DOI SO')).toBe(true);
    expect(sameName('Sở Thông tin và Truyền thông.', 'so thong tin va truyen thong')).toBe(true);
    expect(sameName('Sở Y tế', 'Sở Tài chính')).toBe(false);
    expect(sameName('', '')).toBe(false);
  });
});

describe('the messages', () => {
  it('every message case the pack declares has a Vietnamese and an English text', () => {
    for (const rule of RULE_PACK) {
      for (const key of [rule.titleKey, ...rule.messages.map((m) => `rule.${rule.id}.msg.${m}`)]) {
        expect(dictionaries.vi[key], key).toBeTruthy();
        expect(dictionaries.en[key], key).toBeTruthy();
      }
    }
  });

  it('the dictionary has no rule text the pack does not declare', () => {
    const declared = new Set(RULE_PACK.flatMap((r) => [r.titleKey, ...r.messages.map((m) => `rule.${r.id}.msg.${m}`)]));
    const orphans = Object.keys(dictionaries.vi).filter((k) => /^rule\.[A-Z0-9-]+\./.test(k) && !declared.has(k));
    expect(orphans).toEqual([]);
  });

  it('every result the tests produced is declared, translated and fully filled in', () => {
    expect(seen.length).toBeGreaterThan(500);
    for (const r of seen) {
      const rule = RULE_PACK.find((d) => d.id === r.rule)!;
      const m = /^rule\.(?:na\.[a-zA-Z]+|[A-Z0-9-]+\.msg\.(\w+))$/.exec(r.messageKey);
      expect(m, r.messageKey).not.toBeNull();
      if (m![1]) expect(rule.messages, r.messageKey).toContain(m![1]);
      for (const locale of ['vi', 'en'] as const) {
        const text = translate(locale, r.messageKey, r.params);
        expect(text, `${locale} ${r.messageKey}`).not.toBe(r.messageKey);
        expect(text, `${locale} ${r.messageKey}`).not.toMatch(/\{\w+\}/);
      }
    }
  });
});
