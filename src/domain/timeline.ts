// A system's timeline (docs/rules.md §5, the timeline): what was true of it on a date D — the level in force, its
// lifecycle status, the layer records valid that day, the assessments performed up to it. Every rule,
// page, list filter, export and report that needs "the level" asks here; nothing else decides it.
// Pure: dates are ISO 'yyyy-mm-dd' strings compared as strings; the date is always passed in.
import type { Regime } from './level-criteria.js';

// ---- the level in force ----

/** What the timeline reads of a level decision. */
export interface DecisionPoint {
  id: number;
  regime: Regime;
  proposedLevel: number;
  dossierStatus: 'draft' | 'submitted' | 'appraised' | 'approved' | 'rejected';
  /** null only for records that never had one: such an approval counts from the beginning of time */
  approvalDate: string | null;
}

/** The day an approval takes effect; an approval without a date has always been in force. */
export const approvalDay = (d: Pick<DecisionPoint, 'approvalDate'>): string => d.approvalDate ?? '0000-01-01';

/** Oldest approval first; the same day → the later record last. */
const byApproval = (a: Pick<DecisionPoint, 'id' | 'approvalDate'>, b: Pick<DecisionPoint, 'id' | 'approvalDate'>) =>
  approvalDay(a).localeCompare(approvalDay(b)) || a.id - b.id;

/** The approvals, oldest first. */
function approvals<D extends Pick<DecisionPoint, 'id' | 'dossierStatus' | 'approvalDate'>>(decisions: readonly D[]): D[] {
  return decisions.filter((d) => d.dossierStatus === 'approved').sort(byApproval);
}

/** The last entry of an oldest-first list whose day is on or before `date` (the same day: the later entry). */
function latestUpTo<T>(oldestFirst: readonly T[], date: string, dayOf: (t: T) => string): T | null {
  let found: T | null = null;
  for (const e of oldestFirst) {
    if (dayOf(e) > date) break;
    found = e;
  }
  return found;
}

/** The approvals given on or before `date`, oldest first. */
export function approvalsUpTo<D extends Pick<DecisionPoint, 'id' | 'dossierStatus' | 'approvalDate'>>(decisions: readonly D[], date: string): D[] {
  return approvals(decisions).filter((d) => approvalDay(d) <= date);
}

/**
 * THE decision in force on `date` (docs/rules.md §5, the timeline): the most recent decision approved on or before it
 * (two on the same day: the later record). Null when none was approved by then.
 */
export function decisionInForce<D extends Pick<DecisionPoint, 'id' | 'dossierStatus' | 'approvalDate'>>(decisions: readonly D[], date: string): D | null {
  return latestUpTo(approvals(decisions), date, approvalDay);
}

/** The level in force on `date`, or null. */
export function levelInForce(decisions: readonly Pick<DecisionPoint, 'id' | 'dossierStatus' | 'approvalDate' | 'proposedLevel'>[], date: string): number | null {
  return decisionInForce(decisions, date)?.proposedLevel ?? null;
}

/** A level from a day on, until a later entry replaces it. */
export interface LevelPeriod {
  level: number;
  from: string;
}

/** Every approved level with the day it took force, oldest first (what the cadence reads). */
export function levelHistory(decisions: readonly Pick<DecisionPoint, 'id' | 'dossierStatus' | 'approvalDate' | 'proposedLevel'>[]): LevelPeriod[] {
  return approvals(decisions).map((d) => ({ level: d.proposedLevel, from: approvalDay(d) }));
}

/** The level in force on `date` by a level history (levelHistory's output, or periods in any order: a later entry wins a tie). */
export function levelOn(history: readonly LevelPeriod[], date: string): number | null {
  const sorted = history.every((p, i) => i === 0 || history[i - 1]!.from <= p.from) ? history : [...history].sort((a, b) => a.from.localeCompare(b.from));
  return latestUpTo(sorted, date, (p) => p.from)?.level ?? null;
}

/** The regime a system is judged under on `date`: the decision in force's, else the newest proposal's, else nd331 (the law in force). */
export function regimeOn(decisions: readonly DecisionPoint[], date: string): Regime {
  const inForce = decisionInForce(decisions, date);
  if (inForce) return inForce.regime;
  let newest: DecisionPoint | null = null;
  for (const d of decisions) if (newest === null || d.id > newest.id) newest = d;
  return newest?.regime ?? 'nd331';
}

// ---- lifecycle ----

export type LifecycleStatus = 'planned' | 'under_construction' | 'in_operation' | 'decommissioned';

export interface LifecycleFacts {
  lifecycleStatus: LifecycleStatus;
  /** the day it went (or goes) live */
  goLiveDate: string | null;
  decommissionedAt: string | null;
}

/**
 * The lifecycle status on `date`: decommissioned from its decommissioning day; in operation from its
 * go-live day (a live system without a recorded go-live date always was); before that, under construction
 * (a live system's past) or as recorded (a system not live yet).
 */
export function lifecycleOn(f: LifecycleFacts, date: string): LifecycleStatus {
  if (f.decommissionedAt !== null ? f.decommissionedAt <= date : f.lifecycleStatus === 'decommissioned') return 'decommissioned';
  const wasLive = f.lifecycleStatus === 'in_operation' || f.lifecycleStatus === 'decommissioned';
  if (wasLive) return f.goLiveDate === null || f.goLiveDate <= date ? 'in_operation' : 'under_construction';
  return f.lifecycleStatus;
}

// ---- layer records ----

/**
 * The record in force on `date` of one layer: the newest one (highest id) that had started by then
 * (by `startOf`; a record without a start counts from when it was recorded), else the newest one not
 * started yet (so that a page can say what is coming), else null.
 */
export function recordOn<T extends { id: number }>(rows: readonly T[], date: string, startOf: (r: T) => string | null): T | null {
  let best: T | null = null;
  let newest: T | null = null;
  for (const r of rows) {
    if (newest === null || r.id > newest.id) newest = r;
    if ((startOf(r) ?? '') <= date && (best === null || r.id > best.id)) best = r;
  }
  return best ?? newest;
}

export interface LayerRecords<L1, L2, L3, L4> {
  layer1: readonly (L1 & { id: number; decisionDate: string | null })[];
  layer2: readonly (L2 & { id: number; startDate: string | null; recordedOn: string })[];
  layer3: readonly (L3 & { id: number; startDate: string | null; recordedOn: string; revokedAt: string | null })[];
  layer4: readonly (L4 & { id: number; connectionDate: string | null })[];
}

/**
 * The layer records valid on `date` (docs/rules.md §4, §5): evidence dated after it does not count yet; a
 * designation (layer 1) or connection (layer 4) counts from its date; a contract (layers 2, 3) from its
 * start, or from when it was recorded when it has none; a revoked engagement no longer counts from its
 * revocation day.
 */
export function layersOn<L1, L2, L3, L4>(r: LayerRecords<L1, L2, L3, L4>, date: string) {
  const newestOf = <T extends { id: number }>(rows: readonly T[]) => recordOn(rows, date, () => null);
  return {
    layer1: newestOf(r.layer1.filter((l) => l.decisionDate === null || l.decisionDate <= date)),
    layer2: recordOn(r.layer2, date, (l) => l.startDate ?? l.recordedOn),
    layer3: recordOn(r.layer3.filter((l) => l.revokedAt === null || l.revokedAt > date), date, (l) => l.startDate ?? l.recordedOn),
    layer4: newestOf(r.layer4.filter((l) => l.connectionDate === null || l.connectionDate <= date)),
  };
}

// ---- assessments ----

/** The assessments performed on or before `date`, oldest first. */
export function performedUpTo<A extends { performedDate: string | null }>(assessments: readonly A[], date: string): (A & { performedDate: string })[] {
  return assessments
    .filter((a): a is A & { performedDate: string } => a.performedDate !== null && a.performedDate <= date)
    .sort((a, b) => a.performedDate.localeCompare(b.performedDate));
}
