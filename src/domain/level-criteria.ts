/**
 * Minimum security level (cấp độ an toàn hệ thống thông tin, 1–5) implied by the wizard answers,
 * under either legal regime. Pure: no I/O, no clock, no framework imports.
 */

export const REGIMES = ['nd331', 'nd85'] as const;
export type Regime = (typeof REGIMES)[number];

export const SYSTEM_TYPES = [
  'internal',
  'public_service',
  'infrastructure',
  'industrial_control',
  'other',
] as const;
export type SystemType = (typeof SYSTEM_TYPES)[number];

/** Highest state-secret grade processed: none, Mật, Tối mật, Tuyệt mật. */
export const SECRET_GRADES = ['none', 'mat', 'toi_mat', 'tuyet_mat'] as const;
export type SecretGrade = (typeof SECRET_GRADES)[number];

export const SCOPES = [
  'organisation',
  'sector_or_province',
  'multi_province',
  'nationwide',
  'international',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Grade of the works an industrial-control system controls. */
export const ICS_GRADES = ['none', 'II_IV', 'I', 'special'] as const;
export type IcsGrade = (typeof ICS_GRADES)[number];

export type Level = 1 | 2 | 3 | 4 | 5;

export interface LevelAnswers {
  systemType: SystemType;
  /** processes public information */
  infoPublic: boolean;
  /** private information (thông tin riêng) */
  infoPrivate: boolean;
  /** personal information */
  infoPersonal: boolean;
  /** highest state-secret grade processed */
  stateSecret: SecretGrade;
  /** who the system (esp. infrastructure) serves */
  scope: Scope;
  /** online service in a conditional investment/business line */
  conditionalBusinessLine: boolean;
  /** nd331 Art 13.2.b */
  handlesAdministrativeProcedures: boolean;
  /** nd85 only: online public service of level 3 or higher */
  onlinePublicServiceLevel3: boolean;
  /** number of basic personal-data subjects (nd331), integer >= 0 */
  basicPdSubjects: number;
  /** number of sensitive personal-data subjects (nd331), integer >= 0 */
  sensitivePdSubjects: number;
  /** nd85: users whose private/personal info is processed, integer >= 0 */
  users: number;
  /** a national e-government information system */
  nationalEGovernment: boolean;
  /** must run 24/7 with no unplanned stop */
  needs24x7: boolean;
  icsWorksGrade: IcsGrade;
  /** industrial control of works important to national security */
  nationalSecurityWorks: boolean;
  /** central store of especially important national data */
  centralNationalData: boolean;
  /** national infrastructure linking Vietnam internationally */
  internationalInfrastructure: boolean;
  /** level 5 by the Prime Minister's decision */
  primeMinisterDecision: boolean;
  /** on / proposed for the national-security-important list (ND331 Art 16–17): minimum 3 */
  nationalSecurityImportant: boolean;
}

export const DEFAULT_ANSWERS: LevelAnswers = Object.freeze({
  systemType: 'internal',
  infoPublic: true,
  infoPrivate: false,
  infoPersonal: false,
  stateSecret: 'none',
  scope: 'organisation',
  conditionalBusinessLine: false,
  handlesAdministrativeProcedures: false,
  onlinePublicServiceLevel3: false,
  basicPdSubjects: 0,
  sensitivePdSubjects: 0,
  users: 0,
  nationalEGovernment: false,
  needs24x7: false,
  icsWorksGrade: 'none',
  nationalSecurityWorks: false,
  centralNationalData: false,
  internationalInfrastructure: false,
  primeMinisterDecision: false,
  nationalSecurityImportant: false,
});

export interface CriterionHit {
  /** stable criterion id, kebab-case */
  id: string;
  level: Level;
  /** deciding article for this regime, compact form, e.g. '13.2.b' */
  article: string;
  document: Regime;
}

export interface LevelResult {
  regime: Regime;
  minimumLevel: Level;
  /** every criterion the answers meet, sorted by level descending then id */
  hits: CriterionHit[];
  /** the hits whose level equals minimumLevel */
  deciding: CriterionHit[];
}

export interface Criterion {
  id: string;
  level: Level;
  /** article per regime; a criterion without an article for a regime does not apply under it */
  articles: Readonly<Partial<Record<Regime, string>>>;
  test: (a: LevelAnswers) => boolean;
}

/** Basic personal-data subjects from which an online service is level 3 (nd331 13.2.c). */
export const BASIC_PD_THRESHOLD = 100_000;
/** Sensitive personal-data subjects from which an online service is level 3 (nd331 13.2.c). */
export const SENSITIVE_PD_THRESHOLD = 10_000;
/** Users with private/personal info from which an online service is level 3 (nd85 9.2). */
export const USERS_THRESHOLD = 10_000;

const FALLBACK_ID = 'internal-public-only';

const isInternalOrOther = (a: LevelAnswers): boolean =>
  a.systemType === 'internal' || a.systemType === 'other';
const hasPrivateOrPersonal = (a: LevelAnswers): boolean => a.infoPrivate || a.infoPersonal;
const isOnline = (a: LevelAnswers): boolean => a.systemType === 'public_service';
const isInfrastructure = (a: LevelAnswers): boolean => a.systemType === 'infrastructure';
const nationwideOrWider = (s: Scope): boolean => s === 'nationwide' || s === 'international';

// Source: Decree 331/2026/NĐ-CP Art 11–16 (nd331) and Decree 85/2016/NĐ-CP Art 7–11 (nd85).
export const CRITERIA: readonly Criterion[] = Object.freeze([
  // ---- Level 1 ----
  {
    id: FALLBACK_ID,
    level: 1,
    articles: { nd331: '11.1', nd85: '7' },
    test: (a) => isInternalOrOther(a) && !hasPrivateOrPersonal(a) && a.stateSecret === 'none',
  },
  // ---- Level 2 ----
  {
    id: 'internal-private-personal',
    level: 2,
    articles: { nd331: '12.1', nd85: '8.1' },
    test: (a) => isInternalOrOther(a) && hasPrivateOrPersonal(a) && a.stateSecret === 'none',
  },
  {
    id: 'online-unconditional-business',
    level: 2,
    articles: { nd331: '12.2.a', nd85: '8.2' },
    test: (a) => isOnline(a) && !a.conditionalBusinessLine,
  },
  {
    id: 'online-pd-below-threshold',
    level: 2,
    articles: { nd331: '12.2.b' },
    test: (a) =>
      isOnline(a) &&
      (a.infoPersonal || a.basicPdSubjects > 0 || a.sensitivePdSubjects > 0) &&
      a.basicPdSubjects < BASIC_PD_THRESHOLD &&
      a.sensitivePdSubjects < SENSITIVE_PD_THRESHOLD,
  },
  {
    id: 'online-users-below-10k',
    level: 2,
    articles: { nd85: '8.2' },
    test: (a) => isOnline(a) && hasPrivateOrPersonal(a) && a.users < USERS_THRESHOLD,
  },
  {
    id: 'infrastructure-organisation',
    level: 2,
    articles: { nd331: '12.3', nd85: '8.3' },
    test: (a) => isInfrastructure(a) && a.scope === 'organisation',
  },
  // ---- Level 3 ----
  {
    id: 'state-secret-mat',
    level: 3,
    articles: { nd331: '13.1', nd85: '9.1' },
    test: (a) => a.stateSecret === 'mat',
  },
  {
    id: 'online-conditional-business',
    level: 3,
    articles: { nd331: '13.2.a', nd85: '9.2' },
    test: (a) => isOnline(a) && a.conditionalBusinessLine,
  },
  {
    id: 'admin-procedures',
    level: 3,
    articles: { nd331: '13.2.b' },
    test: (a) => a.handlesAdministrativeProcedures,
  },
  {
    id: 'online-public-service-level3',
    level: 3,
    articles: { nd85: '9.2' },
    test: (a) => a.onlinePublicServiceLevel3,
  },
  {
    id: 'basic-pd-100k',
    level: 3,
    articles: { nd331: '13.2.c' },
    test: (a) => isOnline(a) && a.basicPdSubjects >= BASIC_PD_THRESHOLD,
  },
  {
    id: 'sensitive-pd-10k',
    level: 3,
    articles: { nd331: '13.2.c' },
    test: (a) => isOnline(a) && a.sensitivePdSubjects >= SENSITIVE_PD_THRESHOLD,
  },
  {
    id: 'online-users-10k',
    level: 3,
    articles: { nd85: '9.2' },
    test: (a) => isOnline(a) && hasPrivateOrPersonal(a) && a.users >= USERS_THRESHOLD,
  },
  {
    // A nationwide/international infrastructure serves several provinces a fortiori, so it is at
    // least level 3 even when it does not need 24/7 operation (level 4 below).
    id: 'infrastructure-sector-province',
    level: 3,
    articles: { nd331: '13.3', nd85: '9.3' },
    test: (a) => isInfrastructure(a) && a.scope !== 'organisation',
  },
  {
    id: 'ics-grade-ii-iv',
    level: 3,
    articles: { nd331: '13.4', nd85: '9.4' },
    test: (a) => a.icsWorksGrade === 'II_IV',
  },
  {
    id: 'national-security-important',
    level: 3,
    articles: { nd331: '16', nd85: '9' },
    test: (a) => a.nationalSecurityImportant,
  },
  // ---- Level 4 ----
  {
    id: 'state-secret-toi-mat',
    level: 4,
    articles: { nd331: '14.1', nd85: '10.1' },
    test: (a) => a.stateSecret === 'toi_mat',
  },
  {
    id: 'national-egov-24x7',
    level: 4,
    articles: { nd331: '14.2', nd85: '10.2' },
    test: (a) => a.nationalEGovernment && a.needs24x7,
  },
  {
    id: 'nationwide-infrastructure-24x7',
    level: 4,
    articles: { nd331: '14.2', nd85: '10.2' },
    test: (a) => isInfrastructure(a) && nationwideOrWider(a.scope) && a.needs24x7,
  },
  {
    id: 'ics-grade-i',
    level: 4,
    articles: { nd331: '14.3', nd85: '10.3' },
    test: (a) => a.icsWorksGrade === 'I',
  },
  // ---- Level 5 ----
  {
    id: 'state-secret-tuyet-mat',
    level: 5,
    articles: { nd331: '15.1', nd85: '11.1' },
    test: (a) => a.stateSecret === 'tuyet_mat',
  },
  {
    id: 'central-national-data',
    level: 5,
    articles: { nd331: '15.2', nd85: '11.2' },
    test: (a) => a.centralNationalData,
  },
  {
    // docs/rules.md §3, international infrastructure: an information-infrastructure system whose scope is "international links" is the
    // national infrastructure linking Viet Nam internationally; no second question is needed (the flag
    // stays for answers stored before this reading)
    id: 'international-infrastructure',
    level: 5,
    articles: { nd331: '15.3', nd85: '11.3' },
    test: (a) => a.internationalInfrastructure || (isInfrastructure(a) && a.scope === 'international'),
  },
  {
    id: 'ics-grade-special',
    level: 5,
    articles: { nd331: '15.4', nd85: '11.4' },
    test: (a) => a.icsWorksGrade === 'special',
  },
  {
    id: 'ics-national-security-works',
    level: 5,
    articles: { nd331: '15.4', nd85: '11.4' },
    test: (a) => a.nationalSecurityWorks,
  },
  {
    id: 'prime-minister-decision',
    level: 5,
    articles: { nd331: '15.5', nd85: '11.5' },
    test: (a) => a.primeMinisterDecision,
  },
] satisfies Criterion[]);

/** Every id determineMinimumLevel can ever return. */
export const CRITERION_IDS: readonly string[] = Object.freeze(CRITERIA.map((c) => c.id));

/** Criteria that apply under a regime (those with an article for it). */
export function criteriaFor(regime: Regime): Criterion[] {
  return CRITERIA.filter((c) => c.articles[regime] !== undefined);
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${String(value)}`);
  }
}

function toHit(c: Criterion, regime: Regime): CriterionHit {
  const article = c.articles[regime];
  if (article === undefined) throw new Error(`criterion ${c.id} has no article for ${regime}`);
  return { id: c.id, level: c.level, article, document: regime };
}

function compareHits(x: CriterionHit, y: CriterionHit): number {
  if (x.level !== y.level) return y.level - x.level;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

export function determineMinimumLevel(regime: Regime, answers: LevelAnswers): LevelResult {
  if (!(REGIMES as readonly string[]).includes(regime)) {
    throw new RangeError(`unknown regime: ${String(regime)}`);
  }
  assertCount('basicPdSubjects', answers.basicPdSubjects);
  assertCount('sensitivePdSubjects', answers.sensitivePdSubjects);
  assertCount('users', answers.users);

  const applicable = criteriaFor(regime);
  const hits = applicable.filter((c) => c.test(answers)).map((c) => toHit(c, regime));
  if (hits.length === 0) {
    // Nothing matched (e.g. an industrial-control system outside the graded works): level 1.
    const fallback = CRITERIA.find((c) => c.id === FALLBACK_ID);
    if (fallback === undefined) throw new Error('fallback criterion missing');
    hits.push(toHit(fallback, regime));
  }
  hits.sort(compareHits);

  const minimumLevel = hits.reduce<Level>((max, h) => (h.level > max ? h.level : max), 1);
  const deciding = hits.filter((h) => h.level === minimumLevel);
  return { regime, minimumLevel, hits, deciding };
}
