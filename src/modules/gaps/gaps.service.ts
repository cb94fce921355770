// The gap views: every rule result of the evaluation, flattened, filtered and counted. The numbers come
// from the one evaluation (compliance.service evaluateScope), so the dashboard, the gaps page and the
// system page always agree.
import type { Db } from '../../db/client.js';
import type { RuleResult } from '../../domain/rules/index.js';
import type { Actor } from '../auth/actor.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { evaluateScopeCached, type Evaluation } from '../compliance/compliance.service.js';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITY_ORDER)[number];

export interface GapRow {
  result: RuleResult;
  system: Evaluation['systems'][number]['system'] | null;
  organisation: Evaluation['organisations'][number]['organisation'] | null;
}

export interface GapFilter {
  rule?: string | undefined;
  severity?: string | undefined;
  state?: 'gap' | 'due_soon' | undefined; // default both
  level?: string | undefined; // '1'..'5' | 'none'
}

const rowCache = new WeakMap<Evaluation, Map<string, GapRow[]>>();

/** Every gap and due-soon result, most severe first, then by due date (kept with the cached evaluation). */
export function gapRows(ev: Evaluation, f: GapFilter = {}): GapRow[] {
  let byFilter = rowCache.get(ev);
  if (!byFilter) rowCache.set(ev, (byFilter = new Map()));
  const key = JSON.stringify([f.rule, f.severity, f.state, f.level]);
  let rows = byFilter.get(key);
  if (!rows) byFilter.set(key, (rows = gapRowsNow(ev, f)));
  return rows;
}

function gapRowsNow(ev: Evaluation, f: GapFilter): GapRow[] {
  const rows: GapRow[] = [];
  const keep = (r: RuleResult) =>
    (r.state === 'gap' || r.state === 'due_soon') &&
    (!f.state || r.state === f.state) &&
    (!f.rule || r.rule === f.rule) &&
    (!f.severity || r.severity === f.severity);
  for (const s of ev.systems) {
    if (f.level === 'none' ? s.system.level !== null : f.level && String(s.system.level) !== f.level) continue;
    for (const r of s.results) if (keep(r)) rows.push({ result: r, system: s.system, organisation: null });
  }
  if (!f.level) for (const o of ev.organisations) for (const r of o.results) if (keep(r)) rows.push({ result: r, system: null, organisation: o.organisation });
  const sev = (r: RuleResult) => (r.severity ? SEVERITY_ORDER.indexOf(r.severity as Severity) : 9);
  return rows.sort(
    (a, b) =>
      (a.result.state === 'gap' ? 0 : 1) - (b.result.state === 'gap' ? 0 : 1) ||
      sev(a.result) - sev(b.result) ||
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
  worstSystems: Array<{ system: GapRow['system']; critical: number; gaps: number }>;
  dueNext: GapRow[];
  levelChart: Array<{ level: string; ok: number; due_soon: number; gap: number; critical: number }>;
  totalGaps: number;
  totalDueSoon: number;
}

// an Evaluation is immutable and reused until the next write (evaluateScopeCached): so is its summary
const summaries = new WeakMap<Evaluation, Map<number, GapSummary>>();

export function summarise(ev: Evaluation, dueWithinDays: number): GapSummary {
  let byWindow = summaries.get(ev);
  if (!byWindow) summaries.set(ev, (byWindow = new Map()));
  let s = byWindow.get(dueWithinDays);
  if (!s) byWindow.set(dueWithinDays, (s = summariseNow(ev, dueWithinDays)));
  return s;
}

function summariseNow(ev: Evaluation, dueWithinDays: number): GapSummary {
  const rows = gapRows(ev);
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 } as Record<Severity, number>;
  const byRule = new Map<string, { rule: string; gap: number; dueSoon: number }>();
  for (const { result: r } of rows) {
    if (r.state === 'gap' && r.severity) bySeverity[r.severity as Severity] += 1;
    const e = byRule.get(r.rule) ?? { rule: r.rule, gap: 0, dueSoon: 0 };
    if (r.state === 'gap') e.gap += 1;
    else e.dueSoon += 1;
    byRule.set(r.rule, e);
  }
  const horizon = new Date(Date.parse(`${ev.asOf}T00:00:00Z`) + dueWithinDays * 86_400_000).toISOString().slice(0, 10);
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
    dueNext: rows.filter((r) => r.result.state === 'due_soon' && r.result.dueDate !== null && r.result.dueDate <= horizon).slice(0, 15),
    levelChart,
    totalGaps: rows.filter((r) => r.result.state === 'gap').length,
    totalDueSoon: rows.filter((r) => r.result.state === 'due_soon').length,
  };
}

export function evaluate(db: Db, actor: Actor, asOf: string, cfg: EngineConfig, orgIds?: readonly number[]): Evaluation {
  return evaluateScopeCached(db, actor, { asOf, ...(orgIds ? { orgIds } : {}) }, cfg);
}

/** Where a gap can be fixed. */
export function fixUrl(row: GapRow): string {
  const r = row.result;
  if (row.organisation) return r.fix === 'readiness' ? `/readiness?org=${row.organisation.id}` : `/organisations/${row.organisation.id}`;
  const id = row.system!.id;
  switch (r.fix) {
    case 'level': return `/systems/${id}#level`;
    case 'protection': return `/systems/${id}/protection`;
    case 'assessments': return `/systems/${id}/assessments`;
    case 'operators': return `/systems/${id}#operators`;
    case 'readiness': return `/readiness?system=${id}`;
    case 'checklist': return `/systems/${id}/checklist`;
    case 'organisation': return `/organisations/${row.system!.operatorId}`;
    default: return `/systems/${id}/edit`;
  }
}
