// The 4-layer protection model (L4-1…L4-4) and the assessor-independence checks (ASM-03…ASM-05).
// Pure: a layer's status is derived from its evidence and the as-of date, never typed in.
// Dates are ISO 'yyyy-mm-dd' strings, compared as strings.

export type LayerStatus = 'in_place' | 'expired' | 'missing';

export const PROTECTION_CITATIONS = Object.freeze({
  // Directive 14/CT-TTg §1.b–1.d; the four layers must be in place before go-live (Decision 964/QĐ-TTg §IV.5.a)
  'L4-1': 'Chỉ thị 14/CT-TTg, khoản 1 điểm b; Quyết định 964/QĐ-TTg, mục IV.5.a',
  'L4-2': 'Chỉ thị 14/CT-TTg, khoản 1 điểm c; Quyết định 964/QĐ-TTg, mục IV.5.a',
  'L4-3': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d; Quyết định 964/QĐ-TTg, mục IV.5.a',
  'L4-4': 'Chỉ thị 14/CT-TTg, khoản 1 điểm c; Quyết định 964/QĐ-TTg, mục IV.5.a',
  'ASM-03': 'Chỉ thị 14/CT-TTg, khoản 1 điểm d',
  'ASM-04': 'Nghị định 331/2026/NĐ-CP, Điều 31 khoản 2 điểm c',
  'ASM-05': 'Nghị định 331/2026/NĐ-CP, Điều 31 khoản 2 điểm c',
} as const);
export type ProtectionRuleId = keyof typeof PROTECTION_CITATIONS;

// ---- layer statuses ----

/** Layer 1 — on-site force: the designated security unit and the designation decision. */
export interface Layer1 {
  securityUnitId: number | null;
  decisionNumber: string | null;
  decisionDate: string | null;
}

/** Layer 2 — professional monitoring and protection: self-operated or a provider (SOC) under contract. */
export interface Layer2 {
  mode: 'self' | 'provider';
  providerId: number | null;
  contractNumber: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** Layer 3 — independent periodic assessment: the engaged assessor. */
export interface Layer3 {
  assessorKind: 'provider' | 'in_house';
  assessorId: number;
  contractNumber: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** Layer 4 — connection to the national monitoring system. */
export interface Layer4 {
  status: 'connected' | 'in_progress' | 'not_connected';
  connectionDate: string | null;
}

/** A contract's evidence as of a date: ended before it → expired; not started by it (or no start) → missing. */
function contractStatus(startDate: string | null, endDate: string | null, asOf: string): LayerStatus {
  if (endDate !== null && endDate < asOf) return 'expired';
  if (startDate === null || startDate > asOf) return 'missing';
  return 'in_place';
}

/** In place when a security unit and a designation decision number are recorded. */
export function layer1Status(l: Layer1 | null): LayerStatus {
  if (l === null) return 'missing';
  return l.securityUnitId !== null && (l.decisionNumber ?? '').trim() !== '' ? 'in_place' : 'missing';
}

/** Self-monitoring is in place; a provider needs a contract running on asOf (ending today still counts). */
export function layer2Status(l: Layer2 | null, asOf: string): LayerStatus {
  if (l === null) return 'missing';
  if (l.mode === 'self') return 'in_place';
  if (l.providerId === null) return 'missing';
  return contractStatus(l.startDate, l.endDate, asOf);
}

/** A provider needs a contract running on asOf; an in-house assessor needs no dates, but recorded ones still bound it. */
export function layer3Status(l: Layer3 | null, asOf: string): LayerStatus {
  if (l === null) return 'missing';
  if (l.assessorKind === 'in_house' && l.startDate === null) return l.endDate !== null && l.endDate < asOf ? 'expired' : 'in_place';
  return contractStatus(l.startDate, l.endDate, asOf);
}

/** Only an established connection counts; in progress is still missing. */
export function layer4Status(l: Layer4 | null): LayerStatus {
  return l !== null && l.status === 'connected' ? 'in_place' : 'missing';
}

// ---- assessor independence ----

/** An organisation as the independence checks see it: its place in the tree (a provider's parent is its group company). */
export interface OrgRef {
  id: number;
  parentId: number | null;
  kind: 'agency' | 'provider';
  /** every organisation above it, nearest first, itself excluded (see ancestorChain) */
  ancestors: readonly number[];
}

/**
 * The organisations above `id`, nearest first, by following `parentOf`. Parent links that loop back
 * (A → B → A, or A → A) stop the chain at the first repeat, so bad data can never hang an evaluation.
 */
export function ancestorChain(id: number, parentOf: (id: number) => number | null | undefined): number[] {
  const seen = new Set<number>([id]);
  const chain: number[] = [];
  for (let p = parentOf(id); p != null && !seen.has(p); p = parentOf(p)) {
    seen.add(p);
    chain.push(p);
  }
  return chain;
}

/** `org` is the organisation `id` or one of its units (anywhere below it). */
export function isWithin(org: Pick<OrgRef, 'id' | 'ancestors'>, id: number): boolean {
  return org.id === id || org.ancestors.includes(id);
}

/** Layer 2 in force as independence needs it: a provider, or the owner/operator monitoring the system itself. */
export type MonitoringRef = { mode: 'provider'; provider: OrgRef | null } | { mode: 'self' };

export interface IndependenceInput {
  level: number | null;
  regime: 'nd331' | 'nd85';
  assessor: OrgRef;
  assessorKind: 'provider' | 'in_house';
  /** layer 2 in force on the day judged; null when there is none */
  monitoring: MonitoringRef | null;
  operator: OrgRef;
  owner: OrgRef;
}

export type IndependenceReason =
  | 'same_as_monitoring'
  | 'sister_of_monitoring'
  | 'parent_of_monitoring'
  | 'self_monitoring'
  | 'is_operator'
  | 'operator_unit'
  | 'in_house_level5';

export interface IndependenceIssue {
  rule: 'ASM-03' | 'ASM-04' | 'ASM-05';
  severity: 'critical' | 'high';
  reason: IndependenceReason;
}

/**
 * Why the assessor belongs to the monitoring provider's group, or null (docs/rules.md §5, group chains): the same
 * company; one above the other anywhere up the parent chains (a subsidiary of a subsidiary included);
 * or a common ancestor anywhere up both chains (sister companies, cousins).
 */
function groupTie(assessor: OrgRef, monitoring: OrgRef): IndependenceReason | null {
  if (assessor.id === monitoring.id) return 'same_as_monitoring';
  if (isWithin(monitoring, assessor.id) || isWithin(assessor, monitoring.id)) return 'parent_of_monitoring';
  if (assessor.ancestors.some((a) => monitoring.ancestors.includes(a))) return 'sister_of_monitoring';
  return null;
}

/** Why the assessor is not independent of whoever monitors the system (layer 2), or null. */
function monitoringTie(i: IndependenceInput): IndependenceReason | null {
  const m = i.monitoring;
  if (m === null) return null;
  if (m.mode === 'provider') return m.provider === null ? null : groupTie(i.assessor, m.provider);
  // docs/rules.md §5, self-monitoring: self-monitoring makes the owner and the operator the monitoring organisation
  return isWithin(i.assessor, i.owner.id) || isWithin(i.assessor, i.operator.id) ? 'self_monitoring' : null;
}

/**
 * The independence issues of an assessor for a system, at most one per rule, in rule order. Levels below 3
 * (or no approved level) owe no independent assessment, so the result is []; a form that wants to warn
 * anyway (e.g. before the level is approved) can call `independenceIssues({ ...input, level: 3 })`.
 */
export function independenceIssues(i: IndependenceInput): IndependenceIssue[] {
  if (i.level === null || i.level < 3) return [];
  const issues: IndependenceIssue[] = [];
  // ASM-03 — Directive 14/CT-TTg §1.d: an organisation independent of the monitoring and protection provider
  const tie = monitoringTie(i);
  if (tie !== null) issues.push({ rule: 'ASM-03', severity: 'critical', reason: tie });
  // ASM-04 — Decree 331 Art 31.2.c: not the operator itself, nor one of its units (nd331 only)
  if (i.regime === 'nd331' && isWithin(i.assessor, i.operator.id)) {
    issues.push({ rule: 'ASM-04', severity: 'high', reason: i.assessor.id === i.operator.id ? 'is_operator' : 'operator_unit' });
  }
  // ASM-05 — Decree 331 Art 31.2.c: level 5 by a licensed/designated organisation, not in-house
  if (i.level === 5 && i.assessorKind === 'in_house') issues.push({ rule: 'ASM-05', severity: 'high', reason: 'in_house_level5' });
  return issues;
}

/** How an assessment's assessor counts: an agency assessing is in-house; a company is a provider. */
export const assessorKindOf = (o: Pick<OrgRef, 'kind'>): 'provider' | 'in_house' => (o.kind === 'provider' ? 'provider' : 'in_house');
