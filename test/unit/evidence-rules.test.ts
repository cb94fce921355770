// How the rules treat evidence (docs/evidence-rules.md): the end of a claim backed by evidence, CHK-01's
// "met, not evidenced" count and its expired items, a layer record, a certificate and a fix whose evidence
// runs out — each on the right day, through the same 30-day window as the other deadlines — and the due
// list's evidence duties. Facts in memory; no database.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { checklistEvidence, evidenceEnd, evidenceState, itemState, type EvidenceRef } from '../../src/domain/evidence.js';
import { judgeSystem, type RuleResult, type SystemFacts } from '../../src/domain/rules/index.js';
import { dictionaries } from '../../src/i18n/index.js';
import { done, org } from '../helpers/facts.js';

const AS_OF = '2026-11-24';
const day = (n: number) => addDays(AS_OF, n);
const ev = (id: number, validFrom: string, validUntil: string | null, title = `Minh chứng ${id}`): EvidenceRef => ({ id, title, validFrom, validUntil });

const ASSESSOR = org(30, null, 'provider');

function system(over: Partial<SystemFacts> = {}): SystemFacts {
  return {
    id: 1, code: 'HT-01', nameVi: 'Cổng dịch vụ công', nameEn: null, ownerId: 10, operatorId: 11, securityUnitId: 12,
    lifecycleStatus: 'in_operation', goLiveDate: '2024-03-01', decommissionedAt: null, stateFunded: true, nationalSecurityImportant: false,
    domesticProductsNote: 'Sản phẩm trong nước.',
    operator: org(11, 10, 'agency', [10]), owner: org(10),
    decisions: [{
      id: 1, regime: 'nd331', answers: {}, proposedLevel: 3, dossierStatus: 'approved', appraisalBody: 'Sở Khoa học và Công nghệ',
      appraisalDate: '2024-01-10', approvalDate: '2024-01-20', regulationNumber: '12/QĐ-UBND', regulationDate: '2024-01-15',
    }],
    layer1: [{ id: 1, securityUnitId: 12, decisionNumber: '05/QĐ-STTTT', decisionDate: '2024-01-05' }],
    layer2: [{ id: 1, mode: 'self', providerId: null, provider: null, contractNumber: null, startDate: null, endDate: null, recordedOn: '2024-01-01' }],
    layer3: [{ id: 1, assessorKind: 'provider', assessorId: 30, assessor: ASSESSOR, contractNumber: 'HĐ-02', startDate: '2024-02-15', endDate: '2027-06-30', revokedAt: null, recordedOn: '2024-02-15' }],
    layer4: [{ id: 1, status: 'connected', connectionDate: '2024-02-20' }],
    assessments: done(['2025-05-10', '2026-05-10'], ASSESSOR),
    findings: [],
    people: [{
      operatorId: 1, fullName: 'Nguyễn Văn An', assignment: { role: 'administrator', fromDate: '2024-02-01', toDate: null },
      certificates: [{ kind: 'national_in_depth', status: 'valid', issueDate: '2024-01-01', expiryDate: '2028-01-01', statusDate: null }],
      updates: [{ date: '2026-06-01' }],
    }],
    drills: ['2026-06-01'],
    budgets: [{ year: 2026, itBudget: 1_000, securitySpending: 100 }],
    notices: [],
    checklist: { applicable: 10, met: 10, partlyMet: 0, notMet: 0, notApplicable: 0, notAssessed: 0, percentMet: 100 },
    ...over,
  };
}

const rule = (facts: SystemFacts, id: string, asOf = AS_OF): RuleResult => judgeSystem(facts, asOf).results.find((r) => r.rule === id)!;
const obligations = (facts: SystemFacts, asOf = AS_OF) => judgeSystem(facts, asOf).obligations;

describe('the end of a claim backed by evidence', () => {
  it('is the latest expiry of the pieces in force; an open-ended piece never ends; a piece from the future says nothing yet', () => {
    expect(evidenceEnd(undefined, AS_OF)).toBeUndefined();
    expect(evidenceEnd([], AS_OF)).toBeUndefined();
    expect(evidenceEnd([ev(1, '2025-01-01', day(10)), ev(2, '2025-01-01', day(40))], AS_OF)).toBe(day(40));
    expect(evidenceEnd([ev(1, '2025-01-01', day(10)), ev(2, '2025-01-01', null)], AS_OF)).toBeNull();
    expect(evidenceEnd([ev(1, day(1), null)], AS_OF)).toBeUndefined();
    expect(evidenceEnd([ev(1, '2025-01-01', day(-5)), ev(2, day(1), null)], AS_OF)).toBe(day(-5));
  });

  it('turns ending within the window (the last day included) and expired the day after its last valid day', () => {
    const one = (until: string) => [ev(1, '2025-01-01', until)];
    expect(evidenceState(one(day(31)), AS_OF, 30)).toBe('valid');
    expect(evidenceState(one(day(30)), AS_OF, 30)).toBe('ending');
    expect(evidenceState(one(AS_OF), AS_OF, 30)).toBe('ending');
    expect(evidenceState(one(day(-1)), AS_OF, 30)).toBe('expired');
    expect(evidenceState([], AS_OF, 30)).toBe('none');
    expect(itemState({ validFrom: day(3), validUntil: null }, AS_OF, 30)).toBe('not_yet');
    expect(itemState({ validFrom: '2025-01-01', validUntil: day(-1) }, AS_OF, 30)).toBe('expired');
  });

  it('counts the met items of a checklist: evidenced, expired, ending, and the rest not evidenced', () => {
    const items = [
      { itemId: 'A', evidence: [ev(1, '2025-01-01', null)] },
      { itemId: 'B', evidence: [ev(2, '2025-01-01', day(-3))] },
      { itemId: 'C', evidence: [ev(3, '2025-01-01', day(-10))] },
      { itemId: 'D', evidence: [ev(4, '2025-01-01', day(12))] },
      { itemId: 'E', evidence: [ev(5, day(2), null)] }, // not in force yet: not evidenced
    ];
    expect(checklistEvidence(8, items, AS_OF, 30)).toEqual({ evidenced: 2, expired: 2, ending: 1, notEvidenced: 4, expiredSince: day(-10), endingOn: day(12) });
  });
});

describe('CHK-01 with evidence', () => {
  const evidenced = (n: number, until: string | null) => ({ checklist: Array.from({ length: n }, (_, i) => ({ itemId: `NET-${i}`, evidence: [ev(i + 1, '2025-01-01', until)] })) });

  it('reports "met, not evidenced" as a count of its own without changing the state', () => {
    const none = rule(system(), 'CHK-01');
    expect(none).toMatchObject({ state: 'ok', messageKey: 'rule.CHK-01.msg.okUnproven', params: { notEvidenced: 10, met: 10, percent: 100 } });
    const some = rule(system({ evidence: evidenced(4, null) }), 'CHK-01');
    expect(some).toMatchObject({ state: 'ok', params: { notEvidenced: 6, expired: 0 } });
    const all = rule(system({ evidence: evidenced(10, null) }), 'CHK-01');
    expect(all).toMatchObject({ state: 'ok', messageKey: 'rule.CHK-01.msg.ok', params: { notEvidenced: 0 } });
    const open = rule(system({ checklist: { applicable: 10, met: 8, partlyMet: 1, notMet: 1, notApplicable: 0, notAssessed: 0, percentMet: 80 }, evidence: evidenced(8, null) }), 'CHK-01');
    expect(open).toMatchObject({ state: 'gap', messageKey: 'rule.CHK-01.msg.open', params: { count: 2, notEvidenced: 0 } });
  });

  it('turns due soon 30 days before the evidence of a met item ends, and a gap the day after, the item no longer met', () => {
    const until = '2027-01-15';
    const facts = system({ evidence: evidenced(2, until) });
    expect(rule(facts, 'CHK-01', addDays(until, -31))).toMatchObject({ state: 'ok', params: { ending: 0 } });
    expect(rule(facts, 'CHK-01', addDays(until, -30))).toMatchObject({ state: 'due_soon', severity: 'medium', messageKey: 'rule.CHK-01.msg.evidenceEnding', dueDate: until, params: { ending: 2, days: 30 } });
    expect(rule(facts, 'CHK-01', until)).toMatchObject({ state: 'due_soon', dueDate: until, params: { days: 0 } });
    const after = rule(facts, 'CHK-01', addDays(until, 1));
    expect(after).toMatchObject({ state: 'gap', messageKey: 'rule.CHK-01.msg.evidenceExpired', dueDate: until, params: { expired: 2, count: 2, met: 8, percent: 80, notEvidenced: 8 } });
  });

  it('keeps a met item evidenced while one of its pieces is still valid', () => {
    const facts = system({ evidence: { checklist: [{ itemId: 'NET-1', evidence: [ev(1, '2025-01-01', day(-1)), ev(2, '2025-01-01', day(200))] }] } });
    expect(rule(facts, 'CHK-01')).toMatchObject({ state: 'ok', params: { expired: 0, notEvidenced: 9 } });
  });
});

describe('a layer record with evidence', () => {
  const withLayer1 = (until: string | null) => system({ layer1: [{ id: 1, securityUnitId: 12, decisionNumber: '05/QĐ-STTTT', decisionDate: '2024-01-05', evidence: [ev(7, '2024-01-05', until, 'Quyết định 05/QĐ-STTTT')] }] });

  it('holds until its evidence ends: ok, then due soon within 30 days, then a gap', () => {
    expect(rule(withLayer1(null), 'L4-1')).toMatchObject({ state: 'ok', messageKey: 'rule.L4-1.msg.ok' });
    expect(rule(withLayer1(day(31)), 'L4-1')).toMatchObject({ state: 'ok', messageKey: 'rule.L4-1.msg.evidenceUntil', dueDate: day(31) });
    expect(rule(withLayer1(day(30)), 'L4-1')).toMatchObject({ state: 'due_soon', severity: 'high', messageKey: 'rule.L4-1.msg.evidenceEnding', params: { days: 30 } });
    expect(rule(withLayer1(day(-1)), 'L4-1')).toMatchObject({ state: 'gap', severity: 'high', messageKey: 'rule.L4-1.msg.evidenceExpired', dueDate: day(-1) });
  });

  it('names the contract when the contract ends first, the evidence when it does', () => {
    const l3 = system().layer3[0]!;
    const early = system({ layer3: [{ ...l3, endDate: day(10), evidence: [ev(8, '2024-01-01', day(20))] }] });
    expect(rule(early, 'L4-3')).toMatchObject({ state: 'due_soon', messageKey: 'rule.L4-3.msg.ending', dueDate: day(10) });
    const late = system({ layer3: [{ ...l3, endDate: day(100), evidence: [ev(8, '2024-01-01', day(20))] }] });
    expect(rule(late, 'L4-3')).toMatchObject({ state: 'due_soon', messageKey: 'rule.L4-3.msg.evidenceEnding', dueDate: day(20) });
  });

  it('puts the evidence end in the due list, once per evidence item and date', () => {
    const due = obligations(withLayer1(day(20))).filter((o) => o.kind === 'evidence');
    expect(due).toEqual([expect.objectContaining({ key: `evd-7-${day(20)}`, shared: true, rule: 'L4-1', dueDate: day(20), state: 'due_soon', messageKey: 'due.evidence', params: { title: 'Quyết định 05/QĐ-STTTT' } })]);
  });
});

describe('a certificate with evidence', () => {
  const withScan = (until: string) => {
    const base = system().people[0]!;
    return system({ people: [{ ...base, certificates: [{ ...base.certificates[0]!, evidence: [ev(9, '2024-01-01', until, 'Bản chụp chứng nhận')] }] }] });
  };

  it('expires no later than its evidence: HR-02 due soon within 60 days, HR-01 and HR-02 gaps after', () => {
    expect(rule(withScan('2027-12-31'), 'HR-02').state).toBe('ok');
    expect(rule(withScan(day(45)), 'HR-02')).toMatchObject({ state: 'due_soon', dueDate: day(45) });
    const lapsed = withScan(day(-1));
    expect(rule(lapsed, 'HR-02')).toMatchObject({ state: 'gap', dueDate: day(-1) });
    expect(rule(lapsed, 'HR-01').state).toBe('gap');
    expect(obligations(lapsed).find((o) => o.kind === 'certificate')).toMatchObject({ dueDate: day(-1), state: 'gap' });
  });
});

describe('a fixed finding with its proof of the fix', () => {
  const fixed = (until: string | null) => system({
    findings: [{ id: 5, title: 'Chưa bật xác thực hai yếu tố', severity: 'high', status: 'fixed', dueDate: '2026-06-30', closedDate: '2026-06-01', evidence: until === undefined ? [] : [ev(11, '2026-06-01', until)] }],
  });

  it('stays closed while the proof holds beyond the window; reopens due soon within it and overdue after', () => {
    expect(rule(fixed(null), 'ASM-06')).toMatchObject({ state: 'ok', messageKey: 'rule.ASM-06.msg.none' });
    expect(rule(fixed(day(31)), 'ASM-06')).toMatchObject({ state: 'ok', messageKey: 'rule.ASM-06.msg.none' });
    expect(rule(fixed(day(30)), 'ASM-06')).toMatchObject({ state: 'due_soon', severity: 'high', dueDate: day(30) });
    expect(rule(fixed(day(-2)), 'ASM-06')).toMatchObject({ state: 'gap', severity: 'high', dueDate: day(-2) });
    expect(obligations(fixed(day(-2))).find((o) => o.kind === 'finding')).toMatchObject({ dueDate: day(-2), state: 'gap' });
  });
});

describe('the dictionary', () => {
  it('has every new message in both languages', () => {
    const keys = [
      'rule.CHK-01.msg.openUnproven', 'rule.CHK-01.msg.evidenceExpired', 'rule.CHK-01.msg.evidenceEnding', 'rule.CHK-01.msg.okUnproven', 'due.evidence', 'due.kind.evidence',
      ...[1, 2, 3, 4].flatMap((n) => ['evidenceExpired', 'evidenceEnding', 'evidenceUntil'].map((m) => `rule.L4-${n}.msg.${m}`)),
    ];
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });
});
