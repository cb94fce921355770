// People and readiness (HR-01…HR-03): who administers a level 3–5 system, whether they hold a valid
// in-depth certificate, and whether they updated their knowledge in the last year. Decision 515/QĐ-TTg
// §II.2.đ (seed 001). Pure: the as-of date is passed in; dates are ISO 'yyyy-mm-dd' strings compared as strings.
import type { RuleState } from './cadence.js';
import { addDays, addMonths, daysBetween } from './dates.js';
import type { EvidenceRef } from './evidence.js';
import type { Severity } from './severity.js';

export type CertificateKind = 'national_in_depth' | 'international' | 'other';
/** As recorded: valid, suspended or revoked by the issuing body, or void (entered by mistake: it never counted). */
export type CertificateStatus = 'valid' | 'suspended' | 'revoked' | 'void';
export type AssignmentRole = 'administrator' | 'operator' | 'security';
export type { Severity };
export type PeopleRuleId = 'HR-01' | 'HR-02' | 'HR-03';

export interface PeopleRulesConfig {
  /** certificate kinds that make a person "certified" for HR-01 (and are watched by HR-02) */
  hr01Kinds: readonly CertificateKind[];
  /** HR-02 is due_soon from this many days before a certificate's expiry (inclusive) */
  expiryWarningDays: number;
  /** HR-03: one knowledge update at least every this many months */
  updateWithinMonths: number;
  /** HR-03 is due_soon from this many days before an operator's update stops counting (inclusive; docs/rules.md §5: 30) */
  updateDueSoonDays: number;
  /** the levels the rules apply to; others (and no approved level) are n/a */
  levels: readonly number[];
}

// Defaults of the ct14 overlay. Only the national certificate of in-depth knowledge and skills issued by
// a competent authority satisfies §II.2.đ; international certificates (CISSP, CISM…) are recorded but do
// not count. Override by passing `{ ...PEOPLE_RULES_CONFIG, ... }`.
export const PEOPLE_RULES_CONFIG: PeopleRulesConfig = Object.freeze({
  hr01Kinds: Object.freeze(['national_in_depth'] as const),
  expiryWarningDays: 60,
  updateWithinMonths: 12,
  updateDueSoonDays: 30,
  levels: Object.freeze([3, 4, 5]),
});

export const PEOPLE_CITATIONS: Readonly<Record<PeopleRuleId, string>> = Object.freeze({
  'HR-01': 'Quyết định 515/QĐ-TTg, mục II.2.đ',
  'HR-02': 'Quyết định 515/QĐ-TTg, mục II.2.đ',
  'HR-03': 'Quyết định 515/QĐ-TTg, mục II.2.đ',
});

export const PEOPLE_RULE_IDS: readonly PeopleRuleId[] = Object.freeze(['HR-01', 'HR-02', 'HR-03']);

export interface CertificateFacts {
  kind: CertificateKind;
  status: CertificateStatus;
  issueDate: string;
  expiryDate: string | null;
  /** when the status last changed; a suspension or revocation takes effect on this day */
  statusDate: string | null;
  /** evidence attached to the certificate (its scan): the certificate holds no longer than it (src/domain/evidence.ts) */
  evidence?: readonly EvidenceRef[];
}

export interface AssignmentFacts {
  role: AssignmentRole;
  fromDate: string;
  toDate: string | null;
}

/** One assignment of a person to the system being evaluated, with everything known about the person. */
export interface PersonFacts {
  operatorId: number;
  fullName: string;
  assignment: AssignmentFacts;
  certificates: CertificateFacts[];
  updates: { date: string }[];
}

export interface RuleResult {
  rule: PeopleRuleId;
  state: RuleState;
  /** the severity of a gap; null for ok, due_soon and n/a */
  severity: Severity | null;
  /** ok: the day the rule stops being met if nothing changes; due_soon: the expiry; gap: the day it was missed (when known) */
  dueDate: string | null;
  /** the people the result is about: the certified (HR-01 ok), the lapsing or lapsed (HR-02), the overdue (HR-03) */
  operatorIds: number[];
  /** an i18n key */
  detail: string;
  params?: Record<string, string | number>;
}

// ---- single facts ----

/** Issued by asOf, not expired (a certificate expiring today is still valid today), not suspended or revoked. */
export function certificateValid(c: CertificateFacts, asOf: string): boolean {
  if (c.status === 'void') return false;
  if (c.issueDate > asOf) return false;
  if (c.expiryDate !== null && c.expiryDate < asOf) return false;
  // a suspension or revocation counts from its status date (none recorded → at once)
  if (c.status !== 'valid' && (c.statusDate === null || c.statusDate <= asOf)) return false;
  return true;
}

/** Started by asOf and not ended before it (the last day is still an assigned day). */
export function assignmentActive(a: Pick<AssignmentFacts, 'fromDate' | 'toDate'>, asOf: string): boolean {
  return a.fromDate <= asOf && (a.toDate === null || a.toDate >= asOf);
}

/** The state of a person's counting certificate: the best valid one, else why the latest one does not count. */
export type CertificateState = 'valid' | 'expiring' | 'expired' | 'suspended' | 'revoked' | 'void' | 'none';

/** One certificate's own state as of a date ('none' only when it is not issued yet). */
export function certificateState(c: CertificateFacts, asOf: string, cfg: PeopleRulesConfig = PEOPLE_RULES_CONFIG): CertificateState {
  if (c.status === 'void') return 'void';
  if (c.issueDate > asOf) return 'none';
  if (c.status !== 'valid' && (c.statusDate === null || c.statusDate <= asOf)) return c.status;
  if (c.expiryDate !== null && c.expiryDate < asOf) return 'expired';
  if (c.expiryDate !== null && daysBetween(asOf, c.expiryDate) <= cfg.expiryWarningDays) return 'expiring';
  return 'valid';
}

/** Whether a certificate's kind satisfies HR-01 under the rule pack. */
export function countsForHr01(c: Pick<CertificateFacts, 'kind'>, cfg: PeopleRulesConfig = PEOPLE_RULES_CONFIG): boolean {
  return cfg.hr01Kinds.includes(c.kind);
}

export interface Readiness {
  /** never 'void': a void certificate is left out */
  certificate: Exclude<CertificateState, 'void'>;
  /** the counting certificate's expiry (the best valid one, or the lapsed one) */
  expiryDate: string | null;
  /** days from asOf to expiryDate (0 = expires today, negative = expired) */
  daysToExpiry: number | null;
  /** the latest knowledge update on or before asOf */
  lastUpdate: string | null;
  /** lastUpdate + updateWithinMonths: the last day the update still counts */
  updateDue: string | null;
  updateOk: boolean;
}

/** Later expiry first; no expiry is the latest of all. */
const byExpiryDesc = (a: CertificateFacts, b: CertificateFacts) =>
  a.expiryDate === b.expiryDate ? 0 : a.expiryDate === null ? -1 : b.expiryDate === null ? 1 : b.expiryDate.localeCompare(a.expiryDate);

/**
 * One person's certificate and knowledge-update state as of a date. An update counts for `updateWithinMonths`
 * months including the same calendar day: an update on 10 Mar 2025 still counts on 10 Mar 2026 and not on
 * 11 Mar 2026 (the same convention as a certificate expiring today, still valid today).
 */
export function personReadiness(
  p: Pick<PersonFacts, 'certificates' | 'updates'>,
  asOf: string,
  cfg: PeopleRulesConfig = PEOPLE_RULES_CONFIG,
): Readiness {
  // a void certificate was a mistake: as if it had never been recorded
  const counting = p.certificates.filter((c) => c.status !== 'void' && countsForHr01(c, cfg) && c.issueDate <= asOf);
  const valid = counting.filter((c) => certificateValid(c, asOf)).sort(byExpiryDesc);
  let certificate: Readiness['certificate'] = 'none';
  let expiryDate: string | null = null;
  // the best valid one, else the most recently issued one, which says why none counts
  const shown = valid[0] ?? [...counting].sort((a, b) => b.issueDate.localeCompare(a.issueDate))[0];
  if (shown) {
    expiryDate = shown.expiryDate;
    const state = certificateState(shown, asOf, cfg);
    certificate = state === 'void' ? 'none' : state;
  }
  const lastUpdate = p.updates.map((u) => u.date).filter((d) => d <= asOf).sort().at(-1) ?? null;
  const updateDue = lastUpdate === null ? null : addMonths(lastUpdate, cfg.updateWithinMonths);
  return {
    certificate,
    expiryDate,
    daysToExpiry: expiryDate === null ? null : daysBetween(asOf, expiryDate),
    lastUpdate,
    updateDue,
    updateOk: updateDue !== null && updateDue >= asOf,
  };
}

// ---- the rules for one system ----

interface ActivePerson {
  operatorId: number;
  fullName: string;
  /** the latest day any of the person's active assignments runs to; null = open-ended */
  until: string | null;
  certificates: CertificateFacts[];
  updates: { date: string }[];
  readiness: Readiness;
}

/** Active assignments merged per person (a person may hold two roles on one system). */
function activePeople(people: readonly PersonFacts[], asOf: string, cfg: PeopleRulesConfig): ActivePerson[] {
  const byId = new Map<number, Omit<ActivePerson, 'readiness'>>();
  for (const p of people) {
    if (!assignmentActive(p.assignment, asOf)) continue;
    const seen = byId.get(p.operatorId);
    if (!seen) {
      byId.set(p.operatorId, { operatorId: p.operatorId, fullName: p.fullName, until: p.assignment.toDate, certificates: p.certificates, updates: p.updates });
    } else if (seen.until !== null && (p.assignment.toDate === null || p.assignment.toDate > seen.until)) {
      seen.until = p.assignment.toDate;
    }
  }
  return [...byId.values()].map((p) => ({ ...p, readiness: personReadiness(p, asOf, cfg) }));
}

const names = (ps: readonly ActivePerson[]) => ps.map((p) => p.fullName).join(', ');
const ids = (ps: readonly ActivePerson[]) => ps.map((p) => p.operatorId);
const earliest = (dates: readonly (string | null)[]): string | null => dates.filter((d): d is string => d !== null).sort()[0] ?? null;
const minDate = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/** HR-01 — at least one active operator holds a valid certificate of a counting kind. */
function hr01(active: ActivePerson[], asOf: string, cfg: PeopleRulesConfig): RuleResult {
  const certified = active.filter((p) => p.certificates.some((c) => countsForHr01(c, cfg) && certificateValid(c, asOf)));
  if (!certified.length) {
    return {
      rule: 'HR-01', state: 'gap', severity: 'high', dueDate: null, operatorIds: ids(active),
      detail: active.length ? 'op.hr01.noCertified' : 'op.hr.noOperators', params: { n: active.length },
    };
  }
  // met until the last certified person's coverage ends (their assignment or their certificate, whichever first)
  let until: string | null = '0000-01-01';
  for (const p of certified) {
    const cover = minDate(p.until, p.readiness.expiryDate);
    if (cover === null) {
      until = null;
      break;
    }
    if (until !== null && cover > until) until = cover;
  }
  return { rule: 'HR-01', state: 'ok', severity: null, dueDate: until, operatorIds: ids(certified), detail: 'op.hr01.ok', params: { n: certified.length, names: names(certified) } };
}

/** HR-02 — an active operator's counting certificate has lapsed (gap) or expires within the warning window (due_soon). */
function hr02(active: ActivePerson[]): RuleResult {
  const lapsed = active.filter((p) => p.readiness.certificate === 'expired');
  if (lapsed.length) {
    return {
      rule: 'HR-02', state: 'gap', severity: 'high', dueDate: earliest(lapsed.map((p) => p.readiness.expiryDate)), operatorIds: ids(lapsed),
      detail: 'op.hr02.expired', params: { names: names(lapsed) },
    };
  }
  const expiring = active.filter((p) => p.readiness.certificate === 'expiring');
  if (expiring.length) {
    const due = earliest(expiring.map((p) => p.readiness.expiryDate));
    return {
      rule: 'HR-02', state: 'due_soon', severity: null, dueDate: due, operatorIds: ids(expiring),
      detail: 'op.hr02.expiring', params: { names: names(expiring), date: due ?? '' },
    };
  }
  const watched = active.filter((p) => p.readiness.certificate === 'valid');
  return {
    rule: 'HR-02', state: 'ok', severity: null, dueDate: earliest(watched.map((p) => p.readiness.expiryDate)), operatorIds: ids(watched),
    detail: watched.length ? 'op.hr02.ok' : 'op.hr02.nothing',
  };
}

/** HR-03 — every active operator has a knowledge update within the last `updateWithinMonths` months (due_soon when one stops counting within `updateDueSoonDays`). */
function hr03(active: ActivePerson[], asOf: string, cfg: PeopleRulesConfig): RuleResult {
  if (!active.length) return { rule: 'HR-03', state: 'ok', severity: null, dueDate: null, operatorIds: [], detail: 'op.hr.noOperators', params: { n: 0 } };
  const overdue = active.filter((p) => !p.readiness.updateOk);
  if (overdue.length) {
    return {
      rule: 'HR-03', state: 'gap', severity: 'medium', dueDate: earliest(overdue.map((p) => p.readiness.updateDue)), operatorIds: ids(overdue),
      detail: 'op.hr03.missing', params: { names: names(overdue), months: cfg.updateWithinMonths },
    };
  }
  const dueDate = earliest(active.map((p) => p.readiness.updateDue));
  const soon = active.filter((p) => p.readiness.updateDue !== null && daysBetween(asOf, p.readiness.updateDue) <= cfg.updateDueSoonDays);
  if (soon.length) {
    return {
      rule: 'HR-03', state: 'due_soon', severity: null, dueDate, operatorIds: ids(soon),
      detail: 'op.hr03.dueSoon', params: { names: names(soon), date: dueDate ?? '' },
    };
  }
  return { rule: 'HR-03', state: 'ok', severity: null, dueDate, operatorIds: [], detail: 'op.hr03.ok', params: { months: cfg.updateWithinMonths } };
}

/** What falls due for one active operator of a system (the due list): their counting certificate and their next knowledge update. */
export interface PersonDue {
  operatorId: number;
  fullName: string;
  readiness: Readiness;
}

/** The active operators of a system whose level the rules cover (HR-02, HR-03), each with what falls due; [] otherwise. */
export function peopleDue(level: number | null, people: readonly PersonFacts[], asOf: string, cfg: PeopleRulesConfig = PEOPLE_RULES_CONFIG): PersonDue[] {
  if (level === null || !cfg.levels.includes(level)) return [];
  return activePeople(people, asOf, cfg).map((p) => ({ operatorId: p.operatorId, fullName: p.fullName, readiness: p.readiness }));
}

/** HR-01, HR-02, HR-03 for one system as of a date, in that order; n/a when the level is outside `cfg.levels`. */
export function evaluatePeople(
  level: number | null,
  people: readonly PersonFacts[],
  asOf: string,
  cfg: PeopleRulesConfig = PEOPLE_RULES_CONFIG,
): RuleResult[] {
  addDays(asOf, 0); // validates
  if (level === null || !cfg.levels.includes(level)) {
    return PEOPLE_RULE_IDS.map((rule) => ({ rule, state: 'n/a', severity: null, dueDate: null, operatorIds: [], detail: 'op.hr.na' }));
  }
  const active = activePeople(people, asOf, cfg);
  return [hr01(active, asOf, cfg), hr02(active), hr03(active, asOf, cfg)];
}
