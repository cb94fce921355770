// Evidence behind claims (README.md, "Evidence library"). A claim — a checklist item answered "met", a layer
// record, a certificate, a finding closed as fixed — may carry evidence items, each valid from a day and
// optionally until one. A claim with evidence holds only as long as its evidence does: the latest expiry
// among the pieces that have started is the day after which it no longer holds, and that day runs through
// the same due-soon windows as every other deadline. A claim without evidence is judged as before (and a
// met checklist item without any counts as "met, not evidenced"). Pure: dates are ISO strings, no clock.
import { addDays, daysBetween } from './dates.js';

/** One evidence item as a claim sees it. */
export interface EvidenceRef {
  id: number;
  title: string;
  /** ISO yyyy-mm-dd: from when it proves anything */
  validFrom: string;
  /** ISO yyyy-mm-dd: the last day it is valid; null: it does not expire */
  validUntil: string | null;
}

/**
 * The last day a claim backed by `evidence` holds, as of `asOf`:
 * - `undefined` — no evidence in force on asOf (none attached, or every piece starts later): the evidence says nothing;
 * - `null` — a piece in force never expires;
 * - a date — the latest expiry of the pieces that have started; before asOf, the claim lapsed after that day.
 */
export function evidenceEnd(evidence: readonly EvidenceRef[] | undefined, asOf: string): string | null | undefined {
  if (!evidence?.length) return undefined;
  let end: string | null | undefined;
  for (const e of evidence) {
    if (e.validFrom > asOf) continue;
    if (e.validUntil === null) return null;
    if (end === undefined || e.validUntil > (end as string)) end = e.validUntil;
  }
  return end;
}

/** The piece whose expiry is the claim's end (the latest one), for naming it; null when there is none. */
export function lastStanding(evidence: readonly EvidenceRef[] | undefined, asOf: string): EvidenceRef | null {
  const end = evidenceEnd(evidence, asOf);
  if (end === undefined || end === null) return null;
  return evidence!.find((e) => e.validFrom <= asOf && e.validUntil === end) ?? null;
}

export type EvidenceState = 'none' | 'valid' | 'ending' | 'expired';

/** How a claim's evidence stands on asOf: none in force, valid, ending within the window (the last day included), expired. */
export function evidenceState(evidence: readonly EvidenceRef[] | undefined, asOf: string, windowDays: number): EvidenceState {
  const end = evidenceEnd(evidence, asOf);
  if (end === undefined) return 'none';
  if (end === null) return 'valid';
  if (end < asOf) return 'expired';
  return daysBetween(asOf, end) <= windowDays ? 'ending' : 'valid';
}

/** One evidence item as its library page shows it: expired, expiring within the window, valid, or not valid yet. */
export function itemState(e: Pick<EvidenceRef, 'validFrom' | 'validUntil'>, asOf: string, windowDays: number): 'not_yet' | 'valid' | 'ending' | 'expired' {
  if (e.validFrom > asOf) return 'not_yet';
  if (e.validUntil === null) return 'valid';
  if (e.validUntil < asOf) return 'expired';
  return daysBetween(asOf, e.validUntil) <= windowDays ? 'ending' : 'valid';
}

/** The earlier of a claim's own end (a contract's, a certificate's expiry) and its evidence's; null when neither ends. */
export function earlierEnd(own: string | null, evidence: string | null | undefined): string | null {
  if (evidence === undefined || evidence === null) return own;
  return own === null || evidence < own ? evidence : own;
}

// ---- the checklist (CHK-01) ----

/** A checklist item answered "met" (of the level in force) with the evidence attached to it. */
export interface EvidencedItem {
  itemId: string;
  evidence: readonly EvidenceRef[];
}

export interface ChecklistEvidence {
  /** met items whose evidence is in force and valid (ending ones included) */
  evidenced: number;
  /** met items whose evidence has all expired: no longer counted as met */
  expired: number;
  /** met items whose evidence ends within the window */
  ending: number;
  /** met items with no evidence in force */
  notEvidenced: number;
  /** the earliest day an expired item's evidence ended; null when none expired */
  expiredSince: string | null;
  /** the earliest day an ending item's evidence ends; null when none is ending */
  endingOn: string | null;
}

/**
 * The evidence of a checklist's met items as of asOf: `met` is the number of applicable items answered
 * met; `items` those of them that have evidence attached (in any state).
 */
export function checklistEvidence(met: number, items: readonly EvidencedItem[], asOf: string, windowDays: number): ChecklistEvidence {
  const out: ChecklistEvidence = { evidenced: 0, expired: 0, ending: 0, notEvidenced: 0, expiredSince: null, endingOn: null };
  for (const i of items) {
    const end = evidenceEnd(i.evidence, asOf);
    if (end === undefined) continue;
    if (end !== null && end < asOf) {
      out.expired += 1;
      if (out.expiredSince === null || end < out.expiredSince) out.expiredSince = end;
      continue;
    }
    out.evidenced += 1;
    if (end !== null && daysBetween(asOf, end) <= windowDays) {
      out.ending += 1;
      if (out.endingOn === null || end < out.endingOn) out.endingOn = end;
    }
  }
  out.notEvidenced = Math.max(0, met - out.evidenced - out.expired);
  return out;
}

// ---- claims with an end of their own ----

/** A certificate as HR-01/HR-02 read it, its expiry brought forward to its evidence's end. */
export function certificateWithEvidence<C extends { expiryDate: string | null; evidence?: readonly EvidenceRef[] | undefined }>(c: C, asOf: string): C {
  if (!c.evidence?.length) return c;
  const expiryDate = earlierEnd(c.expiryDate, evidenceEnd(c.evidence, asOf));
  return expiryDate === c.expiryDate ? c : { ...c, expiryDate };
}

/**
 * A finding closed as fixed or accepted, with its proof of the fix: when the proof runs out within the
 * window (or has run out), the fix no longer stands and the finding is open again, due by the later of
 * its own due date and the day the proof ends (ASM-06 then reports it due soon, then overdue).
 */
export function findingWithEvidence<
  F extends { status: 'open' | 'in_progress' | 'fixed' | 'accepted'; dueDate: string | null; closedDate: string | null; evidence?: readonly EvidenceRef[] | undefined },
>(f: F, asOf: string, windowDays: number): F {
  if (!f.evidence?.length || (f.status !== 'fixed' && f.status !== 'accepted')) return f;
  if (f.closedDate === null || f.closedDate > asOf) return f;
  const end = evidenceEnd(f.evidence, asOf);
  if (end === undefined || end === null || end > addDays(asOf, windowDays)) return f;
  const dueDate = f.dueDate === null || end > f.dueDate ? end : f.dueDate;
  return { ...f, status: 'open', closedDate: null, dueDate };
}
