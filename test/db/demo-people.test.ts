// The demo's people data produces the states it is meant to show, as of 24/11/2026: judged with the
// domain functions (evaluatePeople, drillRule, budgetRule) on what the seed wrote, read back the way the
// app reads it, not with the data's own comments.
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import {
  budgets,
  certificates,
  drills,
  knowledgeUpdates,
  levelDecisions,
  operatorAssignments,
  operators,
  organisations,
  systems,
} from '../../src/db/schema/index.js';
import type { Organisation } from '../../src/db/schema/organisations.js';
import type { SystemRow } from '../../src/db/schema/systems.js';
import { assignmentActive, certificateValid, evaluatePeople, type PersonFacts, type RuleResult } from '../../src/domain/people.js';
import { budgetRule, drillRule, type ReadinessResult } from '../../src/domain/readiness.js';
import { fold } from '../../src/i18n/format.js';
import { seedDemo } from '../../seeds/demo.js';

const AS_OF = '2026-11-24';

describe('demo people data', () => {
  let db: Db;
  let counts: Awaited<ReturnType<typeof seedDemo>>;
  let sys: SystemRow[];
  let orgs: Organisation[];
  const hr = new Map<string, RuleResult[]>();
  let level = new Map<string, number | null>();

  beforeAll(async () => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
    counts = await seedDemo(db);
    sys = db.select().from(systems).all();
    orgs = db.select().from(organisations).all();

    // the approved level, as the app reads it (latest approval; none for a decommissioned system)
    const decisions = db.select().from(levelDecisions).all();
    level = new Map(
      sys.map((s) => {
        const latest = decisions
          .filter((d) => d.systemId === s.id && d.dossierStatus === 'approved')
          .sort((a, b) => (b.approvalDate ?? '').localeCompare(a.approvalDate ?? '') || b.id - a.id)[0];
        return [s.code, s.lifecycleStatus === 'decommissioned' ? null : (latest?.proposedLevel ?? null)];
      }),
    );

    const people = db.select().from(operators).all();
    const certs = db.select().from(certificates).all();
    const updates = db.select().from(knowledgeUpdates).all();
    const assignments = db.select().from(operatorAssignments).all();
    for (const s of sys) {
      const facts: PersonFacts[] = assignments
        .filter((a) => a.systemId === s.id)
        .map((a) => ({
          operatorId: a.operatorId,
          fullName: people.find((p) => p.id === a.operatorId)?.fullName ?? '?',
          assignment: { role: a.role, fromDate: a.fromDate, toDate: a.toDate },
          certificates: certs.filter((c) => c.operatorId === a.operatorId),
          updates: updates.filter((u) => u.operatorId === a.operatorId),
        }));
      hr.set(s.code, evaluatePeople(level.get(s.code) ?? null, facts, AS_OF));
    }
  }, 60_000);

  const systemId = (code: string): number => sys.find((s) => s.code === code)?.id ?? -1;
  const orgId = (code: string): number => orgs.find((o) => o.code === code)?.id ?? -1;

  const rule = (code: string, id: 'HR-01' | 'HR-02' | 'HR-03'): RuleResult => {
    const r = hr.get(code)?.find((x) => x.rule === id);
    if (!r) throw new Error(`no ${id} for ${code}`);
    return r;
  };
  /** Level 3–5 systems not decommissioned: the ones the roster lists. */
  const high = (): string[] => sys.filter((s) => (level.get(s.code) ?? 0) >= 3).map((s) => s.code).sort();
  const where = (id: 'HR-01' | 'HR-02' | 'HR-03', state: string): string[] => high().filter((c) => rule(c, id).state === state);

  /** Active people of a system as of AS_OF, with their certificates. */
  function activePeople(code: string) {
    const id = systemId(code);
    const ops = db.select().from(operatorAssignments).all().filter((a) => a.systemId === id && assignmentActive(a, AS_OF));
    const certs = db.select().from(certificates).all();
    return ops.map((a) => ({ operatorId: a.operatorId, certificates: certs.filter((c) => c.operatorId === a.operatorId) }));
  }

  function orgDrill(code: string): ReadinessResult {
    const dates = db.select().from(drills).all().filter((d) => d.organisationId === orgId(code)).map((d) => d.date);
    return drillRule('organisation', null, dates, AS_OF);
  }
  function systemDrill(code: string): ReadinessResult {
    const dates = db.select().from(drills).all().filter((d) => d.systemId === systemId(code)).map((d) => d.date);
    return drillRule('system', level.get(code) ?? null, dates, AS_OF);
  }
  function orgBudget(code: string): ReadinessResult {
    return budgetRule('organisation', db.select().from(budgets).all().filter((b) => b.organisationId === orgId(code) && b.systemId === null), AS_OF);
  }
  function systemBudget(code: string): ReadinessResult {
    return budgetRule('system', db.select().from(budgets).all().filter((b) => b.systemId === systemId(code)), AS_OF);
  }

  it('reports what it inserted', () => {
    expect(counts.operators).toBe(db.select().from(operators).all().length);
    expect(counts.assignments).toBe(db.select().from(operatorAssignments).all().length);
    expect(counts.certificates).toBe(db.select().from(certificates).all().length);
    expect(counts.knowledgeUpdates).toBe(db.select().from(knowledgeUpdates).all().length);
    expect(counts.drills).toBe(db.select().from(drills).all().length);
    expect(counts.budgets).toBe(db.select().from(budgets).all().length);
    expect(counts.operators).toBeGreaterThanOrEqual(35);
    expect(counts.assignments).toBeGreaterThan(counts.operators);
  });

  it('records people on both sides with search text, contacts and well-formed national IDs', () => {
    const people = db.select().from(operators).all();
    const rootOf = (id: number): string => {
      let o = orgs.find((x) => x.id === id);
      while (o && o.parentId !== null) o = orgs.find((x) => x.id === o?.parentId);
      return o?.code ?? '?';
    };
    expect(people.filter((p) => rootOf(p.organisationId) === 'UBND-BS').length).toBeGreaterThanOrEqual(15);
    expect(people.filter((p) => rootOf(p.organisationId) === 'BHTDLS').length).toBeGreaterThanOrEqual(10);
    for (const p of people) {
      expect(p.searchText).toContain(fold(p.fullName));
      expect(p.email).toMatch(/@(binhson|bhtdls)\.gov\.vn$/);
      if (p.nationalId !== null) expect(p.nationalId).toMatch(/^\d{12}$/);
    }
    expect(people.filter((p) => p.nationalId !== null).length).toBeGreaterThan(5);
    const certs = db.select().from(certificates).all();
    for (const kind of ['national_in_depth', 'international', 'other'] as const) expect(certs.some((c) => c.kind === kind)).toBe(true);
    for (const status of ['valid', 'suspended', 'revoked'] as const) expect(certs.some((c) => c.status === status)).toBe(true);
    for (const c of certs.filter((x) => x.status !== 'valid')) {
      expect(c.statusDate).not.toBeNull();
      expect(c.statusReason).toBeTruthy();
    }
  });

  it('assigns someone to every level 3–5 system in operation except BS-HTTT-026', () => {
    const unstaffed = high().filter((c) => sys.find((s) => s.code === c)?.lifecycleStatus === 'in_operation' && activePeople(c).length === 0);
    expect(unstaffed).toEqual(['BS-HTTT-026']);
  });

  it('HR-01: gaps exactly on BS-HTTT-019, BS-HTTT-021, BS-HTTT-026; met on at least 10 systems', () => {
    expect(where('HR-01', 'gap')).toEqual(['BS-HTTT-019', 'BS-HTTT-021', 'BS-HTTT-026']);
    expect(where('HR-01', 'ok').length).toBeGreaterThanOrEqual(10);
  });

  it('HR-01 BS-HTTT-021 (level 4): the only certified operator was revoked last week', () => {
    expect(level.get('BS-HTTT-021')).toBe(4);
    expect(rule('BS-HTTT-021', 'HR-01')).toMatchObject({ state: 'gap', detail: 'op.hr01.noCertified' });
    const inDepth = activePeople('BS-HTTT-021').flatMap((p) => p.certificates.filter((c) => c.kind === 'national_in_depth'));
    expect(inDepth).toHaveLength(1);
    expect(inDepth[0]).toMatchObject({ status: 'revoked' });
    const revokedOn = inDepth[0]?.statusDate ?? '';
    expect(revokedOn >= '2026-11-16' && revokedOn <= AS_OF).toBe(true);
    // a week ago it still counted
    expect(inDepth[0] && certificateValid(inDepth[0], '2026-11-16')).toBe(true);
  });

  it('HR-01 BS-HTTT-019 (level 3): its operators hold only international certificates', () => {
    expect(level.get('BS-HTTT-019')).toBe(3);
    expect(rule('BS-HTTT-019', 'HR-01')).toMatchObject({ state: 'gap', detail: 'op.hr01.noCertified' });
    const people = activePeople('BS-HTTT-019');
    expect(people.length).toBeGreaterThanOrEqual(1);
    for (const p of people) {
      expect(p.certificates.length).toBeGreaterThan(0);
      expect(p.certificates.every((c) => c.kind === 'international' && certificateValid(c, AS_OF))).toBe(true);
    }
  });

  it('HR-01 BS-HTTT-026 (level 3): its only operator left last month', () => {
    expect(level.get('BS-HTTT-026')).toBe(3);
    expect(rule('BS-HTTT-026', 'HR-01')).toMatchObject({ state: 'gap', detail: 'op.hr.noOperators' });
    const ended = db.select().from(operatorAssignments).all().filter((a) => a.systemId === systemId('BS-HTTT-026'));
    expect(ended).toHaveLength(1);
    expect(ended[0]?.toDate?.slice(0, 7)).toBe('2026-10');
  });

  it('HR-02: an expired certificate on BS-HTTT-012, one expiring within 60 days on BHT-HTTT-007', () => {
    expect(where('HR-02', 'gap')).toEqual(['BS-HTTT-012']);
    expect(where('HR-02', 'due_soon')).toEqual(['BHT-HTTT-007']);
    expect(rule('BS-HTTT-012', 'HR-02').dueDate! < AS_OF).toBe(true);
    expect(rule('BS-HTTT-012', 'HR-01').state).toBe('ok');
    const due = rule('BHT-HTTT-007', 'HR-02').dueDate ?? '';
    expect(due > AS_OF && due <= '2027-01-23').toBe(true);
    expect(rule('BHT-HTTT-007', 'HR-01').state).toBe('ok');
  });

  it('HR-03: operators without a knowledge update in 12 months on BS-HTTT-005 and BHT-HTTT-003', () => {
    expect(where('HR-03', 'gap')).toEqual(['BHT-HTTT-003', 'BS-HTTT-005']);
    expect(where('HR-03', 'due_soon')).toEqual(['BHT-HTTT-016']);
    for (const c of ['BS-HTTT-005', 'BHT-HTTT-003']) expect(rule(c, 'HR-01').state).toBe('ok');
  });

  it('leaves plenty of level 3–5 systems fully ok', () => {
    const fullyOk = high().filter((c) => (hr.get(c) ?? []).every((r) => r.state === 'ok'));
    expect(fullyOk.length).toBeGreaterThanOrEqual(10);
  });

  it('DRL-01 organisations: BS-SXD overdue (last drill 10/2025), BS-XTL never; BS-SGDDT due soon; the rest ok', () => {
    const agencies = orgs.filter((o) => o.kind === 'agency');
    const state = (s: string) => agencies.filter((o) => orgDrill(o.code).state === s).map((o) => o.code).sort();
    expect(state('gap')).toEqual(['BS-SXD', 'BS-XTL']);
    expect(state('due_soon')).toEqual(['BS-SGDDT']);
    expect(orgDrill('BS-SXD')).toMatchObject({ detail: 'ready.drl.overdue', params: { last: '2025-10-14' } });
    expect(orgDrill('BS-XTL').detail).toBe('ready.drl.none');
    expect(state('ok').length).toBeGreaterThanOrEqual(15);
    // organisation-level drills in 2026 for most of them
    const drilled2026 = new Set(db.select().from(drills).all().filter((d) => d.systemId === null && d.date.startsWith('2026')).map((d) => d.organisationId));
    expect(drilled2026.size).toBeGreaterThanOrEqual(12);
  });

  it('DRL-01 systems: every level 4–5 system drilled in the last 12 months except BHT-HTTT-008', () => {
    const l45 = sys.filter((s) => (level.get(s.code) ?? 0) >= 4).map((s) => s.code).sort();
    expect(l45.length).toBeGreaterThanOrEqual(8);
    expect(l45.filter((c) => systemDrill(c).state !== 'ok')).toEqual(['BHT-HTTT-008']);
    expect(systemDrill('BHT-HTTT-008')).toMatchObject({ state: 'gap', detail: 'ready.drl.overdue' });
    expect(level.get('BHT-HTTT-008')).toBe(4);
  });

  it('BUD-01: BS-SYT at 6 %, the BS-HTTT-013 project at 8 %; BS-SNNMT at exactly 10 % is ok', () => {
    expect(orgBudget('BS-SYT')).toMatchObject({ state: 'gap', params: { year: '2026', percent: 6 } });
    expect(systemBudget('BS-HTTT-013')).toMatchObject({ state: 'gap', params: { year: '2026', percent: 8 } });
    expect(orgBudget('BS-SNNMT')).toMatchObject({ state: 'ok', params: { year: '2026', percent: 10 } });
    for (const code of ['UBND-BS', 'BHTDLS', 'BS-SKHCN', 'BS-TTCDS', 'BHTDLS-TTDL']) expect(orgBudget(code).state).toBe('ok');
    const rows = db.select().from(budgets).all();
    for (const b of rows) {
      expect(b.securitySpending).toBeLessThanOrEqual(b.itBudget);
      expect(b.itBudget).toBeGreaterThanOrEqual(2_000_000_000);
      expect(b.itBudget).toBeLessThanOrEqual(60_000_000_000);
    }
    expect(new Set(rows.filter((b) => b.systemId === null).map((b) => b.year))).toEqual(new Set([2025, 2026]));
    expect(rows.some((b) => b.systemId !== null)).toBe(true);
  });
});
