import { describe, it, expect } from 'vitest';
import {
  CRITERIA,
  CRITERION_IDS,
  DEFAULT_ANSWERS,
  ICS_GRADES,
  REGIMES,
  SCOPES,
  SECRET_GRADES,
  SYSTEM_TYPES,
  determineMinimumLevel,
  type LevelAnswers,
  type Regime,
} from '../../src/domain/level-criteria.js';

const answers = (over: Partial<LevelAnswers> = {}): LevelAnswers => ({ ...DEFAULT_ANSWERS, ...over });

const online = (over: Partial<LevelAnswers> = {}): LevelAnswers =>
  answers({ systemType: 'public_service', ...over });

interface Row {
  name: string;
  regime: Regime;
  input: LevelAnswers;
  level: number;
  id: string;
  article: string;
}

// One row per criterion per regime it applies to.
const rows: Row[] = [
  // level 1
  { name: 'internal, public only', regime: 'nd331', input: answers(), level: 1, id: 'internal-public-only', article: '11.1' },
  { name: 'internal, public only', regime: 'nd85', input: answers(), level: 1, id: 'internal-public-only', article: '7' },
  { name: 'other, public only', regime: 'nd331', input: answers({ systemType: 'other' }), level: 1, id: 'internal-public-only', article: '11.1' },
  { name: 'other, public only', regime: 'nd85', input: answers({ systemType: 'other' }), level: 1, id: 'internal-public-only', article: '7' },
  { name: 'ICS outside graded works (fallback)', regime: 'nd331', input: answers({ systemType: 'industrial_control' }), level: 1, id: 'internal-public-only', article: '11.1' },
  // level 2
  { name: 'internal, private info', regime: 'nd331', input: answers({ infoPrivate: true }), level: 2, id: 'internal-private-personal', article: '12.1' },
  { name: 'internal, personal info', regime: 'nd85', input: answers({ infoPersonal: true }), level: 2, id: 'internal-private-personal', article: '8.1' },
  { name: 'other, personal info', regime: 'nd331', input: answers({ systemType: 'other', infoPersonal: true }), level: 2, id: 'internal-private-personal', article: '12.1' },
  { name: 'online, unconditional line', regime: 'nd331', input: online(), level: 2, id: 'online-unconditional-business', article: '12.2.a' },
  { name: 'online, unconditional line', regime: 'nd85', input: online(), level: 2, id: 'online-unconditional-business', article: '8.2' },
  { name: 'online, PD below thresholds', regime: 'nd331', input: online({ infoPersonal: true, basicPdSubjects: 50_000, sensitivePdSubjects: 5_000 }), level: 2, id: 'online-pd-below-threshold', article: '12.2.b' },
  { name: 'online, users below 10k', regime: 'nd85', input: online({ infoPersonal: true, users: 5_000 }), level: 2, id: 'online-users-below-10k', article: '8.2' },
  { name: 'infrastructure, one organisation', regime: 'nd331', input: answers({ systemType: 'infrastructure' }), level: 2, id: 'infrastructure-organisation', article: '12.3' },
  { name: 'infrastructure, one organisation', regime: 'nd85', input: answers({ systemType: 'infrastructure' }), level: 2, id: 'infrastructure-organisation', article: '8.3' },
  // level 3
  { name: 'state secret Mật', regime: 'nd331', input: answers({ stateSecret: 'mat' }), level: 3, id: 'state-secret-mat', article: '13.1' },
  { name: 'state secret Mật', regime: 'nd85', input: answers({ stateSecret: 'mat' }), level: 3, id: 'state-secret-mat', article: '9.1' },
  { name: 'online, conditional line', regime: 'nd331', input: online({ conditionalBusinessLine: true }), level: 3, id: 'online-conditional-business', article: '13.2.a' },
  { name: 'online, conditional line', regime: 'nd85', input: online({ conditionalBusinessLine: true }), level: 3, id: 'online-conditional-business', article: '9.2' },
  { name: 'administrative procedures', regime: 'nd331', input: online({ handlesAdministrativeProcedures: true }), level: 3, id: 'admin-procedures', article: '13.2.b' },
  { name: 'online public service level >= 3', regime: 'nd85', input: online({ onlinePublicServiceLevel3: true }), level: 3, id: 'online-public-service-level3', article: '9.2' },
  { name: '100k basic PD subjects', regime: 'nd331', input: online({ infoPersonal: true, basicPdSubjects: 100_000 }), level: 3, id: 'basic-pd-100k', article: '13.2.c' },
  { name: '10k sensitive PD subjects', regime: 'nd331', input: online({ infoPersonal: true, sensitivePdSubjects: 10_000 }), level: 3, id: 'sensitive-pd-10k', article: '13.2.c' },
  { name: '10k users', regime: 'nd85', input: online({ infoPrivate: true, users: 10_000 }), level: 3, id: 'online-users-10k', article: '9.2' },
  { name: 'infrastructure, sector/province', regime: 'nd331', input: answers({ systemType: 'infrastructure', scope: 'sector_or_province' }), level: 3, id: 'infrastructure-sector-province', article: '13.3' },
  { name: 'infrastructure, several provinces', regime: 'nd85', input: answers({ systemType: 'infrastructure', scope: 'multi_province' }), level: 3, id: 'infrastructure-sector-province', article: '9.3' },
  { name: 'infrastructure, nationwide without 24/7', regime: 'nd331', input: answers({ systemType: 'infrastructure', scope: 'nationwide' }), level: 3, id: 'infrastructure-sector-province', article: '13.3' },
  { name: 'ICS grade II–IV', regime: 'nd331', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'II_IV' }), level: 3, id: 'ics-grade-ii-iv', article: '13.4' },
  { name: 'ICS grade II–IV', regime: 'nd85', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'II_IV' }), level: 3, id: 'ics-grade-ii-iv', article: '9.4' },
  { name: 'national-security-important', regime: 'nd331', input: answers({ nationalSecurityImportant: true }), level: 3, id: 'national-security-important', article: '16' },
  { name: 'national-security-important', regime: 'nd85', input: answers({ nationalSecurityImportant: true }), level: 3, id: 'national-security-important', article: '9' },
  // level 4
  { name: 'state secret Tối mật', regime: 'nd331', input: answers({ stateSecret: 'toi_mat' }), level: 4, id: 'state-secret-toi-mat', article: '14.1' },
  { name: 'state secret Tối mật', regime: 'nd85', input: answers({ stateSecret: 'toi_mat' }), level: 4, id: 'state-secret-toi-mat', article: '10.1' },
  { name: 'national e-government 24/7', regime: 'nd331', input: answers({ nationalEGovernment: true, needs24x7: true }), level: 4, id: 'national-egov-24x7', article: '14.2' },
  { name: 'national e-government 24/7', regime: 'nd85', input: answers({ nationalEGovernment: true, needs24x7: true }), level: 4, id: 'national-egov-24x7', article: '10.2' },
  { name: 'nationwide infrastructure 24/7', regime: 'nd331', input: answers({ systemType: 'infrastructure', scope: 'nationwide', needs24x7: true }), level: 4, id: 'nationwide-infrastructure-24x7', article: '14.2' },
  // docs/rules.md §3, international infrastructure: infrastructure whose scope is "international links" is the national infrastructure linking Viet Nam internationally
  { name: 'international-scope infrastructure 24/7', regime: 'nd85', input: answers({ systemType: 'infrastructure', scope: 'international', needs24x7: true }), level: 5, id: 'international-infrastructure', article: '11.3' },
  { name: 'international-scope infrastructure, no second question (nd331)', regime: 'nd331', input: answers({ systemType: 'infrastructure', scope: 'international' }), level: 5, id: 'international-infrastructure', article: '15.3' },
  { name: 'international scope of a non-infrastructure system is not level 5', regime: 'nd331', input: answers({ systemType: 'internal', scope: 'international', infoPersonal: true }), level: 2, id: 'internal-private-personal', article: '12.1' },
  { name: 'nationwide infrastructure 24/7 stays level 4 (nd85)', regime: 'nd85', input: answers({ systemType: 'infrastructure', scope: 'nationwide', needs24x7: true }), level: 4, id: 'nationwide-infrastructure-24x7', article: '10.2' },
  { name: 'nationwide infrastructure 24/7 stays level 4', regime: 'nd331', input: answers({ systemType: 'infrastructure', scope: 'nationwide', needs24x7: true }), level: 4, id: 'nationwide-infrastructure-24x7', article: '14.2' },
  { name: 'ICS grade I', regime: 'nd331', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'I' }), level: 4, id: 'ics-grade-i', article: '14.3' },
  { name: 'ICS grade I', regime: 'nd85', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'I' }), level: 4, id: 'ics-grade-i', article: '10.3' },
  // level 5
  { name: 'state secret Tuyệt mật', regime: 'nd331', input: answers({ stateSecret: 'tuyet_mat' }), level: 5, id: 'state-secret-tuyet-mat', article: '15.1' },
  { name: 'state secret Tuyệt mật', regime: 'nd85', input: answers({ stateSecret: 'tuyet_mat' }), level: 5, id: 'state-secret-tuyet-mat', article: '11.1' },
  { name: 'central national data', regime: 'nd331', input: answers({ centralNationalData: true }), level: 5, id: 'central-national-data', article: '15.2' },
  { name: 'central national data', regime: 'nd85', input: answers({ centralNationalData: true }), level: 5, id: 'central-national-data', article: '11.2' },
  { name: 'international infrastructure', regime: 'nd331', input: answers({ systemType: 'infrastructure', internationalInfrastructure: true }), level: 5, id: 'international-infrastructure', article: '15.3' },
  { name: 'international infrastructure', regime: 'nd85', input: answers({ systemType: 'infrastructure', internationalInfrastructure: true }), level: 5, id: 'international-infrastructure', article: '11.3' },
  { name: 'ICS special grade', regime: 'nd331', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'special' }), level: 5, id: 'ics-grade-special', article: '15.4' },
  { name: 'ICS special grade', regime: 'nd85', input: answers({ systemType: 'industrial_control', icsWorksGrade: 'special' }), level: 5, id: 'ics-grade-special', article: '11.4' },
  { name: 'ICS national-security works', regime: 'nd331', input: answers({ systemType: 'industrial_control', nationalSecurityWorks: true }), level: 5, id: 'ics-national-security-works', article: '15.4' },
  { name: 'ICS national-security works', regime: 'nd85', input: answers({ systemType: 'industrial_control', nationalSecurityWorks: true }), level: 5, id: 'ics-national-security-works', article: '11.4' },
  { name: "Prime Minister's decision", regime: 'nd331', input: answers({ primeMinisterDecision: true }), level: 5, id: 'prime-minister-decision', article: '15.5' },
  { name: "Prime Minister's decision", regime: 'nd85', input: answers({ primeMinisterDecision: true }), level: 5, id: 'prime-minister-decision', article: '11.5' },
];

const idsOf = (hits: { id: string }[]): string[] => hits.map((h) => h.id);

describe('determineMinimumLevel — one row per criterion per regime', () => {
  it.each(rows)('$regime: $name → level $level via $id ($article)', ({ regime, input, level, id, article }) => {
    const r = determineMinimumLevel(regime, input);
    expect(r.regime).toBe(regime);
    expect(r.minimumLevel).toBe(level);
    expect(idsOf(r.deciding)).toContain(id);
    const hit = r.deciding.find((h) => h.id === id);
    expect(hit).toEqual({ id, level, article, document: regime });
  });

  it('covers every criterion under every regime it applies to', () => {
    for (const c of CRITERIA) {
      for (const regime of REGIMES) {
        if (c.articles[regime] === undefined) continue;
        expect(rows.some((row) => row.id === c.id && row.regime === regime), `${c.id} / ${regime}`).toBe(true);
      }
    }
  });
});

describe('personal-data subjects (nd331) and users (nd85) thresholds', () => {
  it.each([
    { basic: 99_999, sensitive: 0, level: 2, id: 'online-pd-below-threshold' },
    { basic: 100_000, sensitive: 0, level: 3, id: 'basic-pd-100k' },
    { basic: 0, sensitive: 9_999, level: 2, id: 'online-pd-below-threshold' },
    { basic: 0, sensitive: 10_000, level: 3, id: 'sensitive-pd-10k' },
    { basic: 99_999, sensitive: 9_999, level: 2, id: 'online-pd-below-threshold' },
  ])('nd331: $basic basic / $sensitive sensitive → $level', ({ basic, sensitive, level, id }) => {
    const r = determineMinimumLevel('nd331', online({ infoPersonal: true, basicPdSubjects: basic, sensitivePdSubjects: sensitive }));
    expect(r.minimumLevel).toBe(level);
    expect(idsOf(r.deciding)).toContain(id);
  });

  it('nd331: both thresholds reached give two separate level-3 hits', () => {
    const r = determineMinimumLevel('nd331', online({ infoPersonal: true, basicPdSubjects: 100_000, sensitivePdSubjects: 10_000 }));
    expect(r.minimumLevel).toBe(3);
    expect(idsOf(r.deciding)).toEqual(['basic-pd-100k', 'sensitive-pd-10k']);
    expect(idsOf(r.hits)).not.toContain('online-pd-below-threshold');
  });

  it.each([
    { users: 9_999, level: 2, id: 'online-users-below-10k' },
    { users: 10_000, level: 3, id: 'online-users-10k' },
  ])('nd85: $users users → $level', ({ users, level, id }) => {
    const r = determineMinimumLevel('nd85', online({ infoPersonal: true, users }));
    expect(r.minimumLevel).toBe(level);
    expect(idsOf(r.deciding)).toContain(id);
  });

  it('nd85: the users criterion needs private or personal info', () => {
    const r = determineMinimumLevel('nd85', online({ users: 1_000_000 }));
    expect(r.minimumLevel).toBe(2);
    expect(idsOf(r.hits)).not.toContain('online-users-10k');
  });

  it('users have no effect under nd331', () => {
    const r = determineMinimumLevel('nd331', online({ infoPersonal: true, users: 10_000_000 }));
    expect(r.minimumLevel).toBe(2);
    expect(idsOf(r.hits).some((id) => id.includes('users'))).toBe(false);
  });

  it('PD subjects have no effect under nd85', () => {
    const r = determineMinimumLevel('nd85', online({ infoPersonal: true, basicPdSubjects: 10_000_000, sensitivePdSubjects: 10_000_000 }));
    expect(r.minimumLevel).toBe(2);
    expect(idsOf(r.hits).some((id) => id.includes('pd'))).toBe(false);
  });

  it('thresholds only count for public-service systems', () => {
    const input = answers({ infoPersonal: true, basicPdSubjects: 1_000_000, sensitivePdSubjects: 1_000_000, users: 1_000_000 });
    expect(determineMinimumLevel('nd331', input).minimumLevel).toBe(2);
    expect(determineMinimumLevel('nd85', input).minimumLevel).toBe(2);
  });
});

describe('regime-specific criteria', () => {
  it('administrative procedures → 3 under nd331, no effect under nd85', () => {
    const input = online({ handlesAdministrativeProcedures: true });
    const r331 = determineMinimumLevel('nd331', input);
    expect(r331.minimumLevel).toBe(3);
    expect(idsOf(r331.deciding)).toEqual(['admin-procedures']);
    const r85 = determineMinimumLevel('nd85', input);
    expect(r85.minimumLevel).toBe(2);
    expect(idsOf(r85.hits)).not.toContain('admin-procedures');
  });

  it('online public service level >= 3 → 3 under nd85, no effect under nd331', () => {
    const input = online({ onlinePublicServiceLevel3: true });
    expect(determineMinimumLevel('nd85', input).minimumLevel).toBe(3);
    const r331 = determineMinimumLevel('nd331', input);
    expect(r331.minimumLevel).toBe(2);
    expect(idsOf(r331.hits)).not.toContain('online-public-service-level3');
  });
});

describe('state-secret grades', () => {
  const cases = [
    { grade: 'mat', level: 3, id: 'state-secret-mat' },
    { grade: 'toi_mat', level: 4, id: 'state-secret-toi-mat' },
    { grade: 'tuyet_mat', level: 5, id: 'state-secret-tuyet-mat' },
  ] as const;
  for (const regime of REGIMES) {
    it.each(cases)(`${regime}: $grade → $level`, ({ grade, level, id }) => {
      // Private info alongside a state secret: level 2 internal criterion must not apply.
      const r = determineMinimumLevel(regime, answers({ stateSecret: grade, infoPrivate: true }));
      expect(r.minimumLevel).toBe(level);
      expect(idsOf(r.deciding)).toEqual([id]);
      expect(idsOf(r.hits)).toEqual([id]);
    });
  }
});

describe('combining criteria', () => {
  it.each(REGIMES)('%s: the highest criterion wins and all hits are listed in order', (regime) => {
    const r = determineMinimumLevel(
      regime,
      online({
        infoPersonal: true,
        conditionalBusinessLine: true,
        stateSecret: 'toi_mat',
        nationalEGovernment: true,
        needs24x7: true,
        nationalSecurityImportant: true,
      }),
    );
    expect(r.minimumLevel).toBe(4);
    expect(idsOf(r.deciding)).toEqual(['national-egov-24x7', 'state-secret-toi-mat']);
    expect(idsOf(r.hits).slice(0, 4)).toEqual([
      'national-egov-24x7',
      'state-secret-toi-mat',
      'national-security-important',
      'online-conditional-business',
    ]);
  });

  it('a level-5 criterion outranks everything else', () => {
    const r = determineMinimumLevel(
      'nd331',
      answers({ systemType: 'industrial_control', icsWorksGrade: 'I', stateSecret: 'mat', primeMinisterDecision: true }),
    );
    expect(r.minimumLevel).toBe(5);
    expect(idsOf(r.hits)).toEqual(['prime-minister-decision', 'ics-grade-i', 'state-secret-mat']);
    expect(idsOf(r.deciding)).toEqual(['prime-minister-decision']);
  });

  it('24/7 alone does not raise an internal system', () => {
    expect(determineMinimumLevel('nd331', answers({ needs24x7: true })).minimumLevel).toBe(1);
    expect(determineMinimumLevel('nd85', answers({ nationalEGovernment: true })).minimumLevel).toBe(1);
  });

  it('DEFAULT_ANSWERS gives level 1 via internal-public-only under both regimes', () => {
    for (const regime of REGIMES) {
      const r = determineMinimumLevel(regime, DEFAULT_ANSWERS);
      expect(r.minimumLevel).toBe(1);
      expect(idsOf(r.hits)).toEqual(['internal-public-only']);
    }
  });
});

describe('result invariants over many answer combinations', () => {
  // Deterministic pseudo-random generator (no clock, reproducible).
  function lcg(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  const rnd = lcg(20260819);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const bool = (): boolean => rnd() < 0.3;
  const count = (): number => pick([0, 1, 9_999, 10_000, 99_999, 100_000, 5_000_000]);
  const samples: LevelAnswers[] = Array.from({ length: 500 }, () => ({
    systemType: pick(SYSTEM_TYPES),
    infoPublic: bool(),
    infoPrivate: bool(),
    infoPersonal: bool(),
    stateSecret: pick(SECRET_GRADES),
    scope: pick(SCOPES),
    conditionalBusinessLine: bool(),
    handlesAdministrativeProcedures: bool(),
    onlinePublicServiceLevel3: bool(),
    basicPdSubjects: count(),
    sensitivePdSubjects: count(),
    users: count(),
    nationalEGovernment: bool(),
    needs24x7: bool(),
    icsWorksGrade: pick(ICS_GRADES),
    nationalSecurityWorks: rnd() < 0.05,
    centralNationalData: rnd() < 0.05,
    internationalInfrastructure: rnd() < 0.05,
    primeMinisterDecision: rnd() < 0.05,
    nationalSecurityImportant: bool(),
  }));

  it.each(REGIMES)('%s: ids known, articles present, sorted, deciding = top level', (regime) => {
    for (const input of [DEFAULT_ANSWERS, ...samples]) {
      const r = determineMinimumLevel(regime, input);
      expect(r.hits.length).toBeGreaterThan(0);
      for (const h of r.hits) {
        expect(CRITERION_IDS).toContain(h.id);
        expect(h.document).toBe(regime);
        expect(typeof h.article).toBe('string');
        expect(h.article).toMatch(/^\d+(\.\d+)?(\.[a-zđ])?$/);
        const c = CRITERIA.find((x) => x.id === h.id);
        expect(c?.articles[regime]).toBe(h.article);
        expect(c?.level).toBe(h.level);
      }
      const sorted = [...r.hits].sort((x, y) => y.level - x.level || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      expect(r.hits).toEqual(sorted);
      expect(r.minimumLevel).toBe(Math.max(...r.hits.map((h) => h.level)));
      expect(r.deciding).toEqual(r.hits.filter((h) => h.level === r.minimumLevel));
      expect(new Set(idsOf(r.hits)).size).toBe(r.hits.length);
    }
  });

  it('is pure: same input gives the same result and the input is not mutated', () => {
    const input = online({ infoPersonal: true, basicPdSubjects: 100_000 });
    const copy = { ...input };
    expect(determineMinimumLevel('nd331', input)).toEqual(determineMinimumLevel('nd331', input));
    expect(input).toEqual(copy);
  });
});

describe('catalogue', () => {
  it('CRITERION_IDS are unique kebab-case ids matching the table', () => {
    expect(new Set(CRITERION_IDS).size).toBe(CRITERION_IDS.length);
    for (const id of CRITERION_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect([...CRITERION_IDS]).toEqual(CRITERIA.map((c) => c.id));
  });

  it('every criterion has an article for at least one regime and a level 1–5', () => {
    for (const c of CRITERIA) {
      expect(REGIMES.some((r) => c.articles[r] !== undefined), c.id).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(c.level);
    }
  });
});

describe('input validation', () => {
  it.each([
    { basicPdSubjects: -1 },
    { sensitivePdSubjects: 1.5 },
    { users: Number.NaN },
    { users: Number.POSITIVE_INFINITY },
  ])('rejects invalid counts %o', (over) => {
    expect(() => determineMinimumLevel('nd331', answers(over))).toThrow(RangeError);
  });

  it('rejects an unknown regime', () => {
    expect(() => determineMinimumLevel('nd2000' as Regime, DEFAULT_ANSWERS)).toThrow(RangeError);
  });
});
