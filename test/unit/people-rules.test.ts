import { describe, expect, it } from 'vitest';
import {
  PEOPLE_CITATIONS,
  PEOPLE_RULES_CONFIG,
  assignmentActive,
  certificateValid,
  evaluatePeople,
  personReadiness,
  type CertificateFacts,
  type CertificateState,
  type PersonFacts,
  type RuleResult,
} from '../../src/domain/people.js';
import { addMonths } from '../../src/domain/cadence.js';
import type { RuleState } from '../../src/domain/cadence.js';

const TODAY = '2026-10-15';
const YESTERDAY = '2026-10-14';
const TOMORROW = '2026-10-16';
const LAST_WEEK = '2026-10-08';
const LAST_MONTH = '2026-09-15';

const cert = (over: Partial<CertificateFacts> = {}): CertificateFacts => ({
  kind: 'national_in_depth', status: 'valid', issueDate: '2025-01-10', expiryDate: '2028-01-10', statusDate: null, ...over,
});

let nextId = 1;
const person = (over: Partial<PersonFacts> = {}): PersonFacts => ({
  operatorId: nextId++,
  fullName: 'Nguyễn Văn An',
  assignment: { role: 'administrator', fromDate: '2024-01-01', toDate: null },
  certificates: [cert()],
  updates: [{ date: '2026-03-01' }],
  ...over,
});

const rule = (results: RuleResult[], id: RuleResult['rule']) => results.find((r) => r.rule === id)!;

describe('addMonths', () => {
  it.each([
    ['2026-10-15', -12, '2025-10-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-12-31', 1, '2026-01-31'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s %+d months → %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
  it('rejects a non-date', () => expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError));
});

describe('certificateValid', () => {
  it.each<[string, CertificateFacts, boolean]>([
    ['valid, expiring in years', cert(), true],
    ['expires tomorrow', cert({ expiryDate: TOMORROW }), true],
    ['expires today (still valid today)', cert({ expiryDate: TODAY }), true],
    ['expired yesterday', cert({ expiryDate: YESTERDAY }), false],
    ['no expiry date', cert({ expiryDate: null }), true],
    ['issued tomorrow', cert({ issueDate: TOMORROW }), false],
    ['issued today', cert({ issueDate: TODAY }), true],
    ['revoked last week', cert({ status: 'revoked', statusDate: LAST_WEEK }), false],
    ['revoked today', cert({ status: 'revoked', statusDate: TODAY }), false],
    ['revoked, no status date', cert({ status: 'revoked', statusDate: null }), false],
    ['suspended last week', cert({ status: 'suspended', statusDate: LAST_WEEK }), false],
    ['revocation dated tomorrow is not yet in effect', cert({ status: 'revoked', statusDate: TOMORROW }), true],
  ])('%s → %s', (_name, c, expected) => {
    expect(certificateValid(c, TODAY)).toBe(expected);
  });
});

describe('assignmentActive', () => {
  it.each<[string, string, string | null, boolean]>([
    ['open-ended', '2024-01-01', null, true],
    ['starts today', TODAY, null, true],
    ['starts tomorrow', TOMORROW, null, false],
    ['ends today (last day still counts)', '2024-01-01', TODAY, true],
    ['ended yesterday', '2024-01-01', YESTERDAY, false],
    ['left last month', '2024-01-01', LAST_MONTH, false],
  ])('%s → %s', (_name, fromDate, toDate, expected) => {
    expect(assignmentActive({ fromDate, toDate }, TODAY)).toBe(expected);
  });
});

describe('personReadiness', () => {
  it.each<[string, CertificateFacts[], CertificateState, number | null]>([
    ['no certificate', [], 'none', null],
    ['international only', [cert({ kind: 'international' })], 'none', null],
    ['valid, far from expiry', [cert()], 'valid', 452],
    ['expires in 61 days', [cert({ expiryDate: '2026-12-15' })], 'valid', 61],
    ['expires in 60 days', [cert({ expiryDate: '2026-12-14' })], 'expiring', 60],
    ['expires tomorrow', [cert({ expiryDate: TOMORROW })], 'expiring', 1],
    ['expires today', [cert({ expiryDate: TODAY })], 'expiring', 0],
    ['expired yesterday', [cert({ expiryDate: YESTERDAY })], 'expired', -1],
    ['revoked last week', [cert({ status: 'revoked', statusDate: LAST_WEEK })], 'revoked', 452],
    ['suspended', [cert({ status: 'suspended', statusDate: LAST_WEEK })], 'suspended', 452],
    ['expired, then renewed', [cert({ expiryDate: YESTERDAY }), cert({ issueDate: '2026-09-01', expiryDate: '2029-09-01' })], 'valid', 1052],
    ['renewed, old one still running', [cert({ expiryDate: TOMORROW }), cert({ issueDate: '2026-09-01', expiryDate: null })], 'valid', null],
  ])('%s', (_name, certificates, state, days) => {
    const r = personReadiness({ certificates, updates: [] }, TODAY);
    expect(r.certificate).toBe(state);
    expect(r.daysToExpiry).toBe(days);
  });

  it('reads the last update on or before the as-of date and when it stops counting', () => {
    const r = personReadiness({ certificates: [], updates: [{ date: '2025-11-20' }, { date: '2026-02-03' }, { date: '2026-12-01' }] }, TODAY);
    expect(r).toMatchObject({ lastUpdate: '2026-02-03', updateDue: '2027-02-03', updateOk: true });
  });
});

describe('evaluatePeople', () => {
  type Row = [string, number | null, PersonFacts[], Partial<Record<RuleResult['rule'], RuleState>>];
  it.each<Row>([
    ['a certified operator with a recent update', 4, [person()], { 'HR-01': 'ok', 'HR-02': 'ok', 'HR-03': 'ok' }],
    ['certificate expires tomorrow', 4, [person({ certificates: [cert({ expiryDate: TOMORROW })] })], { 'HR-01': 'ok', 'HR-02': 'due_soon' }],
    ['certificate expires today', 4, [person({ certificates: [cert({ expiryDate: TODAY })] })], { 'HR-01': 'ok', 'HR-02': 'due_soon' }],
    ['the only certificate expired yesterday', 4, [person({ certificates: [cert({ expiryDate: YESTERDAY })] })], { 'HR-01': 'gap', 'HR-02': 'gap' }],
    ['certificate revoked last week', 4, [person({ certificates: [cert({ status: 'revoked', statusDate: LAST_WEEK })] })], { 'HR-01': 'gap', 'HR-02': 'ok' }],
    ['international certificate only', 3, [person({ certificates: [cert({ kind: 'international', expiryDate: null })] })], { 'HR-01': 'gap', 'HR-02': 'ok' }],
    ['the only operator left last month', 4, [person({ assignment: { role: 'administrator', fromDate: '2024-01-01', toDate: LAST_MONTH } })], { 'HR-01': 'gap', 'HR-02': 'ok', 'HR-03': 'ok' }],
    ['no operators at all', 5, [], { 'HR-01': 'gap', 'HR-02': 'ok', 'HR-03': 'ok' }],
    ['60 days to expiry', 4, [person({ certificates: [cert({ expiryDate: '2026-12-14' })] })], { 'HR-02': 'due_soon' }],
    ['61 days to expiry', 4, [person({ certificates: [cert({ expiryDate: '2026-12-15' })] })], { 'HR-02': 'ok' }],
    ['knowledge update exactly 12 months ago (due today)', 4, [person({ updates: [{ date: '2025-10-15' }] })], { 'HR-03': 'due_soon' }],
    ['knowledge update 12 months and 1 day ago', 4, [person({ updates: [{ date: '2025-10-14' }] })], { 'HR-03': 'gap' }],
    ['knowledge update due in 30 days', 4, [person({ updates: [{ date: '2025-11-14' }] })], { 'HR-03': 'due_soon' }],
    ['knowledge update due in 31 days', 4, [person({ updates: [{ date: '2025-11-15' }] })], { 'HR-03': 'ok' }],
    ['no knowledge update ever', 4, [person({ updates: [] })], { 'HR-03': 'gap' }],
    ['an update dated in the future does not count', 4, [person({ updates: [{ date: TOMORROW }] })], { 'HR-03': 'gap' }],
    ['one certified operator is enough beside an uncertified one', 3, [person(), person({ certificates: [] })], { 'HR-01': 'ok', 'HR-02': 'ok' }],
    ['an assignment starting tomorrow does not count yet', 4, [person({ assignment: { role: 'operator', fromDate: TOMORROW, toDate: null } })], { 'HR-01': 'gap' }],
    ['level 2', 2, [person({ certificates: [] })], { 'HR-01': 'n/a', 'HR-02': 'n/a', 'HR-03': 'n/a' }],
    ['no approved level', null, [], { 'HR-01': 'n/a', 'HR-02': 'n/a', 'HR-03': 'n/a' }],
  ])('%s', (_name, level, people, expected) => {
    const results = evaluatePeople(level, people, TODAY);
    expect(results.map((r) => r.rule)).toEqual(['HR-01', 'HR-02', 'HR-03']);
    for (const [id, state] of Object.entries(expected)) expect(rule(results, id as RuleResult['rule']).state, id).toBe(state);
  });

  it('gives severities, due dates and the people concerned', () => {
    const expiring = person({ fullName: 'Trần Thị Bình', certificates: [cert({ expiryDate: '2026-11-30' })], updates: [{ date: '2025-10-14' }] });
    const lapsed = person({ fullName: 'Lê Văn Cường', certificates: [cert({ expiryDate: '2026-10-01' })] });
    let r = evaluatePeople(4, [expiring, lapsed], TODAY);
    expect(rule(r, 'HR-01')).toMatchObject({ state: 'ok', severity: null, dueDate: '2026-11-30', operatorIds: [expiring.operatorId] });
    expect(rule(r, 'HR-02')).toMatchObject({ state: 'gap', severity: 'high', dueDate: '2026-10-01', operatorIds: [lapsed.operatorId], detail: 'op.hr02.expired' });
    expect(rule(r, 'HR-03')).toMatchObject({ state: 'gap', severity: 'medium', dueDate: '2026-10-14', operatorIds: [expiring.operatorId] });
    expect(rule(r, 'HR-03').params).toMatchObject({ names: 'Trần Thị Bình', months: 12 });

    r = evaluatePeople(4, [expiring], TODAY);
    expect(rule(r, 'HR-02')).toMatchObject({ state: 'due_soon', severity: null, dueDate: '2026-11-30', operatorIds: [expiring.operatorId] });

    const soon = person({ fullName: 'Phạm Thu Dung', updates: [{ date: '2025-10-20' }] });
    expect(rule(evaluatePeople(4, [soon, person()], TODAY), 'HR-03')).toMatchObject({
      state: 'due_soon', severity: null, dueDate: '2026-10-20', operatorIds: [soon.operatorId], params: { names: 'Phạm Thu Dung' },
    });
  });

  it('gives HR-01 a gap with severity high, and HR-03 ok with the earliest renewal date', () => {
    const a = person({ certificates: [], updates: [{ date: '2026-01-20' }] });
    const b = person({ certificates: [], updates: [{ date: '2026-05-02' }] });
    const r = evaluatePeople(3, [a, b], TODAY);
    expect(rule(r, 'HR-01')).toMatchObject({ state: 'gap', severity: 'high', detail: 'op.hr01.noCertified', operatorIds: [a.operatorId, b.operatorId] });
    expect(rule(r, 'HR-03')).toMatchObject({ state: 'ok', dueDate: '2027-01-20' });
  });

  it('bounds HR-01 by a known end of assignment, and leaves it open when nothing ends', () => {
    const leaving = person({ assignment: { role: 'operator', fromDate: '2024-01-01', toDate: '2026-12-31' } });
    expect(rule(evaluatePeople(4, [leaving], TODAY), 'HR-01').dueDate).toBe('2026-12-31');
    const forever = person({ certificates: [cert({ expiryDate: null })] });
    expect(rule(evaluatePeople(4, [leaving, forever], TODAY), 'HR-01').dueDate).toBeNull();
  });

  it('merges two roles of one person on the same system', () => {
    const p = person();
    const r = evaluatePeople(4, [p, { ...p, assignment: { role: 'security', fromDate: '2025-01-01', toDate: null } }], TODAY);
    expect(rule(r, 'HR-01').operatorIds).toEqual([p.operatorId]);
  });

  it('is overridable: counting international certificates too, a 30-day warning, a 6-month update', () => {
    const cfg = { ...PEOPLE_RULES_CONFIG, hr01Kinds: ['national_in_depth', 'international'] as const, expiryWarningDays: 30, updateWithinMonths: 6 };
    const p = person({ certificates: [cert({ kind: 'international', expiryDate: '2026-12-14' })], updates: [{ date: '2026-03-01' }] });
    const r = evaluatePeople(4, [p], TODAY, cfg);
    expect(r.map((x) => x.state)).toEqual(['ok', 'ok', 'gap']);
  });

  it('has frozen defaults and a citation for each rule', () => {
    expect(Object.isFrozen(PEOPLE_RULES_CONFIG)).toBe(true);
    for (const id of ['HR-01', 'HR-02', 'HR-03'] as const) expect(PEOPLE_CITATIONS[id]).toContain('515/QĐ-TTg');
  });

  it('refuses a malformed as-of date', () => {
    expect(() => evaluatePeople(4, [], '15/10/2026')).toThrow(RangeError);
  });
});
