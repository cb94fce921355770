// What falls due (docs/rules.md §8): every dated obligation of one system or organisation as of a date —
// assessments and their reports, annual reports, self-inspection notices, transition deadlines, layer
// contract ends, provider licences, certificates, knowledge updates, drills and finding due dates — read
// from the same evaluation as the rules (the same context, the same windows), so the dashboard, the
// calendar, the .ics feed, exports, the API and reminders all list the same items with the same dates.
// Pure: no clock, no I/O.
import { cycleContaining, type CadenceKind } from '../cadence.js';
import { addDays, daysBetween } from '../dates.js';
import { lastStanding, type EvidenceRef } from '../evidence.js';
import { peopleDue } from '../people.js';
import { PROTECTION_CITATIONS } from '../protection.js';
import { severityRank, type Severity } from '../severity.js';
import { derived, reportDeadlines, RULES_BY_ID, type OrganisationContext, type SystemContext } from './pack.js';
import type { Fix, Params, RuleId, RuleResult } from './types.js';

export const OBLIGATION_KINDS = [
  'assessment', 'assessment_report', 'annual_report', 'notice', 'transition', 'contract', 'licence', 'certificate',
  'knowledge_update', 'drill', 'finding', 'evidence',
] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** One dated duty. Read-only: shared between readers. */
export interface Obligation {
  /**
   * Stable: the same duty on the same date keeps its key (the .ics UID is made from it). Keys of duties that
   * are not one system's (a provider's licence, a person's certificate or update) are `shared`: the due list
   * lists such a duty once, with every system it concerns.
   */
  key: string;
  shared: boolean;
  kind: ObligationKind;
  rule: RuleId;
  /** ISO yyyy-mm-dd: when it is due; for a missed one (gap), the day it was missed */
  dueDate: string;
  /** gap: overdue; due_soon: inside the rule's window; ok: coming */
  state: 'gap' | 'due_soon' | 'ok';
  severity: Severity;
  citation: string;
  /** i18n key ('due.<kind>…', or the rule's own message) and its parameters (dates ISO, shown dd/mm/yyyy by t()) */
  messageKey: string;
  params: Params;
  fix: Fix;
}

type State = Obligation['state'];

/** The state of a dated duty: gap after it, due_soon inside the window (the day itself included), else ok. */
function stateOf(asOf: string, due: string, windowDays: number): State {
  if (due < asOf) return 'gap';
  return daysBetween(asOf, due) <= windowDays ? 'due_soon' : 'ok';
}

const rule = (id: RuleId) => RULES_BY_ID.get(id)!;

function make(o: Omit<Obligation, 'citation' | 'fix' | 'severity' | 'shared'> & { severity?: Severity; shared?: boolean; citation?: string }): Obligation {
  const r = rule(o.rule);
  return Object.freeze({ ...o, shared: o.shared ?? false, severity: o.severity ?? r.severity, citation: o.citation ?? r.citation, fix: r.fix });
}

const resultOf = (results: readonly RuleResult[], id: RuleId) => results.find((r) => r.rule === id);

/** A rule's result turned into a duty, in the result's own words, when it carries a date and is not n/a. */
function fromResult(results: readonly RuleResult[], id: RuleId, kind: ObligationKind, prefix: string): Obligation | null {
  const r = resultOf(results, id);
  if (!r || r.state === 'n/a' || r.dueDate === null) return null;
  return make({ key: `${prefix}-${r.dueDate}`, kind, rule: id, dueDate: r.dueDate, state: r.state, messageKey: r.messageKey, params: { ...(r.params ?? {}) }, ...(r.severity ? { severity: r.severity } : {}) });
}

const KIND_OF: Record<'ASM-01' | 'ASM-02', CadenceKind> = { 'ASM-01': 'yearly', 'ASM-02': 'half' };

/** Every dated duty of one system as of the context's date (n/a rules and undated gaps give none). */
export function systemObligations(s: SystemContext, results: readonly RuleResult[]): Obligation[] {
  if (s.decommissioned) return [];
  const out: Obligation[] = [];
  const push = (o: Obligation | null) => {
    if (o) out.push(o);
  };
  const window = s.cfg.dueSoonDays;
  const d = derived(s.cfg);
  const layerSeverity: Severity = (s.level ?? 0) >= 3 ? 'high' : 'medium';

  // assessments (ASM-01/02) and their results to the authority (before 14 Jun / 14 Dec)
  const cadence = s.cadence();
  for (const id of ['ASM-01', 'ASM-02'] as const) {
    const r = resultOf(results, id);
    const c = cadence[id];
    if (!r || r.state === 'n/a') continue;
    if (r.state === 'gap' && c.missedCycle) {
      push(make({ key: `${id.toLowerCase()}-${c.overdueSince}`, kind: 'assessment', rule: id, dueDate: c.missedCycle.end, state: 'gap', messageKey: 'due.assessment.overdue', params: { from: c.missedCycle.start, to: c.missedCycle.end } }));
    } else if (c.nextDue !== null) {
      const cycle = cycleContaining(c.nextDue, KIND_OF[id], d.cadence);
      push(make({ key: `${id.toLowerCase()}-${c.nextDue}`, kind: 'assessment', rule: id, dueDate: c.nextDue, state: r.state === 'due_soon' ? 'due_soon' : 'ok', messageKey: `due.assessment.${KIND_OF[id]}`, params: { from: cycle.start, to: cycle.end } }));
    }
    if (c.reportDeadline !== null && c.reportDeadline >= s.asOf) {
      const cycle = cycleContaining(c.reportDeadline, KIND_OF[id], d.cadence);
      const reported = s.assessments().some(
        (j) => j.issues.length === 0 && j.assessment.reportedDate !== null && j.assessment.performedDate >= cycle.start && j.assessment.performedDate <= cycle.end,
      );
      if (!reported) {
        push(make({ key: `${id.toLowerCase()}-rep-${c.reportDeadline}`, kind: 'assessment_report', rule: id, dueDate: c.reportDeadline, state: stateOf(s.asOf, c.reportDeadline, window), messageKey: 'due.assessmentReport', params: { from: cycle.start, to: cycle.end } }));
      }
    }
  }

  // the yearly self-inspection notice to BCA (LVL-07) and the transition deadlines (LVL-06)
  push(fromResult(results, 'LVL-07', 'notice', 'lvl07'));
  push(fromResult(results, 'LVL-06', 'transition', 'lvl06'));

  // contracts of layers 2 and 3 that end, and the licences of the providers working on the system
  const l2 = s.current.layer2;
  const l3 = s.current.layer3;
  const contracts = [
    { id: 'L4-2' as const, end: l2?.mode === 'provider' ? l2.endDate : null, number: l2?.contractNumber ?? null, provider: l2?.mode === 'provider' ? l2.provider : null },
    { id: 'L4-3' as const, end: l3?.endDate ?? null, number: l3?.contractNumber ?? null, provider: l3?.assessorKind === 'provider' ? l3.assessor : null },
  ];
  for (const c of contracts) {
    // an ended contract is overdue only while the system runs; a coming end is worth knowing either way
    if (c.end !== null && (c.end >= s.asOf || s.live)) {
      push(make({ key: `${c.id === 'L4-2' ? 'l2' : 'l3'}-${c.end}`, kind: 'contract', rule: c.id, dueDate: c.end, state: stateOf(s.asOf, c.end, window), severity: layerSeverity, messageKey: `due.contract.${c.id === 'L4-2' ? 'monitoring' : 'assessment'}${c.number ? 'No' : ''}`, params: c.number ? { contract: c.number } : {} }));
    }
    const licence = c.provider?.licenceExpires ?? null;
    if (c.provider && licence !== null && (c.end === null || c.end >= s.asOf) && (licence >= s.asOf || s.live)) {
      push(make({ key: `lic-${c.provider.id}-${licence}`, shared: true, kind: 'licence', rule: c.id, dueDate: licence, state: stateOf(s.asOf, licence, window), severity: layerSeverity, messageKey: 'due.licence', params: c.provider.nameEn ? { provider: c.provider.nameVi, providerEn: c.provider.nameEn } : { provider: c.provider.nameVi }, citation: PROTECTION_CITATIONS[c.id] }));
    }
  }

  // certificates (HR-02) and knowledge updates (HR-03) of the people operating a level 3–5 system
  if (s.live || s.goingLive) {
    for (const p of peopleDue(s.level, s.facts.people, s.asOf, d.people)) {
      const { expiryDate, certificate, updateDue } = p.readiness;
      if (expiryDate !== null && (certificate === 'valid' || certificate === 'expiring' || certificate === 'expired')) {
        const state: State = certificate === 'expired' ? 'gap' : certificate === 'expiring' ? 'due_soon' : 'ok';
        push(make({ key: `cert-${p.operatorId}-${expiryDate}`, shared: true, kind: 'certificate', rule: 'HR-02', dueDate: expiryDate, state, messageKey: 'due.certificate', params: { name: p.fullName } }));
      }
      if (updateDue !== null) {
        push(make({ key: `upd-${p.operatorId}-${updateDue}`, shared: true, kind: 'knowledge_update', rule: 'HR-03', dueDate: updateDue, state: stateOf(s.asOf, updateDue, d.people.updateDueSoonDays), messageKey: 'due.knowledgeUpdate', params: { name: p.fullName } }));
      }
    }
  }

  // the system's own drill (DRL-01 at levels 4–5)
  if (s.live) push(fromResult(results, 'DRL-01', 'drill', 'drl'));

  // evidence that runs out (src/domain/evidence.ts): behind a met checklist item, or the layer record in
  // force; one duty per evidence item and end date, shared by every system it backs. Certificates and
  // fixes come through their own duties above and below, their dates brought forward by their evidence.
  const evidenceDuty = (e: EvidenceRef | null, rule: RuleId, severity: Severity, live: boolean) => {
    if (e === null || e.validUntil === null || (e.validUntil < s.asOf && !live)) return;
    push(make({ key: `evd-${e.id}-${e.validUntil}`, shared: true, kind: 'evidence', rule, dueDate: e.validUntil, state: stateOf(s.asOf, e.validUntil, window), severity, messageKey: 'due.evidence', params: { title: e.title } }));
  };
  if (s.approved && s.facts.checklist) for (const i of s.facts.evidence?.checklist ?? []) evidenceDuty(lastStanding(i.evidence, s.asOf), 'CHK-01', rule('CHK-01').severity, true);
  if (s.facts.stateFunded) {
    ([1, 2, 3, 4] as const).forEach((n) => evidenceDuty(lastStanding(s.current[`layer${n}`]?.evidence, s.asOf), `L4-${n}`, layerSeverity, s.live));
  }

  // findings to remedy (ASM-06): each open one with a due date
  const horizon = addDays(s.asOf, window);
  for (const f of s.facts.findings) {
    const open = f.status === 'open' || f.status === 'in_progress' || (f.closedDate !== null && f.closedDate > s.asOf);
    if (!open || f.dueDate === null) continue;
    const state: State = f.dueDate < s.asOf ? 'gap' : f.dueDate <= horizon ? 'due_soon' : 'ok';
    push(make({ key: `fnd-${f.id}`, kind: 'finding', rule: 'ASM-06', dueDate: f.dueDate, state, severity: f.severity, messageKey: 'due.finding', params: { title: f.title } }));
  }
  return out;
}

/** Every dated duty of one organisation: its annual report (REP-01) and its drill (DRL-01). */
export function organisationObligations(o: OrganisationContext, results: readonly RuleResult[]): Obligation[] {
  const out: Obligation[] = [];
  const rep = resultOf(results, 'REP-01');
  if (rep && rep.state !== 'n/a') {
    const y = Number(o.asOf.slice(0, 4));
    const done = (d: string | null | undefined) => typeof d === 'string' && d <= o.asOf;
    for (const year of [y - 1, y]) {
      const report = o.facts.annualReports.find((r) => r.year === year);
      const { from, to, internal, authority } = reportDeadlines(year);
      if (done(report?.authorityDate)) continue;
      const params = { year: String(year), from, to };
      // last year's report is only overdue (to the authority); this year's has both deadlines
      if (year === y && !done(report?.internalDate)) {
        out.push(make({ key: `rep01-internal-${internal}`, kind: 'annual_report', rule: 'REP-01', dueDate: internal, state: stateOf(o.asOf, internal, o.cfg.dueSoonDays), messageKey: 'due.annualReport.internal', params }));
      }
      if (year === y || authority < o.asOf) {
        out.push(make({ key: `rep01-${authority}`, kind: 'annual_report', rule: 'REP-01', dueDate: authority, state: stateOf(o.asOf, authority, o.cfg.dueSoonDays), messageKey: 'due.annualReport.authority', params }));
      }
    }
  }
  const drill = fromResult(results, 'DRL-01', 'drill', 'drl');
  if (drill) out.push(drill);
  return out;
}

/**
 * Due list order as one string (a list of 100 000 duties compares strings, not objects): the date, then
 * the severity's rank (most severe first), then overdue before the rest.
 */
export function obligationOrderKey(o: Pick<Obligation, 'dueDate' | 'severity' | 'state'>): string {
  return `${o.dueDate}${severityRank(o.severity)}${o.state === 'gap' ? 0 : 1}`;
}

/** Due list order: by date, then most severe first, then overdue before the rest. */
export function compareObligations(a: Pick<Obligation, 'dueDate' | 'severity' | 'state'>, b: Pick<Obligation, 'dueDate' | 'severity' | 'state'>): number {
  const x = obligationOrderKey(a);
  const y = obligationOrderKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
