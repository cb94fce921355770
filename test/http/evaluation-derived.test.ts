// What the dashboard and the gaps list read of an evaluation is computed without the whole lists (issue 12:
// the dashboard at national scale): the gap numbers are summed from what each entry adds, the due block takes
// the first items and the counts without sorting every duty, and a page of the gaps list comes from its
// first rows. Each must equal what the whole lists say, for each role, for several filters and windows, and
// after writes (the entries a write did not touch keep what they add).
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { users } from '../../src/db/schema/users.js';
import { addDays } from '../../src/domain/dates.js';
import { SEVERITIES } from '../../src/domain/severity.js';
import { todayIso } from '../../src/i18n/format.js';
import { actorFor } from '../../src/modules/access/index.js';
import { dueCounts, type DueWindow, type GapFilter, type GapRow, type GapSummary } from '../../src/modules/evaluation/index.js';
import { systemState } from '../../src/modules/evaluation/index.js';
import type { Evaluation } from '../helpers/evaluation.js';
import { evaluateScope, evaluateScopeCached } from '../helpers/evaluation.js';
import { makeDemoApp } from '../helpers/app.js';

/** The gap numbers as the rows define them (the definition before the per-entry sums): the oracle. */
function summaryFromRows(ev: Evaluation, rows: readonly GapRow[]): GapSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as GapSummary['bySeverity'];
  const byRule = new Map<string, { rule: string; gap: number; dueSoon: number }>();
  let totalGaps = 0;
  for (const { result: r } of rows) {
    const e = byRule.get(r.rule) ?? { rule: r.rule, gap: 0, dueSoon: 0 };
    if (r.state === 'gap') {
      totalGaps += 1;
      e.gap += 1;
      if (r.severity) bySeverity[r.severity] += 1;
    } else e.dueSoon += 1;
    byRule.set(r.rule, e);
  }
  const levelChart = ['1', '2', '3', '4', '5', 'none'].map((level) => ({ level, ok: 0, due_soon: 0, gap: 0, critical: 0 }));
  for (const s of ev.systems) levelChart.find((l) => l.level === String(s.system.level ?? 'none'))![systemState(s.results)] += 1;
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

let db: Db;
const today = todayIso();
const WINDOWS: DueWindow[] = [
  { from: today, to: addDays(today, 90) },
  { from: today, to: addDays(today, 6) },
  { from: addDays(today, 7), to: addDays(today, 30) },
  { from: today, to: addDays(today, 365), kinds: ['certificate', 'contract'] },
];
const FILTERS: GapFilter[] = [{}, { state: 'gap' }, { severity: 'high' }, { level: '3' }, { rule: 'ASM-01' }, { q: 'cong' }];
const ROLES = ['admin', 'owner', 'viewer', 'auditor', 'admin.bo'];
const actor = (username: string) => actorFor(db, db.select().from(users).where(eq(users.username, username)).get()!);

/** Every derived figure of the kept evaluation equals the whole lists' of a fresh one. */
function expectDerivedAgree(username: string): void {
  const a = actor(username);
  const kept = evaluateScopeCached(db, a, { asOf: today });
  const fresh = evaluateScope(db, a, { asOf: today });
  expect(kept.gapSummary(), username).toEqual(summaryFromRows(fresh, fresh.gapRows()));
  for (const f of FILTERS) {
    const all = fresh.gapRows(f);
    for (const k of [0, 1, 50, 100, all.length + 1]) expect(kept.gapHead(f, k), `${username} ${JSON.stringify(f)} ${k}`).toEqual({ rows: all.slice(0, k), total: all.length });
  }
  for (const w of WINDOWS) {
    const all = fresh.due(w);
    for (const n of [0, 1, 15, all.length + 1]) {
      const head = kept.dueHead(w, n);
      expect(head.items, `${username} ${JSON.stringify(w)} ${n}`).toEqual(all.slice(0, n));
      expect(head.counts).toEqual(dueCounts(all));
    }
    expect(kept.due(w)).toEqual(all);
    expect(kept.dueCounts(w)).toEqual(dueCounts(all));
  }
}

beforeAll(async () => {
  ({ db } = await makeDemoApp());
});

describe('the dashboard figures without the whole lists', () => {
  it('equal the whole lists for every role of the demo', () => {
    expect(evaluateScope(db, actor('admin'), { asOf: today }).due(WINDOWS[0]!).length).toBeGreaterThan(15);
    for (const u of ROLES) expectDerivedAgree(u);
  });

  it('still equal them after writes, where most entries keep what they added', () => {
    for (const u of ROLES) evaluateScopeCached(db, actor(u), { asOf: today }).gapSummary();
    const ids = db.$client.prepare<[], number>('SELECT id FROM systems ORDER BY id').pluck().all();
    // a certificate, a monitoring contract and a level decision changed as a tool would, past the services
    db.$client.prepare(`UPDATE certificates SET expiry_date = ? WHERE id = (SELECT min(id) FROM certificates)`).run(addDays(today, 3));
    db.$client.prepare(`UPDATE layer2_monitoring SET end_date = ? WHERE system_id = ?`).run(addDays(today, -2), ids[1]);
    db.$client.prepare(`UPDATE systems SET decommissioned_at = ? WHERE id = ?`).run(addDays(today, -1), ids[2]);
    for (const u of ROLES) expectDerivedAgree(u);
  });

});
