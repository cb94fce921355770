// The gap views of an evaluation: every rule result that is a gap or due soon, flattened, filtered and
// counted; the dashboard's counters; where each gap is fixed. Pure functions of an evaluation, so the
// dashboard, the gaps page, the system page, the annual report and the exports always agree.
import { SEVERITIES, severityRank, type Severity } from '../../domain/severity.js';
import type { Fix, RuleResult } from '../../domain/rules/index.js';
import type { EvaluatedOrganisation, EvaluatedSystem, OrganisationEntry, SystemEntry } from './entries.js';

export { SEVERITIES, type Severity };

export interface GapRow {
  result: RuleResult;
  system: EvaluatedSystem | null;
  organisation: EvaluatedOrganisation | null;
}

export interface GapFilter {
  rule?: string | undefined;
  severity?: string | undefined;
  state?: 'gap' | 'due_soon' | undefined; // default both
  level?: string | undefined; // '1'..'5' | 'none'
  /** only this system's results */
  systemId?: number | undefined;
  /** words to find in the system's or organisation's code and name (already folded) */
  q?: string | undefined;
}

export interface Scope {
  readonly asOf: string;
  readonly systems: readonly SystemEntry[];
  readonly organisations: readonly OrganisationEntry[];
}

const flagged = (r: RuleResult) => r.state === 'gap' || r.state === 'due_soon';

/** A gap row with its place in the order as one string; kept with the (immutable) entry it comes from. */
interface KeyedRow {
  row: GapRow;
  key: string;
}
const rowsKept = new WeakMap<SystemEntry | OrganisationEntry, readonly KeyedRow[]>();

/** Gaps first, most severe first, then by due date (none last) and rule: dates and rule ids are ASCII, so one string. */
const orderKey = (r: RuleResult) => `${r.state === 'gap' ? 0 : 1}${severityRank(r.severity)}${r.dueDate ?? '9999-99-99'}${r.rule}`;

function flaggedRows(entry: SystemEntry | OrganisationEntry, subject: Omit<GapRow, 'result'>): readonly KeyedRow[] {
  let kept = rowsKept.get(entry);
  if (!kept) rowsKept.set(entry, (kept = entry.results.filter(flagged).map((result) => ({ row: { result, ...subject }, key: orderKey(result) }))));
  return kept;
}

/**
 * Every gap and due-soon result, gaps first, most severe first, then by due date and rule; ties in the
 * lists' order. A national scope has about 150 000 of them, worked out again after every write: each entry
 * keeps its rows and their sort keys, so a new evaluation only filters and sorts strings.
 */
export function gapRows(ev: Scope, f: GapFilter = {}, fold: (s: string) => string = (s) => s.toLowerCase()): GapRow[] {
  // a stable sort: equal keys stay in the lists' order
  return filteredRows(ev, f, fold).sort(byKey).map((k) => k.row);
}

/**
 * The first `k` of `gapRows` and how many there are, without sorting them all (a page of the gaps list:
 * after a write, 150 000 rows are scanned once instead of sorted).
 */
export function gapHead(ev: Scope, f: GapFilter, k: number, fold: (s: string) => string = (s) => s.toLowerCase()): { rows: GapRow[]; total: number } {
  const all = filteredRows(ev, f, fold);
  const best: KeyedRow[] = [];
  for (const r of all) {
    // strictly before the k-th only: a row equal to it came later in the lists' order
    if (best.length === k && (k === 0 || byKey(r, best[k - 1]!) >= 0)) continue;
    let at = best.length;
    while (at > 0 && byKey(r, best[at - 1]!) < 0) at -= 1;
    best.splice(at, 0, r);
    if (best.length > k) best.pop();
  }
  return { rows: best.map((x) => x.row), total: all.length };
}

const byKey = (a: KeyedRow, b: KeyedRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The gap rows that pass the filter, in the lists' order (systems, then organisations). */
function filteredRows(ev: Scope, f: GapFilter, fold: (s: string) => string): KeyedRow[] {
  const rows: KeyedRow[] = [];
  const keep = (r: RuleResult) => (!f.state || r.state === f.state) && (!f.rule || r.rule === f.rule) && (!f.severity || r.severity === f.severity);
  const words = f.q ? f.q.split(' ').filter(Boolean) : [];
  const matches = (o: { code: string; nameVi: string; nameEn: string | null }) => {
    if (!words.length) return true;
    const text = fold(`${o.code} ${o.nameVi} ${o.nameEn ?? ''}`);
    return words.every((w) => text.includes(w));
  };
  for (const s of ev.systems) {
    if (f.systemId !== undefined && s.system.id !== f.systemId) continue;
    if (f.level === 'none' ? s.system.level !== null : f.level && String(s.system.level) !== f.level) continue;
    if (!matches(s.system)) continue;
    for (const k of flaggedRows(s, { system: s.system, organisation: null })) if (keep(k.row.result)) rows.push(k);
  }
  if (!f.level && f.systemId === undefined) {
    for (const o of ev.organisations) {
      if (!matches(o.organisation)) continue;
      for (const k of flaggedRows(o, { system: null, organisation: o.organisation })) if (keep(k.row.result)) rows.push(k);
    }
  }
  return rows;
}

/** A system's overall state for the level × state chart: its worst result. */
export function systemState(results: readonly RuleResult[]): 'critical' | 'gap' | 'due_soon' | 'ok' {
  if (results.some((r) => r.state === 'gap' && r.severity === 'critical')) return 'critical';
  if (results.some((r) => r.state === 'gap')) return 'gap';
  if (results.some((r) => r.state === 'due_soon')) return 'due_soon';
  return 'ok';
}

export interface GapSummary {
  bySeverity: Record<Severity, number>;
  byRule: Array<{ rule: string; gap: number; dueSoon: number }>;
  worstSystems: Array<{ system: EvaluatedSystem; critical: number; gaps: number }>;
  levelChart: Array<{ level: string; ok: number; due_soon: number; gap: number; critical: number }>;
  totalGaps: number;
  totalDueSoon: number;
}

/** What one system or organisation adds to the dashboard's gap numbers; kept with the (immutable) entry. */
interface Tally {
  state: ReturnType<typeof systemState>;
  gaps: number;
  critical: number;
  dueSoon: number;
  /** gaps by severity */
  bySeverity: Partial<Record<Severity, number>>;
  /** gap and due-soon results by rule */
  byRule: Map<string, { gap: number; dueSoon: number }>;
}
const tallies = new WeakMap<SystemEntry | OrganisationEntry, Tally>();

function tallyOf(entry: SystemEntry | OrganisationEntry): Tally {
  let t = tallies.get(entry);
  if (t) return t;
  t = { state: systemState(entry.results), gaps: 0, critical: 0, dueSoon: 0, bySeverity: {}, byRule: new Map() };
  for (const r of entry.results) {
    if (!flagged(r)) continue;
    const byRule = t.byRule.get(r.rule) ?? { gap: 0, dueSoon: 0 };
    t.byRule.set(r.rule, byRule);
    if (r.state === 'gap') {
      t.gaps += 1;
      byRule.gap += 1;
      if (r.severity) t.bySeverity[r.severity] = (t.bySeverity[r.severity] ?? 0) + 1;
      if (r.severity === 'critical') t.critical += 1;
    } else {
      t.dueSoon += 1;
      byRule.dueSoon += 1;
    }
  }
  tallies.set(entry, t);
  return t;
}

/**
 * The dashboard's gap numbers, one definition each: the same counts as the unfiltered gap rows give, summed
 * from what each entry adds (so a write re-counts one system, not 150 000 rows).
 */
export function gapSummary(ev: Scope): GapSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule = new Map<string, { rule: string; gap: number; dueSoon: number }>();
  const levelChart = ['1', '2', '3', '4', '5', 'none'].map((level) => ({ level, ok: 0, due_soon: 0, gap: 0, critical: 0 }));
  const worst: GapSummary['worstSystems'] = [];
  let totalGaps = 0;
  let totalDueSoon = 0;
  const add = (t: Tally) => {
    totalGaps += t.gaps;
    totalDueSoon += t.dueSoon;
    for (const s of SEVERITIES) bySeverity[s] += t.bySeverity[s] ?? 0;
    for (const [rule, n] of t.byRule) {
      const e = byRule.get(rule) ?? { rule, gap: 0, dueSoon: 0 };
      e.gap += n.gap;
      e.dueSoon += n.dueSoon;
      byRule.set(rule, e);
    }
  };
  for (const s of ev.systems) {
    const t = tallyOf(s);
    add(t);
    levelChart[s.system.level === null ? 5 : s.system.level - 1]![t.state] += 1;
    if (t.gaps > 0) worst.push({ system: s.system, critical: t.critical, gaps: t.gaps });
  }
  for (const o of ev.organisations) add(tallyOf(o));
  return {
    bySeverity,
    byRule: [...byRule.values()].sort((a, b) => b.gap - a.gap || b.dueSoon - a.dueSoon || a.rule.localeCompare(b.rule)),
    worstSystems: worst.sort((a, b) => b.critical - a.critical || b.gaps - a.gaps).slice(0, 10),
    levelChart,
    totalGaps,
    totalDueSoon,
  };
}

/** The dashboard's counts of systems, from the same evaluation (levels and statuses as of its date). */
export interface Counters {
  total: number;
  inOperation: number;
  /** in operation without a level in force */
  noApproved: number;
  /** a dossier under way (draft, submitted, appraised) */
  pending: number;
  byLevel: Record<string, number>;
  byLifecycle: Record<string, number>;
  byDossier: Record<string, number>;
}

export function counters(ev: Scope): Counters {
  const c: Counters = { total: 0, inOperation: 0, noApproved: 0, pending: 0, byLevel: {}, byLifecycle: {}, byDossier: {} };
  const add = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
  for (const { system: s } of ev.systems) {
    c.total += 1;
    add(c.byLevel, s.level === null ? 'none' : String(s.level));
    add(c.byLifecycle, s.lifecycleStatus);
    add(c.byDossier, s.dossierStatus ?? 'none');
    if (s.lifecycleStatus === 'in_operation') {
      c.inOperation += 1;
      if (s.level === null) c.noApproved += 1;
    }
    if (s.dossierStatus === 'draft' || s.dossierStatus === 'submitted' || s.dossierStatus === 'appraised') c.pending += 1;
  }
  return c;
}

/** Where a rule's gap (or a duty) of a system or organisation is fixed. */
export function fixUrl(fix: Fix, subject: { system: Pick<EvaluatedSystem, 'id' | 'operatorId'> | null; organisation: Pick<EvaluatedOrganisation, 'id'> | null }): string {
  if (subject.organisation) return fix === 'readiness' ? `/readiness?org=${subject.organisation.id}` : `/organisations/${subject.organisation.id}`;
  const id = subject.system!.id;
  switch (fix) {
    case 'level': return `/systems/${id}#level`;
    case 'protection': return `/systems/${id}/protection`;
    case 'assessments': return `/systems/${id}/assessments`;
    case 'operators': return `/systems/${id}#operators`;
    case 'readiness': return `/readiness?system=${id}`;
    case 'checklist': return `/systems/${id}/checklist`;
    case 'organisation': return `/organisations/${subject.system!.operatorId}`;
    // the system page, not its edit form: every role that sees the gap may open it, and those who may
    // edit find the edit button there (a read-only role is never sent to a form it cannot send)
    default: return `/systems/${id}`;
  }
}

/** Where a gap row is fixed. */
export const gapUrl = (row: GapRow): string => fixUrl(row.result.fix, row);
