// The move from Decree 85/2016 to Decree 331/2026, and the impact of a level or regime change before it is
// made. Pure: catalogues, crosswalk and rule-pack metadata in, ids and ISO dates out (views translate).
//
// Law 116/2025 Art 45.1 and Decree 331/2026 Art 39.1 (docs/rules.md §2): a system levelled under Decree 85 keeps its
// level but meets the Decree 331 measures by 1 Jul 2027; a system still under construction on 1 Jul 2026 has
// its level approved under Decree 85 by 1 Jan 2027 and meets the Decree 331 measures by 1 Jul 2027.
import { cycleContaining, daysBetween } from './cadence.js';
import {
  applicableItems, catalogueFor, CROSSWALK, type CatalogueId, type CatalogueItem, type ChecklistStatus, type Relation,
} from './catalog/index.js';
import { authorities } from './dossier.js';
import {
  BASIC_PD_THRESHOLD, DEFAULT_ANSWERS, determineMinimumLevel, SENSITIVE_PD_THRESHOLD, USERS_THRESHOLD,
  type CriterionHit, type Level, type LevelAnswers, type LevelResult, type Regime,
} from './level-criteria.js';
import { RULE_PACK, TRANSITION, type EngineConfig, type PackRule, type RuleId } from './rules/index.js';

export { TRANSITION };

// ---- re-determination: the stored Decree 85 answers, read under Decree 331 ----

/**
 * What differs between the regimes for a system's answers (i18n tr.move.<id>), for the user to check:
 * - `adminProcedures`: Decree 331 Art 13.2.b makes "handles administrative procedures" a level-3 criterion;
 * - `onlinePublicService`: Decree 85's "online public service of level 3 or higher" (Art 9.2) is no longer a
 *   criterion; such a service handles administrative procedures, so that answer is set;
 * - `usersThreshold`: Decree 85 counted users whose private or personal information is processed (level 3 from
 *   10 000, Art 9.2); Decree 331 counts personal-data subjects (level 3 from 100 000 basic or 10 000 sensitive,
 *   Art 13.2.c): the users are taken as basic subjects, to be checked;
 * - `levelChanges`: the minimum level differs.
 */
export interface MoveNote {
  id: 'adminProcedures' | 'onlinePublicService' | 'usersThreshold' | 'levelChanges';
  params: Record<string, number>;
}

export interface AnswerMove {
  /** the stored Decree 85 answers (defaults filled in) */
  before: LevelAnswers;
  /** the answers the Decree 331 wizard opens with */
  answers: LevelAnswers;
  notes: MoveNote[];
  nd85: LevelResult;
  nd331: LevelResult;
  /** criteria met under Decree 331 and not under Decree 85, and the reverse (by id) */
  gained: CriterionHit[];
  lost: CriterionHit[];
}

export function moveAnswers(stored: Partial<LevelAnswers> | null): AnswerMove {
  const before: LevelAnswers = { ...DEFAULT_ANSWERS, ...(stored ?? {}) };
  const answers: LevelAnswers = { ...before };
  const notes: MoveNote[] = [];
  if (before.onlinePublicServiceLevel3) {
    answers.handlesAdministrativeProcedures = true;
    notes.push({ id: 'onlinePublicService', params: {} });
  } else if (!before.handlesAdministrativeProcedures) {
    notes.push({ id: 'adminProcedures', params: {} });
  }
  answers.onlinePublicServiceLevel3 = false; // not a Decree 331 question
  const online = before.systemType === 'public_service' && (before.infoPrivate || before.infoPersonal);
  if (online && before.users > 0) {
    if (answers.basicPdSubjects === 0 && answers.sensitivePdSubjects === 0) answers.basicPdSubjects = before.users;
    notes.push({ id: 'usersThreshold', params: { users: before.users, oldThreshold: USERS_THRESHOLD, basic: BASIC_PD_THRESHOLD, sensitive: SENSITIVE_PD_THRESHOLD } });
  }
  const nd85 = determineMinimumLevel('nd85', before);
  const nd331 = determineMinimumLevel('nd331', answers);
  if (nd85.minimumLevel !== nd331.minimumLevel) notes.push({ id: 'levelChanges', params: { from: nd85.minimumLevel, to: nd331.minimumLevel } });
  const ids = (r: LevelResult) => new Set(r.hits.map((h) => h.id));
  return {
    before, answers, notes, nd85, nd331,
    gained: nd331.hits.filter((h) => !ids(nd85).has(h.id)),
    lost: nd85.hits.filter((h) => !ids(nd331).has(h.id)),
  };
}

// ---- the new checklist: old answers carried across the crosswalk as proposals ----

export interface StoredAnswer {
  status: ChecklistStatus;
  note: string | null;
}

export interface LinkedAnswer {
  /** the TCVN 11930 item */
  itemId: string;
  relation: Relation;
  /** its answer; 'not_assessed' when there is none */
  status: ChecklistStatus;
  note: string | null;
}

/** A status proposed for a new item from old answers; nothing is written until the user confirms it. */
export interface Proposal {
  status: ChecklistStatus;
  /** the old answers' notes (a "not applicable" proposal carries its reason) */
  note: string | null;
  /** the old items it comes from */
  from: string[];
}

/**
 * How a new item relates to the system's old checklist, from the links of old items that applied at the old
 * level: `equivalent`, `partial` or `related` (the strongest link), or `new` (new-only in the crosswalk, or
 * linked only from items that did not apply).
 */
export type ItemKind = Relation | 'new';

export interface TransitionItem {
  item: CatalogueItem;
  kind: ItemKind;
  links: LinkedAnswer[];
  proposal: Proposal | null;
}

const LINKS_TO: ReadonlyMap<string, readonly { from: string; relation: Relation }[]> = (() => {
  const m = new Map<string, { from: string; relation: Relation }[]>();
  for (const l of CROSSWALK.links) m.set(l.to, [...(m.get(l.to) ?? []), { from: l.from, relation: l.relation }]);
  return m;
})();

const OLD = catalogueFor('nd85');
const NEW = catalogueFor('nd331');
export const TRANSITION_CATALOGUES: { from: CatalogueId; to: CatalogueId } = { from: OLD, to: NEW };

const RELATION_RANK: Record<Relation, number> = { equivalent: 0, partial: 1, related: 2 };
const STATUS_RANK: Partial<Record<ChecklistStatus, number>> = { not_met: 0, partly_met: 1, met: 2 };
const ANSWERED = (s: ChecklistStatus) => s !== 'not_assessed';

/**
 * What one old answer proposes through a link: `equivalent` carries the status as it is (not applicable with
 * its reason); `partial` makes "met" or "partly met" a "partly met" (partial evidence to re-check) and keeps
 * "not met", while an old "not applicable" says nothing about the broader new item; `related` is context only.
 */
function carried(relation: Relation, status: ChecklistStatus): ChecklistStatus | null {
  if (!ANSWERED(status) || relation === 'related') return null;
  if (relation === 'equivalent') return status;
  if (status === 'not_applicable') return null;
  return status === 'not_met' ? 'not_met' : 'partly_met';
}

/** The weakest of several carried statuses: one unmet control is enough to withhold "met". */
function weakest(statuses: ChecklistStatus[]): ChecklistStatus {
  const ranked = statuses.filter((s) => s !== 'not_applicable');
  if (!ranked.length) return 'not_applicable';
  return ranked.sort((a, b) => STATUS_RANK[a]! - STATUS_RANK[b]!)[0]!;
}

function proposalOf(links: readonly LinkedAnswer[]): Proposal | null {
  // equivalent links decide when they say something; partial ones otherwise
  for (const relation of ['equivalent', 'partial'] as const) {
    const sources = links.flatMap((l) => {
      const s = l.relation === relation ? carried(relation, l.status) : null;
      return s ? [{ link: l, status: s }] : [];
    });
    if (!sources.length) continue;
    const status = weakest(sources.map((s) => s.status));
    const deciding = sources.filter((s) => s.status === status || status === 'not_applicable');
    const notes = [...new Set(deciding.map((s) => s.link.note?.trim()).filter((n): n is string => !!n))];
    return { status, note: notes.length ? notes.join('; ').slice(0, 1000) : null, from: deciding.map((s) => s.link.itemId) };
  }
  return null;
}

/**
 * The Decree 331 checklist at `newLevel` (TCVN 14423 items whose levels include it), each with the old items
 * linked to it that applied at `oldLevel` and their answers, its kind, and the status proposed from them.
 */
export function transitionItems(oldLevel: number, newLevel: number, oldAnswers: ReadonlyMap<string, StoredAnswer>): TransitionItem[] {
  const oldApplicable = new Set(applicableItems('nd85', oldLevel).map((i) => i.id));
  return applicableItems('nd331', newLevel).map((item) => {
    const links = (LINKS_TO.get(item.id) ?? [])
      .filter((l) => oldApplicable.has(l.from))
      .map((l): LinkedAnswer => ({ itemId: l.from, relation: l.relation, status: oldAnswers.get(l.from)?.status ?? 'not_assessed', note: oldAnswers.get(l.from)?.note ?? null }))
      .sort((a, b) => RELATION_RANK[a.relation] - RELATION_RANK[b.relation] || a.itemId.localeCompare(b.itemId));
    return { item, kind: links[0]?.relation ?? 'new', links, proposal: proposalOf(links) };
  });
}

/** A new item's answer as stored (TCVN 14423). */
export interface NewAnswer {
  status: ChecklistStatus;
  carriedFrom: string | null;
}

const SETTLED = (s: ChecklistStatus | undefined) => s === 'met' || s === 'not_applicable';

/** A proposal waits for confirmation while the item has no Decree 331 answer yet. */
export function pendingProposal(t: TransitionItem, answer: NewAnswer | undefined): boolean {
  return t.proposal !== null && (answer === undefined || answer.status === 'not_assessed');
}

/**
 * The work list: items still to be done under Decree 331 — not answered "met" or "not applicable", and not
 * waiting for the confirmation of such a proposal (those are in the proposals list).
 */
export function onWorkList(t: TransitionItem, answer: NewAnswer | undefined): boolean {
  if (answer && answer.status !== 'not_assessed') return !SETTLED(answer.status);
  return !SETTLED(t.proposal?.status);
}

export type TransitionStage = 'not_started' | 'in_progress' | 'done';
export const TRANSITION_STAGES: readonly TransitionStage[] = ['not_started', 'in_progress', 'done'];

export interface TransitionProgress {
  applicable: number;
  /** items with a Decree 331 answer */
  answered: number;
  met: number;
  notApplicable: number;
  /** answers that came from a confirmed proposal */
  confirmed: number;
  /** proposals waiting for confirmation */
  proposals: number;
  /** items still to do (the work list) */
  workLeft: number;
  stage: TransitionStage;
}

export function transitionProgress(items: readonly TransitionItem[], answers: ReadonlyMap<string, NewAnswer>): TransitionProgress {
  const p = { applicable: items.length, answered: 0, met: 0, notApplicable: 0, confirmed: 0, proposals: 0, workLeft: 0 };
  for (const t of items) {
    const a = answers.get(t.item.id);
    if (a && a.status !== 'not_assessed') {
      p.answered += 1;
      if (a.status === 'met') p.met += 1;
      if (a.status === 'not_applicable') p.notApplicable += 1;
      if (a.carriedFrom) p.confirmed += 1;
    }
    if (pendingProposal(t, a)) p.proposals += 1;
    if (onWorkList(t, a)) p.workLeft += 1;
  }
  const stage: TransitionStage = p.answered === 0 ? 'not_started' : p.workLeft === 0 && p.proposals === 0 ? 'done' : 'in_progress';
  return { ...p, stage };
}

/** Whole days from `asOf` to 1 Jul 2027 (negative once it has passed). */
export function daysLeft(asOf: string): number {
  return daysBetween(asOf, TRANSITION.meetNd331By);
}

/** The organisation table's order, most at risk first: higher level, fewer days left, more work left. */
export function byRisk(a: { level: number; daysLeft: number; workLeft: number }, b: { level: number; daysLeft: number; workLeft: number }): number {
  return b.level - a.level || a.daysLeft - b.daysLeft || b.workLeft - a.workLeft;
}

// ---- the impact of a level or regime change, before it is made ----

export interface Standing {
  regime: Regime;
  level: Level;
}

export interface ImpactOptions {
  asOf: string;
  /** the rule pack's configuration: the ct14 overlay switch and the assessment cycles */
  cfg: EngineConfig;
  /** on the national-security-important list (LVL-07 applies at any level) */
  nationalSecurityImportant: boolean;
}

// A rule whose pack entry lists every level but whose function narrows it by a fact of the system.
const NARROWED: Partial<Record<RuleId, (s: Standing, o: ImpactOptions) => boolean>> = {
  // LVL-07 (Law 116 Art 11.1.b): level 5, or on the national-security-important list
  'LVL-07': (s, o) => s.level === 5 || o.nationalSecurityImportant,
};

/** Whether a rule of the pack applies to a system at a standing: its levels, regimes and basis (ct14 overlay on or off). */
export function ruleApplies(rule: PackRule, s: Standing, o: ImpactOptions): boolean {
  if (!rule.system) return false; // organisation rules do not depend on a system's level
  if (rule.basis === 'ct14' && !o.cfg.ct14) return false;
  if (!rule.regimes.includes(s.regime)) return false;
  if (rule.levels !== 'all' && !rule.levels.includes(s.level)) return false;
  return NARROWED[rule.id]?.(s, o) ?? true;
}

export interface RuleRef {
  rule: RuleId;
  basis: PackRule['basis'];
  citation: string;
}

/** A date a system owes something by (i18n tr.deadline.<kind>). */
export interface Deadline {
  kind: 'assessmentYear' | 'assessmentHalf' | 'selfInspection' | 'annualReport' | 'meetNd331';
  rule: RuleId;
  date: string;
}

const nextOnOrAfter = (asOf: string, monthDay: string): string => {
  const y = Number(asOf.slice(0, 4));
  const d = `${y}-${monthDay}`;
  return asOf <= d ? d : `${y + 1}-${monthDay}`;
};

/** The dated duties of a standing as of a date, from the rules that apply (their due dates as the pack sets them). */
export function deadlinesAt(s: Standing, o: ImpactOptions): Deadline[] {
  const applies = (id: RuleId) => ruleApplies(RULE_PACK.find((r) => r.id === id)!, s, o);
  const out: Deadline[] = [];
  // ASM-01/02: the end of the cycle containing the date (results reported before 14 Dec, or 14 Jun and 14 Dec)
  if (applies('ASM-01')) out.push({ kind: 'assessmentYear', rule: 'ASM-01', date: cycleContaining(o.asOf, 'yearly', o.cfg.cadence).end });
  if (applies('ASM-02')) out.push({ kind: 'assessmentHalf', rule: 'ASM-02', date: cycleContaining(o.asOf, 'half', o.cfg.cadence).end });
  // LVL-07: the yearly self-inspection notice, before 1 Oct
  if (applies('LVL-07')) out.push({ kind: 'selfInspection', rule: 'LVL-07', date: nextOnOrAfter(o.asOf, '10-01') });
  // REP-01: the organisation's annual report to the authority by 25 Dec (to MIC under nd85, BCA under nd331)
  out.push({ kind: 'annualReport', rule: 'REP-01', date: nextOnOrAfter(o.asOf, '12-25') });
  // LVL-06: a Decree 85 system meets the Decree 331 measures by 1 Jul 2027
  if (applies('LVL-06') && o.asOf <= TRANSITION.meetNd331By) out.push({ kind: 'meetNd331', rule: 'LVL-06', date: TRANSITION.meetNd331By });
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}

/**
 * What changes besides rules and items when a system moves from Decree 85 to Decree 331 (i18n tr.fact.<id>):
 * who appraises levels 4–5 and receives the annual report (MIC → BCA, Decree 331 Art 18, 35–36), the national
 * monitoring centre layer 4 connects to (MIC's NCSC → BCA's centre or the provincial centre), and ASM-04 (the
 * operator may not assess its own system, Decree 331 Art 31.2.c).
 */
export type RegimeFact = 'authority' | 'report' | 'layer4' | 'asm04';

/** The monitoring centres layer 4 may connect to under each regime (docs/rules.md §4). */
export const LAYER4_CENTRES: Record<Regime, readonly ('bca_ncsc' | 'provincial' | 'mic_ncsc')[]> = {
  nd85: ['mic_ncsc'],
  nd331: ['bca_ncsc', 'provincial'],
};

export interface ChecklistImpact {
  from: CatalogueId;
  to: CatalogueId;
  fromCount: number;
  toCount: number;
  /** same catalogue: the items that start or stop applying; another catalogue: every item of each side */
  added: CatalogueItem[];
  dropped: CatalogueItem[];
  /** the new catalogue's items by how they relate to the old ones (a regime change only) */
  crosswalk: Record<ItemKind, number> | null;
}

export interface LevelImpact {
  from: Standing;
  to: Standing;
  regimeChange: boolean;
  rules: { starts: RuleRef[]; stops: RuleRef[]; unchanged: RuleRef[] };
  checklist: ChecklistImpact;
  authorities: { from: ReturnType<typeof authorities>; to: ReturnType<typeof authorities>; changed: boolean };
  deadlines: { added: Deadline[]; dropped: Deadline[]; unchanged: Deadline[] };
  facts: RegimeFact[];
}

const refOf = (r: PackRule): RuleRef => ({ rule: r.id, basis: r.basis, citation: r.citation });
const sameDeadline = (a: Deadline, b: Deadline) => a.kind === b.kind && a.date === b.date;

export function levelImpact(from: Standing, to: Standing, o: ImpactOptions): LevelImpact {
  const rules = { starts: [] as RuleRef[], stops: [] as RuleRef[], unchanged: [] as RuleRef[] };
  for (const r of RULE_PACK) {
    const before = ruleApplies(r, from, o);
    const after = ruleApplies(r, to, o);
    if (after && !before) rules.starts.push(refOf(r));
    else if (before && !after) rules.stops.push(refOf(r));
    else if (before && after) rules.unchanged.push(refOf(r));
  }

  const fromItems = applicableItems(from.regime, from.level);
  const toItems = applicableItems(to.regime, to.level);
  const regimeChange = from.regime !== to.regime;
  let checklist: ChecklistImpact;
  if (!regimeChange) {
    const fromIds = new Set(fromItems.map((i) => i.id));
    const toIds = new Set(toItems.map((i) => i.id));
    checklist = {
      from: catalogueFor(from.regime), to: catalogueFor(to.regime), fromCount: fromItems.length, toCount: toItems.length,
      added: toItems.filter((i) => !fromIds.has(i.id)), dropped: fromItems.filter((i) => !toIds.has(i.id)), crosswalk: null,
    };
  } else {
    const crosswalk: Record<ItemKind, number> = { equivalent: 0, partial: 0, related: 0, new: 0 };
    if (from.regime === 'nd85' && to.regime === 'nd331') {
      for (const t of transitionItems(from.level, to.level, new Map())) crosswalk[t.kind] += 1;
    }
    checklist = {
      from: catalogueFor(from.regime), to: catalogueFor(to.regime), fromCount: fromItems.length, toCount: toItems.length,
      added: toItems, dropped: fromItems, crosswalk: from.regime === 'nd85' ? crosswalk : null,
    };
  }

  const before = deadlinesAt(from, o);
  const after = deadlinesAt(to, o);
  const a = authorities(from.level, from.regime);
  const b = authorities(to.level, to.regime);

  const facts: RegimeFact[] = [];
  if (regimeChange) {
    // the level's appraiser changes only at levels 4–5; the annual report's recipient and layer 4 always
    if (a.appraiser !== b.appraiser) facts.push('authority');
    facts.push('report', 'layer4');
    if (rules.starts.some((r) => r.rule === 'ASM-04')) facts.push('asm04');
  }

  return {
    from, to, regimeChange, rules, checklist,
    authorities: { from: a, to: b, changed: a.appraiser !== b.appraiser || a.approver !== b.approver },
    deadlines: {
      added: after.filter((d) => !before.some((x) => sameDeadline(x, d))),
      dropped: before.filter((d) => !after.some((x) => sameDeadline(x, d))),
      unchanged: after.filter((d) => before.some((x) => sameDeadline(x, d))),
    },
    facts,
  };
}

/** Whether a change is worth showing: another level or another regime. */
export function isChange(from: Standing, to: Standing): boolean {
  return from.level !== to.level || from.regime !== to.regime;
}
