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

/** Every gap and due-soon result, gaps first, most severe first, then by due date and rule. */
export function gapRows(ev: Scope, f: GapFilter = {}, fold: (s: string) => string = (s) => s.toLowerCase()): GapRow[] {
  const rows: GapRow[] = [];
  const keep = (r: RuleResult) =>
    flagged(r) && (!f.state || r.state === f.state) && (!f.rule || r.rule === f.rule) && (!f.severity || r.severity === f.severity);
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
    for (const r of s.results) if (keep(r)) rows.push({ result: r, system: s.system, organisation: null });
  }
  if (!f.level && f.systemId === undefined) {
    for (const o of ev.organisations) if (matches(o.organisation)) for (const r of o.results) if (keep(r)) rows.push({ result: r, system: null, organisation: o.organisation });
  }
  return rows.sort(
    (a, b) =>
      (a.result.state === 'gap' ? 0 : 1) - (b.result.state === 'gap' ? 0 : 1) ||
      severityRank(a.result.severity) - severityRank(b.result.severity) ||
      (a.result.dueDate ?? '9999').localeCompare(b.result.dueDate ?? '9999') ||
      a.result.rule.localeCompare(b.result.rule),
  );
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

/** The dashboard's gap numbers: one definition each, from the gap rows. */
export function gapSummary(ev: Scope, rows: readonly GapRow[] = gapRows(ev)): GapSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule = new Map<string, { rule: string; gap: number; dueSoon: number }>();
  let totalGaps = 0;
  for (const { result: r } of rows) {
    if (r.state === 'gap') {
      totalGaps += 1;
      if (r.severity) bySeverity[r.severity] += 1;
    }
    const e = byRule.get(r.rule) ?? { rule: r.rule, gap: 0, dueSoon: 0 };
    if (r.state === 'gap') e.gap += 1;
    else e.dueSoon += 1;
    byRule.set(r.rule, e);
  }
  const levelChart = ['1', '2', '3', '4', '5', 'none'].map((level) => ({ level, ok: 0, due_soon: 0, gap: 0, critical: 0 }));
  for (const s of ev.systems) {
    const row = levelChart.find((l) => l.level === (s.system.level === null ? 'none' : String(s.system.level)))!;
    row[systemState(s.results)] += 1;
  }
  return {
    bySeverity,
    byRule: [...byRule.values()].sort((a, b) => b.gap - a.gap || b.dueSoon - a.dueSoon || a.rule.localeCompare(b.rule)),
    worstSystems: ev.systems
      .map((s) => ({
        system: s.system,
        critical: s.results.filter((r) => r.state === 'gap' && r.severity === 'critical').length,
        gaps: s.results.filter((r) => r.state === 'gap').length,
      }))
      .filter((s) => s.gaps > 0)
      .sort((a, b) => b.critical - a.critical || b.gaps - a.gaps)
      .slice(0, 10),
    levelChart,
    totalGaps,
    totalDueSoon: rows.length - totalGaps,
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
