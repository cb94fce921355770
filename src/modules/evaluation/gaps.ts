// The gap views of an evaluation: every rule result that is a gap or due soon, flattened, filtered and
// counted; the dashboard's counters; where each gap is fixed. Pure functions of an evaluation, so the
// dashboard, the gaps page, the system page, the annual report and the exports always agree.
import { SEVERITIES, severityRank, type Severity } from '../../domain/severity.js';
import type { Fix, RuleResult } from '../../domain/rules/index.js';
import type { EvaluatedOrganisation, EvaluatedSystem, OrganisationEntry, SystemEntry } from './entries.js';
import { FirstK } from './first-k.js';

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
  if (!kept) rowsKept.set(entry, (kept = entry.results.filter(flagged).map((result) => ({ row: { result, ...subject }, key: orderKey(result) })).sort(byKey)));
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
 * The first `k` of `gapRows` and how many there are, without sorting them all (a page of the gaps list):
 * each entry's rows are kept sorted with it, so after a write a new evaluation walks each entry's first rows
 * only, and counts the rest.
 */
export function gapHead(ev: Scope, f: GapFilter, k: number, fold: (s: string) => string = (s) => s.toLowerCase()): { rows: GapRow[]; total: number } {
  const best = new FirstK<{ row: KeyedRow; rank: number }>(k, (a, b) => byKey(a.row, b.row) || a.rank - b.rank);
  let total = 0;
  const pass = keepOf(f);
  forEachEntry(ev, f, fold, (rows, rank) => {
    let open = true; // the entry's rows are sorted: once one stays out, the rest do too
    for (const row of rows) {
      if (!pass(row.row.result)) continue;
      total += 1;
      if (open) open = best.offer({ row, rank });
    }
  });
  return { rows: best.items.map((x) => x.row.row), total };
}

const byKey = (a: KeyedRow, b: KeyedRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const keepOf = (f: GapFilter) => (r: RuleResult) => (!f.state || r.state === f.state) && (!f.rule || r.rule === f.rule) && (!f.severity || r.severity === f.severity);

/** Each system and organisation the filter keeps, with its flagged rows sorted and its place in the lists. */
function forEachEntry(ev: Scope, f: GapFilter, fold: (s: string) => string, visit: (rows: readonly KeyedRow[], rank: number) => void): void {
  const words = f.q ? f.q.split(' ').filter(Boolean) : [];
  const matches = (o: { code: string; nameVi: string; nameEn: string | null }) => {
    if (!words.length) return true;
    const text = fold(`${o.code} ${o.nameVi} ${o.nameEn ?? ''}`);
    return words.every((w) => text.includes(w));
  };
  let rank = 0;
  for (const s of ev.systems) {
    rank += 1;
    if (f.systemId !== undefined && s.system.id !== f.systemId) continue;
    if (f.level === 'none' ? s.system.level !== null : f.level && String(s.system.level) !== f.level) continue;
    if (!matches(s.system)) continue;
    visit(flaggedRows(s, { system: s.system, organisation: null }), rank);
  }
  if (f.level || f.systemId !== undefined) return;
  for (const o of ev.organisations) {
    rank += 1;
    if (matches(o.organisation)) visit(flaggedRows(o, { system: null, organisation: o.organisation }), rank);
  }
}

/** The gap rows that pass the filter, in the lists' order (systems, then organisations; each entry's sorted). */
function filteredRows(ev: Scope, f: GapFilter, fold: (s: string) => string): KeyedRow[] {
  const rows: KeyedRow[] = [];
  const pass = keepOf(f);
  forEachEntry(ev, f, fold, (entryRows) => {
    for (const r of entryRows) if (pass(r.row.result)) rows.push(r);
  });
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
  /** gaps by severity, by severityRank */
  bySeverity: readonly number[];
  /** flat (rule number, gaps, due soon) triples: rules are numbered once per process (ruleNumber) */
  byRule: Int32Array;
}
const tallies = new WeakMap<SystemEntry | OrganisationEntry, Tally>();

/** Rule ids numbered as they are first met, so that a summary adds arrays instead of looking up maps. */
const ruleNumbers = new Map<string, number>();
const ruleIds: string[] = [];
function ruleNumber(rule: string): number {
  let n = ruleNumbers.get(rule);
  if (n === undefined) {
    ruleNumbers.set(rule, (n = ruleIds.length));
    ruleIds.push(rule);
  }
  return n;
}

function tallyOf(entry: SystemEntry | OrganisationEntry): Tally {
  let t = tallies.get(entry);
  if (t) return t;
  const bySeverity = new Array<number>(SEVERITIES.length + 1).fill(0);
  const byRule = new Map<number, { gap: number; dueSoon: number }>();
  let gaps = 0;
  let critical = 0;
  let dueSoon = 0;
  for (const r of entry.results) {
    if (!flagged(r)) continue;
    const n = ruleNumber(r.rule);
    const counts = byRule.get(n) ?? { gap: 0, dueSoon: 0 };
    byRule.set(n, counts);
    if (r.state === 'gap') {
      gaps += 1;
      counts.gap += 1;
      bySeverity[severityRank(r.severity)]! += 1;
      if (r.severity === 'critical') critical += 1;
    } else {
      dueSoon += 1;
      counts.dueSoon += 1;
    }
  }
  const flat = new Int32Array(byRule.size * 3);
  let i = 0;
  for (const [n, c] of byRule) flat.set([n, c.gap, c.dueSoon], (i++) * 3);
  t = { state: systemState(entry.results), gaps, critical, dueSoon, bySeverity, byRule: flat };
  tallies.set(entry, t);
  return t;
}

/**
 * The dashboard's gap numbers, one definition each: the same counts as the unfiltered gap rows give, summed
 * from what each entry adds (so a write re-counts one system, not 150 000 rows).
 */
export function gapSummary(ev: Scope): GapSummary {
  const bySeverity = new Array<number>(SEVERITIES.length + 1).fill(0);
  const gapByRule: number[] = [];
  const soonByRule: number[] = [];
  const levelChart = ['1', '2', '3', '4', '5', 'none'].map((level) => ({ level, ok: 0, due_soon: 0, gap: 0, critical: 0 }));
  // the ten systems with the most critical gaps, then the most gaps; ties in the lists' order
  const worst = new FirstK<GapSummary['worstSystems'][number]>(10, (a, b) => b.critical - a.critical || b.gaps - a.gaps);
  let totalGaps = 0;
  let totalDueSoon = 0;
  const add = (t: Tally) => {
    totalGaps += t.gaps;
    totalDueSoon += t.dueSoon;
    for (let i = 0; i < t.bySeverity.length; i++) bySeverity[i]! += t.bySeverity[i]!;
    for (let i = 0; i < t.byRule.length; i += 3) {
      const n = t.byRule[i]!;
      gapByRule[n] = (gapByRule[n] ?? 0) + t.byRule[i + 1]!;
      soonByRule[n] = (soonByRule[n] ?? 0) + t.byRule[i + 2]!;
    }
  };
  for (const s of ev.systems) {
    const t = tallyOf(s);
    add(t);
    levelChart[s.system.level === null ? 5 : s.system.level - 1]![t.state] += 1;
    if (t.gaps > 0) worst.offer({ system: s.system, critical: t.critical, gaps: t.gaps });
  }
  for (const o of ev.organisations) add(tallyOf(o));
  const byRule: GapSummary['byRule'] = [];
  // a rule a tally names has both its counts set (sparse arrays: forEach skips the rules no one names)
  gapByRule.forEach((gap, n) => byRule.push({ rule: ruleIds[n]!, gap, dueSoon: soonByRule[n]! }));
  return {
    bySeverity: Object.fromEntries(SEVERITIES.map((s, i) => [s, bySeverity[i]!])) as Record<Severity, number>,
    byRule: byRule.sort((a, b) => b.gap - a.gap || b.dueSoon - a.dueSoon || a.rule.localeCompare(b.rule)),
    worstSystems: worst.items,
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
