import { describe, it, expect } from 'vitest';
import {
  PROTECTION_CITATIONS,
  ancestorChain,
  independenceIssues,
  layer1Status,
  layer2Status,
  layer3Status,
  layer4Status,
  type IndependenceInput,
  type IndependenceIssue,
  type Layer1,
  type Layer2,
  type Layer3,
  type Layer4,
  type LayerStatus,
} from '../../src/domain/protection.js';
import { org } from '../helpers/facts.js';

const TODAY = '2026-12-14';
const YESTERDAY = '2026-12-13';
const TOMORROW = '2026-12-15';

describe('layer1Status', () => {
  const l1 = (over: Partial<Layer1> = {}): Layer1 => ({ securityUnitId: 7, decisionNumber: '12/QĐ-STTTT', decisionDate: '2025-01-10', ...over });
  it.each<[string, Layer1 | null, LayerStatus]>([
    ['unit and decision recorded', l1(), 'in_place'],
    ['no decision date is still in place', l1({ decisionDate: null }), 'in_place'],
    ['no record', null, 'missing'],
    ['no security unit', l1({ securityUnitId: null }), 'missing'],
    ['no decision number', l1({ decisionNumber: null }), 'missing'],
    ['blank decision number', l1({ decisionNumber: '  ' }), 'missing'],
  ])('%s → %s', (_name, l, expected) => {
    expect(layer1Status(l)).toBe(expected);
  });
});

describe('layer2Status', () => {
  const provider = (over: Partial<Layer2> = {}): Layer2 => ({
    mode: 'provider', providerId: 3, contractNumber: 'HĐ-01', startDate: '2026-01-01', endDate: TODAY, ...over,
  });
  it.each<[string, Layer2 | null, LayerStatus]>([
    ['no record', null, 'missing'],
    ['self-monitoring, no dates', { mode: 'self', providerId: null, contractNumber: null, startDate: null, endDate: null }, 'in_place'],
    ['contract ending today', provider(), 'in_place'],
    ['contract ended yesterday', provider({ endDate: YESTERDAY }), 'expired'],
    ['contract starting tomorrow', provider({ startDate: TOMORROW, endDate: '2027-12-31' }), 'missing'],
    ['contract starting today', provider({ startDate: TODAY, endDate: null }), 'in_place'],
    ['open-ended contract', provider({ endDate: null }), 'in_place'],
    ['provider without a start date', provider({ startDate: null }), 'missing'],
    ['provider without a start date, ended', provider({ startDate: null, endDate: YESTERDAY }), 'expired'],
    ['no provider recorded', provider({ providerId: null }), 'missing'],
  ])('%s → %s', (_name, l, expected) => {
    expect(layer2Status(l, TODAY)).toBe(expected);
  });
});

describe('layer3Status', () => {
  const assessor = (over: Partial<Layer3> = {}): Layer3 => ({
    assessorKind: 'provider', assessorId: 9, contractNumber: 'HĐ-02', startDate: '2026-01-01', endDate: TODAY, ...over,
  });
  it.each<[string, Layer3 | null, LayerStatus]>([
    ['no record', null, 'missing'],
    ['contract ending today', assessor(), 'in_place'],
    ['contract ended yesterday', assessor({ endDate: YESTERDAY }), 'expired'],
    ['contract starting tomorrow', assessor({ startDate: TOMORROW, endDate: null }), 'missing'],
    ['open-ended contract', assessor({ endDate: null }), 'in_place'],
    ['provider without a start date', assessor({ startDate: null }), 'missing'],
    ['in-house without dates', assessor({ assessorKind: 'in_house', contractNumber: null, startDate: null, endDate: null }), 'in_place'],
    ['in-house with an end date passed', assessor({ assessorKind: 'in_house', startDate: null, endDate: YESTERDAY }), 'expired'],
    ['in-house starting tomorrow', assessor({ assessorKind: 'in_house', startDate: TOMORROW, endDate: null }), 'missing'],
    ['in-house with dates in force', assessor({ assessorKind: 'in_house' }), 'in_place'],
  ])('%s → %s', (_name, l, expected) => {
    expect(layer3Status(l, TODAY)).toBe(expected);
  });
});

describe('layer4Status', () => {
  it.each<[string, Layer4 | null, LayerStatus]>([
    ['connected', { status: 'connected', connectionDate: '2025-05-01' }, 'in_place'],
    ['connected, date not recorded', { status: 'connected', connectionDate: null }, 'in_place'],
    ['in progress', { status: 'in_progress', connectionDate: null }, 'missing'],
    ['not connected', { status: 'not_connected', connectionDate: null }, 'missing'],
    ['no record', null, 'missing'],
  ])('%s → %s', (_name, l, expected) => {
    expect(layer4Status(l)).toBe(expected);
  });
});

describe('independenceIssues', () => {
  // organisations: group 100 owns providers 101 (SOC) and 102 (assessor); 200 is unrelated; agency 1 operates, 10 owns
  const owner = org(10);
  const agency = org(1, 10, 'agency', [10]);
  const group = org(100, null, 'provider');
  const soc = org(101, 100, 'provider');
  const sister = org(102, 100, 'provider');
  const socChild = org(103, 101, 'provider', [101, 100]);
  const independent = org(200, null, 'provider');
  const independentChild = org(201, 200, 'provider');
  const standaloneSoc = org(300, null, 'provider');
  const unitOfOperator = org(2, 1, 'agency', [1, 10]);
  const siblingUnit = org(3, 10, 'agency', [10]);
  const otherAgency = org(50);

  const base = (over: Partial<IndependenceInput> = {}): IndependenceInput => ({
    level: 3, regime: 'nd331', assessor: independent, assessorKind: 'provider', monitoring: { mode: 'provider', provider: soc }, operator: agency, owner, ...over,
  });
  const self: IndependenceInput['monitoring'] = { mode: 'self' };
  const asm03 = (reason: IndependenceIssue['reason']): IndependenceIssue => ({ rule: 'ASM-03', severity: 'critical', reason });
  const asm04: IndependenceIssue = { rule: 'ASM-04', severity: 'high', reason: 'is_operator' };
  const asm04unit: IndependenceIssue = { rule: 'ASM-04', severity: 'high', reason: 'operator_unit' };
  const asm05: IndependenceIssue = { rule: 'ASM-05', severity: 'high', reason: 'in_house_level5' };

  it.each<[string, IndependenceInput, IndependenceIssue[]]>([
    ['independent provider', base(), []],
    ['independent provider with its own parent', base({ assessor: independentChild }), []],
    ['no layer 2 at all', base({ monitoring: null, assessor: soc }), []],
    ['same provider as monitoring', base({ assessor: soc }), [asm03('same_as_monitoring')]],
    ['sister company of the monitoring provider', base({ assessor: sister }), [asm03('sister_of_monitoring')]],
    ['parent of the monitoring provider', base({ assessor: group }), [asm03('parent_of_monitoring')]],
    ['child of the monitoring provider', base({ assessor: socChild }), [asm03('parent_of_monitoring')]],
    ['both without a parent are not sisters', base({ assessor: independent, monitoring: { mode: 'provider', provider: standaloneSoc } }), []],
    ['level 4, same provider', base({ level: 4, assessor: soc }), [asm03('same_as_monitoring')]],
    ['operator assesses itself under nd331', base({ assessor: agency, assessorKind: 'in_house' }), [asm04]],
    ['operator assesses itself under nd85', base({ regime: 'nd85', assessor: agency, assessorKind: 'in_house' }), []],
    ['a unit of the operator in-house, level 3 (nd331)', base({ assessor: unitOfOperator, assessorKind: 'in_house' }), [asm04unit]],
    ['a sibling unit of the operator in-house, level 3', base({ assessor: siblingUnit, assessorKind: 'in_house' }), []],
    ['level 5 in-house by a sibling unit', base({ level: 5, assessor: siblingUnit, assessorKind: 'in_house' }), [asm05]],
    ['level 5 by an independent provider', base({ level: 5 }), []],
    ['level 5, operator in-house under nd331', base({ level: 5, assessor: agency, assessorKind: 'in_house' }), [asm04, asm05]],
    ['level 5, operator in-house under nd85', base({ level: 5, regime: 'nd85', assessor: agency, assessorKind: 'in_house' }), [asm05]],
    ['operator that is also the monitoring provider assesses itself', base({ assessor: soc, operator: soc }), [asm03('same_as_monitoring'), asm04]],
    // docs/rules.md §5, self-monitoring: self-monitoring makes the owner and the operator the monitoring organisation
    ['self-monitored, assessed by the operator (nd85: ASM-03 only)', base({ regime: 'nd85', monitoring: self, assessor: agency, assessorKind: 'in_house' }), [asm03('self_monitoring')]],
    ['self-monitored, assessed by a unit of the owner', base({ monitoring: self, assessor: siblingUnit, assessorKind: 'in_house' }), [asm03('self_monitoring')]],
    ['self-monitored, assessed by the owner itself', base({ monitoring: self, assessor: owner, assessorKind: 'in_house' }), [asm03('self_monitoring')]],
    ['self-monitored, assessed by an outside agency', base({ monitoring: self, assessor: otherAgency, assessorKind: 'in_house' }), []],
    ['self-monitored, assessed by a provider', base({ monitoring: self }), []],
    ['level 2, same provider → no issue', base({ level: 2, assessor: soc }), []],
    ['level 2, operator in-house → no issue', base({ level: 2, assessor: agency, assessorKind: 'in_house' }), []],
    ['level 1 → no issue', base({ level: 1, assessor: sister }), []],
    ['no approved level → no issue', base({ level: null, assessor: soc }), []],
  ])('%s', (_name, i, expected) => {
    expect(independenceIssues(i)).toEqual(expected);
  });

  // docs/rules.md §5, group chains: a common ancestor anywhere up the parent chains, or one above the other
  describe('group chains', () => {
    const holding = org(400, null, 'provider');
    const grandA = org(401, 400, 'provider');
    const monitoringGrandchild = org(402, 401, 'provider', [401, 400]);
    const assessorGrandchild = org(403, 404, 'provider', [404, 400]);
    it.each<[string, IndependenceInput, IndependenceIssue[]]>([
      ['cousins under one holding are the same group', base({ monitoring: { mode: 'provider', provider: monitoringGrandchild }, assessor: assessorGrandchild }), [asm03('sister_of_monitoring')]],
      ['the holding above the monitoring provider', base({ monitoring: { mode: 'provider', provider: monitoringGrandchild }, assessor: holding }), [asm03('parent_of_monitoring')]],
      ['a grand-subsidiary of the monitoring provider', base({ monitoring: { mode: 'provider', provider: grandA }, assessor: monitoringGrandchild }), [asm03('parent_of_monitoring')]],
      ['another holding is independent', base({ monitoring: { mode: 'provider', provider: monitoringGrandchild }, assessor: independentChild }), []],
    ])('%s', (_name, i, expected) => {
      expect(independenceIssues(i)).toEqual(expected);
    });

    it('a loop in the parent links stops at the first repeat', () => {
      const parents = new Map<number, number | null>([[1, 2], [2, 3], [3, 1], [4, 4], [5, null]]);
      expect(ancestorChain(1, (id) => parents.get(id))).toEqual([2, 3]);
      expect(ancestorChain(4, (id) => parents.get(id))).toEqual([]);
      expect(ancestorChain(5, (id) => parents.get(id))).toEqual([]);
      expect(ancestorChain(99, (id) => parents.get(id))).toEqual([]);
    });
  });

  it('a form can warn before the level is approved by assuming level 3', () => {
    const i = base({ level: null, assessor: soc });
    expect(independenceIssues({ ...i, level: 3 })).toEqual([asm03('same_as_monitoring')]);
  });

  it('every issue rule has a citation', () => {
    for (const rule of ['ASM-03', 'ASM-04', 'ASM-05', 'L4-1', 'L4-2', 'L4-3', 'L4-4'] as const) {
      expect(PROTECTION_CITATIONS[rule]).toMatch(/\S/);
    }
    expect(PROTECTION_CITATIONS['ASM-03']).toBe('Chỉ thị 14/CT-TTg, khoản 1 điểm d');
  });
});
