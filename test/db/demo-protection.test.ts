// The demo's protection data produces the states it is meant to show, as of 24/11/2026: judged with the
// domain functions (cadence, layer statuses, independence), not with the data's own comments.
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import {
  assessments,
  engagements,
  findings,
  layer1Designations,
  layer2Monitoring,
  layer4Connections,
  levelDecisions,
  organisations,
  systems,
} from '../../src/db/schema/index.js';
import type { EngagementRow, Layer1Row, Layer2Row, Layer4Row } from '../../src/db/schema/protection.js';
import type { Organisation } from '../../src/db/schema/organisations.js';
import type { SystemRow } from '../../src/db/schema/systems.js';
import type { LevelPeriod } from '../../src/domain/cadence.js';
import { judgeSystem, type RuleResult } from '../../src/domain/rules/index.js';
import { loadFacts } from '../../src/modules/evaluation/facts.repository.js';
import { layer1Status, layer2Status, layer3Status, layer4Status } from '../../src/domain/protection.js';
import { seedDemo } from '../../seeds/demo.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';

const AS_OF = '2026-11-24';

describe('demo protection data', () => {
  let db: Db;
  let counts: Awaited<ReturnType<typeof seedDemo>>;
  let sys: SystemRow[];
  let orgByCode: Map<string, Organisation>;

  beforeAll(async () => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
    counts = await seedDemo(db);
    sys = db.select().from(systems).all();
    const orgs = db.select().from(organisations).all();
    orgByCode = new Map(orgs.map((o) => [o.code, o]));
    judged = new Map(loadFacts(db, {}, AS_OF, () => false).systems.map((f) => [f.code, judgeSystem(f, AS_OF).results]));
  }, 60_000);

  const codeOf = (id: number): string => sys.find((s) => s.id === id)?.code ?? `#${id}`;

  /** Approved decisions of a system, as level periods, and the latest one's level and regime (as the app reads them). */
  function approved(systemId: number): { periods: LevelPeriod[]; level: number | null; regime: 'nd331' | 'nd85' } {
    const rows = db
      .select()
      .from(levelDecisions)
      .all()
      .filter((d) => d.systemId === systemId && d.dossierStatus === 'approved' && d.approvalDate !== null);
    const latest = [...rows].sort((a, b) => (b.approvalDate ?? '').localeCompare(a.approvalDate ?? '') || b.id - a.id)[0];
    return {
      periods: rows.map((d) => ({ level: d.proposedLevel, from: d.approvalDate ?? '' })),
      level: latest?.proposedLevel ?? null,
      regime: latest?.regime ?? 'nd331',
    };
  }

  /** The records in force, picked as the protection page picks them. */
  function current(systemId: number) {
    const byStart = <T extends { startDate: string | null; id: number }>(a: T, b: T) =>
      (b.startDate ?? '').localeCompare(a.startDate ?? '') || b.id - a.id;
    const l1 = db.select().from(layer1Designations).all().filter((r) => r.systemId === systemId)
      .sort((a, b) => b.decisionDate.localeCompare(a.decisionDate) || b.id - a.id)[0] as Layer1Row | undefined;
    const l2 = db.select().from(layer2Monitoring).all().filter((r) => r.systemId === systemId).sort(byStart)[0] as Layer2Row | undefined;
    const l3 = db.select().from(engagements).all().filter((r) => r.systemId === systemId && r.revokedAt === null).sort(byStart)[0] as
      | EngagementRow
      | undefined;
    const l4 = db.select().from(layer4Connections).all().filter((r) => r.systemId === systemId).sort((a, b) => b.id - a.id)[0] as
      | Layer4Row
      | undefined;
    return { l1, l2, l3, l4 };
  }

  /** What the rule engine says of each system as of AS_OF (the same facts and functions as every page). */
  let judged: Map<string, RuleResult[]>;
  const resultsOf = (code: string) => judged.get(code) ?? [];
  const flagged = (rule: string, state: 'gap' | 'due_soon') =>
    [...judged].filter(([, rs]) => rs.some((r) => r.rule === rule && r.state === state)).map(([code]) => code).sort();

  const codesWhere = (pred: (s: SystemRow) => boolean): string[] => sys.filter(pred).map((s) => s.code).sort();

  it('is described as of the same day', () => {
    expect(DEMO_TODAY).toBe(AS_OF);
  });

  it('reports what it inserted', () => {
    expect(counts.layer1).toBe(db.select().from(layer1Designations).all().length);
    expect(counts.layer2).toBe(db.select().from(layer2Monitoring).all().length);
    expect(counts.engagements).toBe(db.select().from(engagements).all().length);
    expect(counts.layer4).toBe(db.select().from(layer4Connections).all().length);
    expect(counts.assessments).toBe(db.select().from(assessments).all().length);
    expect(counts.findings).toBe(db.select().from(findings).all().length);
    expect(counts.providers).toBe([...orgByCode.values()].filter((o) => o.kind === 'provider').length);
    expect(counts.assessments).toBeGreaterThanOrEqual(30);
    expect(counts.findings).toBeGreaterThanOrEqual(30);
  });

  it('gives every provider a tax code and licence; one licence expires within 90 days, one has expired', () => {
    const providers = [...orgByCode.values()].filter((o) => o.kind === 'provider');
    for (const p of providers) {
      expect(p.taxCode).toMatch(/^\d{10}$/);
      expect(p.licenceNumber).toMatch(/\/GP-CATTT$/);
      expect(Array.isArray(p.licensedServices) && p.licensedServices.length > 0).toBe(true);
    }
    const expires = providers.map((p) => p.licenceExpires ?? '');
    expect(expires.filter((d) => d < AS_OF)).toHaveLength(1);
    expect(expires.filter((d) => d >= AS_OF && d <= '2027-02-22')).toHaveLength(1);
    expect(orgByCode.get('NCC-SAOVIET')?.licensedServices).toContain('monitoring');
    expect(orgByCode.get('NCC-TRUONGAN')?.licensedServices).toContain('assessment');
  });

  it('puts most level 3–5 systems in operation under all four layers', () => {
    const high = sys.filter((s) => s.lifecycleStatus === 'in_operation' && (approved(s.id).level ?? 0) >= 3);
    const complete = high.filter((s) => {
      const c = current(s.id);
      return (
        layer1Status(c.l1 ?? null) === 'in_place' &&
        layer2Status(c.l2 ?? null, AS_OF) === 'in_place' &&
        layer3Status(c.l3 ?? null, AS_OF) === 'in_place' &&
        layer4Status(c.l4 ?? null) === 'in_place'
      );
    });
    expect(high.length).toBeGreaterThanOrEqual(18);
    expect(complete.length / high.length).toBeGreaterThan(0.5);
  });

  it('has the deliberate layer gaps (L4-1, L4-2 expired in 2025, L4-3, L4-4 at level 4)', () => {
    const status = (code: string) => {
      const s = sys.find((x) => x.code === code);
      if (!s) throw new Error(code);
      const c = current(s.id);
      return {
        level: approved(s.id).level,
        l1: layer1Status(c.l1 ?? null),
        l2: layer2Status(c.l2 ?? null, AS_OF),
        l2End: c.l2?.endDate ?? null,
        l3: layer3Status(c.l3 ?? null, AS_OF),
        l4: layer4Status(c.l4 ?? null),
        l4Raw: c.l4?.status ?? null,
      };
    };
    expect(status('BS-HTTT-026')).toMatchObject({ level: 3, l1: 'missing' });
    for (const code of ['BS-HTTT-019', 'BHT-HTTT-012']) {
      const st = status(code);
      expect(st.l2).toBe('expired');
      expect(st.l2End?.startsWith('2025-')).toBe(true);
    }
    expect(status('BS-HTTT-023').l3).toBe('missing');
    expect(status('BS-HTTT-035').l3).toBe('missing');
    expect(status('BHT-HTTT-008')).toMatchObject({ level: 4, l4: 'missing', l4Raw: 'not_connected' });

    // at least one expired layer 2 over all systems in operation
    const expired = codesWhere((s) => s.lifecycleStatus === 'in_operation' && layer2Status(current(s.id).l2 ?? null, AS_OF) === 'expired');
    expect(expired.length).toBeGreaterThanOrEqual(1);
  });

  it('has ASM-03, ASM-04 and ASM-05 issues over the engaged assessors and the assessments of the last year', () => {
    const reason = (code: string, rule: string) => resultsOf(code).find((r) => r.rule === rule)?.messageKey.split('.').pop();
    expect(flagged('ASM-03', 'gap')).toEqual(['BHT-HTTT-007', 'BS-HTTT-009', 'BS-HTTT-012', 'BS-HTTT-053']);
    expect(reason('BHT-HTTT-007', 'ASM-03')).toBe('sister_of_monitoring');
    expect(reason('BS-HTTT-053', 'ASM-03')).toBe('sister_of_monitoring'); // a grand-subsidiary of the group (§5.1.3)
    expect(reason('BS-HTTT-012', 'ASM-03')).toBe('same_as_monitoring');
    // docs/rules.md §5, self-monitoring: monitored by its own operator, assessed by it
    expect(reason('BS-HTTT-009', 'ASM-03')).toBe('self_monitoring');
    expect(flagged('ASM-04', 'gap')).toEqual(['BS-HTTT-009']);
    expect(flagged('ASM-05', 'gap')).toEqual(['BHT-HTTT-001']);
  });

  it('has level 3–4 systems with ASM-01 gap and due_soon; assessments that are not independent do not count', () => {
    // BHT-HTTT-007 and BS-HTTT-012 were assessed in the last cycle, by their monitoring provider's group: the cycle is missed (§5.1.2)
    // BHT-HTTT-019 missed its 2025 cycle at level 4 and is level 5 since: the gap stays (§5.1.1)
    expect(flagged('ASM-01', 'gap')).toEqual(['BHT-HTTT-007', 'BHT-HTTT-012', 'BHT-HTTT-019', 'BS-HTTT-012', 'BS-HTTT-019', 'BS-HTTT-023', 'BS-HTTT-035']);
    // BS-HTTT-053's only assessment this cycle is by a company of its monitoring provider's group: it does not count
    expect(flagged('ASM-01', 'due_soon')).toEqual(['BHT-HTTT-016', 'BS-HTTT-009', 'BS-HTTT-020', 'BS-HTTT-026', 'BS-HTTT-053']);
    for (const code of flagged('ASM-01', 'gap')) expect(resultsOf(code).find((r) => r.rule === 'ASM-01')?.dueDate).toBe('2025-12-14');
    expect([...judged.values()].filter((rs) => rs.some((r) => r.rule === 'ASM-01' && r.state === 'ok')).length).toBeGreaterThanOrEqual(7);
  });

  it('has level-5 systems due soon for ASM-02 (one because its in-house assessments do not count) and one missed since its raise', () => {
    expect(flagged('ASM-02', 'due_soon')).toEqual(['BHT-HTTT-001', 'BHT-HTTT-002']);
    // raised to 5 on 12/01/2026, nothing performed in the half-year ending 14/06/2026 (§5.1.1)
    expect(flagged('ASM-02', 'gap')).toEqual(['BHT-HTTT-019']);
  });

  it('names as assessor the organisation engaged on the system at the time', () => {
    const eng = db.select().from(engagements).all();
    const unengaged = db
      .select()
      .from(assessments)
      .all()
      .filter((a) => {
        const on = a.performedDate ?? a.plannedDate ?? '';
        return !eng.some(
          (e) =>
            e.systemId === a.systemId &&
            e.assessorId === a.assessorId &&
            (e.startDate ?? '') <= on &&
            (e.endDate === null || on <= e.endDate) &&
            (e.revokedAt === null || on < e.revokedAt),
        );
      })
      .map((a) => `${codeOf(a.systemId)} ${a.kind}`);
    expect(unengaged).toEqual(['BS-HTTT-002 ad_hoc']);
  });

  it('keeps assessments and findings consistent the way the forms require', () => {
    const all = db.select().from(assessments).all();
    for (const a of all) {
      expect(a.performedDate === null).toBe(a.result === null);
      if (a.performedDate !== null) expect(a.performedDate <= AS_OF).toBe(true);
      if (a.reportedDate !== null) expect(a.performedDate !== null && a.reportedDate >= a.performedDate && a.reportedDate <= AS_OF).toBe(true);
      if (a.testBox !== null) expect(a.scopeScanning || a.scopePentest).toBe(true);
      expect(a.fileName).toBeNull();
    }
    const byId = new Map(all.map((a) => [a.id, a]));
    const fs = db.select().from(findings).all();
    for (const f of fs) {
      const a = byId.get(f.assessmentId);
      expect(a?.performedDate).not.toBeNull();
      expect(a?.systemId).toBe(f.systemId);
      const closed = f.status === 'fixed' || f.status === 'accepted';
      expect(f.closedDate !== null).toBe(closed);
      if (closed) expect((f.closedDate ?? '') >= (a?.performedDate ?? '') && (f.closedDate ?? '') <= AS_OF).toBe(true);
      expect(f.acceptedReason !== null).toBe(f.status === 'accepted');
      expect(f.dueDate).not.toBeNull();
    }
    expect(new Set(fs.map((f) => f.severity))).toEqual(new Set(['critical', 'high', 'medium', 'low']));
    expect(new Set(fs.map((f) => f.status))).toEqual(new Set(['open', 'in_progress', 'fixed', 'accepted']));
    expect(new Set(all.map((a) => a.kind))).toEqual(new Set(['periodic', 'ad_hoc', 'pre_operation']));
    expect(new Set(all.map((a) => a.result).filter((r) => r !== null))).toEqual(new Set(['passed', 'passed_with_findings', 'failed']));
  });

  it('has open findings past their due date (ASM-06), a critical one among them, and some due next month', () => {
    const fs = db.select().from(findings).all();
    const open = fs.filter((f) => f.status === 'open' || f.status === 'in_progress');
    const overdue = open.filter((f) => f.dueDate !== null && f.dueDate < AS_OF);
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(overdue.some((f) => f.severity === 'critical' && f.dueDate === '2026-09-30' && codeOf(f.systemId) === 'BS-HTTT-001')).toBe(true);
    expect(open.filter((f) => f.dueDate?.startsWith('2026-12-')).length).toBeGreaterThanOrEqual(3);
  });

  it('engages the demo auditor’s company, NCC-TRUONGAN, on 8–15 systems (not revoked)', () => {
    const truongAn = orgByCode.get('NCC-TRUONGAN')?.id;
    const engaged = new Set(
      db.select().from(engagements).all().filter((e) => e.assessorId === truongAn && e.revokedAt === null).map((e) => e.systemId),
    );
    expect(engaged.size).toBeGreaterThanOrEqual(8);
    expect(engaged.size).toBeLessThanOrEqual(15);
  });
});
