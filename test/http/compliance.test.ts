// The one evaluation (compliance.service): who sees which systems and organisations, a subtree adds up
// to its parts, the queries do not grow with the number of systems, and 20 000 systems evaluate in one pass.
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { findings, assessments } from '../../src/db/schema/assessments.js';
import { annualReports, checklistAnswers, selfInspectionNotices } from '../../src/db/schema/compliance.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { budgets, certificates, drills, knowledgeUpdates, operatorAssignments, operators } from '../../src/db/schema/people.js';
import { engagements, layer1Designations, layer2Monitoring, layer4Connections } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { applicableItems } from '../../src/domain/catalog/index.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { RULE_IDS, summarise, type RuleResult } from '../../src/domain/rules/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import {
  engineConfig, evaluateOrganisationFor, evaluateScope, evaluateSystemFor, type Evaluation,
} from '../helpers/evaluation.js';
import { makeApp, testConfig, type Fixture, countStatements } from '../helpers/app.js';
import { subtreeIds } from '../../src/modules/access/index.js';

const AS_OF = '2026-11-24';
let db: Db;
let fx: Fixture;
const sys: Record<string, number> = {};

const actor = (username: string) => actorFor(db, db.select().from(users).where(eq(users.username, username)).get()!);
const all = (ev: Evaluation): RuleResult[] => [...ev.systems.flatMap((s) => s.results), ...ev.organisations.flatMap((o) => o.results)];
const codes = (ev: Evaluation) => ev.systems.map((s) => s.system.code).sort();

// ---- data, written straight to the tables ----

function addSystem(code: string, ownerId: number, operatorId: number, o: { level?: number | null; status?: 'in_operation' | 'planned'; goLive?: string | null } = {}): number {
  const id = db
    .insert(systems)
    .values({
      code, nameVi: `Hệ thống ${code}`, ownerId, operatorId, systemType: 'public_service',
      lifecycleStatus: o.status ?? 'in_operation', goLiveDate: o.goLive === undefined ? '2024-03-01' : o.goLive,
    })
    .returning()
    .get().id;
  const level = o.level === undefined ? 3 : o.level;
  if (level !== null) {
    db.insert(levelDecisions)
      .values({
        systemId: id, regime: 'nd331', answers: {}, computedLevel: 1, proposedLevel: level, proposalReason: 'Theo yêu cầu của chủ quản',
        dossierStatus: 'approved', appraisalBody: 'Sở Thông tin và Truyền thông', appraisalDate: '2024-01-10',
        approvalNumber: `${code}/QĐ`, approvalDate: '2024-01-20', approvingBody: 'UBND tỉnh', regulationNumber: `${code}/QC`, regulationDate: '2024-01-15',
      })
      .run();
  }
  return id;
}

/** Everything a system can have, so that every table is read. */
function furnish(systemId: number, operatorOrg: number): void {
  db.insert(layer1Designations).values({ systemId, securityUnitId: operatorOrg, decisionNumber: '01/QĐ', decisionDate: '2024-01-05' }).run();
  db.insert(layer2Monitoring).values({ systemId, mode: 'provider', providerId: fx.org.monitor, contractNumber: 'GS-01', startDate: '2024-01-01', endDate: '2027-12-31' }).run();
  db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider, contractNumber: 'DG-01', startDate: '2024-02-01', endDate: '2027-12-31' }).run();
  db.insert(layer4Connections).values({ systemId, centre: 'provincial', status: 'connected', connectionDate: '2024-02-20' }).run();
  const a = db.insert(assessments).values({ systemId, assessorId: fx.org.provider, kind: 'periodic', performedDate: '2026-05-10' }).returning().get();
  db.insert(findings).values({ assessmentId: a.id, systemId, title: 'Thiếu xác thực hai lớp', severity: 'high', dueDate: '2026-10-31' }).run();
  const op = db.insert(operators).values({ fullName: `Cán bộ ${systemId}`, organisationId: operatorOrg }).returning().get();
  db.insert(operatorAssignments).values({ operatorId: op.id, systemId, role: 'administrator', fromDate: '2024-02-01' }).run();
  db.insert(certificates).values({ operatorId: op.id, kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: `CN-${systemId}`, issuer: 'Bộ Công an', issueDate: '2025-01-01', expiryDate: '2028-01-01' }).run();
  db.insert(knowledgeUpdates).values({ operatorId: op.id, date: '2026-03-01', programme: 'Cập nhật kiến thức', hours: 8 }).run();
  db.insert(drills).values({ organisationId: operatorOrg, systemId, date: '2026-04-01', kind: 'tabletop', scenario: 'Mã độc tống tiền' }).run();
  db.insert(budgets).values({ organisationId: operatorOrg, systemId, year: 2026, itBudget: 1000, securitySpending: 80 }).run();
  db.insert(selfInspectionNotices).values({ systemId, year: 2026, sentDate: '2026-09-01' }).run();
  db.insert(checklistAnswers).values({ systemId, catalogue: 'tcvn-14423-2026', itemId: applicableItems('nd331', 3)[0]!.id, status: 'met' }).run();
}

beforeEach(async () => {
  ({ db, fx } = await makeApp());
  sys.A1 = addSystem('A1', fx.org.deptA1, fx.org.deptA1);
  sys.A2 = addSystem('A2', fx.org.deptA2, fx.org.deptA2, { level: 2 });
  sys.A21 = addSystem('A21', fx.org.deptA2, fx.org.unitA21);
  sys.APLAN = addSystem('A-PLAN', fx.org.deptA1, fx.org.deptA1, { level: null, status: 'planned', goLive: null });
  sys.B = addSystem('B1', fx.org.provB, fx.org.provB);
  furnish(sys.A1, fx.org.deptA1);
  furnish(sys.A21, fx.org.unitA21);
  furnish(sys.B, fx.org.provB);
  db.insert(drills).values({ organisationId: fx.org.deptA2, date: '2026-02-01', kind: 'technical', scenario: 'Tấn công từ chối dịch vụ' }).run();
  db.insert(budgets).values({ organisationId: fx.org.deptA2, year: 2026, itBudget: 1000, securitySpending: 120 }).run();
  db.insert(annualReports).values({ organisationId: fx.org.deptA2, year: 2025, internalDate: '2025-12-18', authorityDate: '2025-12-23' }).run();
});

describe('what each reader is evaluated on', () => {
  it('the province admin: its systems and the organisations that own or operate them, nothing of another province', () => {
    const ev = evaluateScope(db, actor('admin'), { asOf: AS_OF });
    expect(ev.asOf).toBe(AS_OF);
    expect(codes(ev)).toEqual(['A-PLAN', 'A1', 'A2', 'A21']);
    expect(ev.organisations.map((o) => o.organisation.id).sort()).toEqual([fx.org.deptA1, fx.org.deptA2, fx.org.unitA21].sort());
    const a1 = ev.systems.find((s) => s.system.code === 'A1')!;
    expect(a1.system).toMatchObject({ level: 3, regime: 'nd331', ownerId: fx.org.deptA1, lifecycleStatus: 'in_operation' });
    expect(a1.results.map((r) => r.rule)).toEqual(RULE_IDS.filter((id) => id !== 'REP-01'));
    expect(ev.systems.find((s) => s.system.code === 'A-PLAN')!.system.level).toBeNull();
  });

  it('another province sees only its own; naming a foreign organisation reveals nothing', () => {
    expect(codes(evaluateScope(db, actor('adminb'), { asOf: AS_OF }))).toEqual(['B1']);
    const ev = evaluateScope(db, actor('admin'), { asOf: AS_OF, orgIds: [fx.org.provB] });
    expect(ev.systems).toEqual([]);
    expect(ev.organisations).toEqual([]);
    expect(() => evaluateSystemFor(db, actor('admin'), sys.B!, AS_OF)).toThrow(NotFoundError);
    expect(() => evaluateOrganisationFor(db, actor('admin'), fx.org.provB, AS_OF)).toThrow(NotFoundError);
  });

  it('an auditor sees only the systems its organisation is engaged on, and no organisation', () => {
    // the provider is engaged on A1, A21 and B1 (furnish); revoke B1's engagement
    db.update(engagements).set({ revokedAt: '2026-11-01' }).where(eq(engagements.systemId, sys.B!)).run();
    const ev = evaluateScope(db, actor('auditor'), { asOf: AS_OF });
    expect(codes(ev)).toEqual(['A1', 'A21']);
    expect(ev.organisations).toEqual([]);
    expect(() => evaluateSystemFor(db, actor('auditor'), sys.A2!, AS_OF)).toThrow(NotFoundError);
    expect(evaluateSystemFor(db, actor('auditor'), sys.A1!, AS_OF)).toEqual(ev.systems.find((s) => s.system.code === 'A1')!.results);
  });

  it('an owner of a department sees its subtree', () => {
    const ev = evaluateScope(db, actor('owner'), { asOf: AS_OF });
    expect(codes(ev)).toEqual(['A2', 'A21']);
    expect(ev.organisations.map((o) => o.organisation.id).sort()).toEqual([fx.org.deptA2, fx.org.unitA21].sort());
  });
});

describe('the numbers', () => {
  it('a subtree counts the same as the sum of its systems and organisations', () => {
    const admin = actor('admin');
    const sub = evaluateScope(db, admin, { asOf: AS_OF, orgIds: subtreeIds(db, fx.org.deptA2) });
    expect(codes(sub)).toEqual(['A2', 'A21']);
    const parts = [
      ...evaluateSystemFor(db, admin, sys.A2!, AS_OF),
      ...evaluateSystemFor(db, admin, sys.A21!, AS_OF),
      ...evaluateOrganisationFor(db, admin, fx.org.deptA2, AS_OF),
      ...evaluateOrganisationFor(db, admin, fx.org.unitA21, AS_OF),
    ];
    expect(summarise(all(sub))).toEqual(summarise(parts));
    // … and the same systems give the same results inside the whole province
    const whole = evaluateScope(db, admin, { asOf: AS_OF });
    for (const s of sub.systems) expect(whole.systems.find((w) => w.system.id === s.system.id)!.results).toEqual(s.results);
  });

  it('reads the facts the rules need from every table', () => {
    const ev = evaluateScope(db, actor('admin'), { asOf: AS_OF });
    const a1 = new Map(ev.systems.find((s) => s.system.code === 'A1')!.results.map((r) => [r.rule, r]));
    expect(a1.get('L4-2')!.state).toBe('ok');
    expect(a1.get('ASM-01')!.state).toBe('ok'); // assessed 10/05/2026
    expect(a1.get('ASM-06')).toMatchObject({ state: 'gap', severity: 'high', dueDate: '2026-10-31' });
    expect(a1.get('HR-01')!.state).toBe('ok');
    expect(a1.get('BUD-01')!.state).toBe('gap'); // 8 %
    expect(a1.get('CHK-01')).toMatchObject({ state: 'gap', params: { met: 1 } });
    expect(a1.get('ASM-03')!.state).toBe('ok'); // one company monitors, another assesses
    const dept = new Map(ev.organisations.find((o) => o.organisation.id === fx.org.deptA2)!.results.map((r) => [r.rule, r]));
    expect(dept.get('REP-01')!.state).toBe('due_soon'); // 24 Nov: this year's report is due by 20 Dec (docs/rules.md §5 (due-soon windows))
    expect(dept.get('BUD-01')!.state).toBe('ok');
    expect(dept.get('DRL-01')!.state).toBe('ok');
    // an organisation's page gives the same as the scope
    expect(evaluateOrganisationFor(db, actor('admin'), fx.org.deptA2, AS_OF)).toEqual([...dept.values()]);
  });

  it('evaluates as of any date', () => {
    const before = evaluateSystemFor(db, actor('admin'), sys.A1!, '2023-12-31');
    // before the approval on 20/01/2024 the system had no level; before go-live it was not in operation
    expect(before.find((r) => r.rule === 'LVL-01')!.state).toBe('n/a');
    expect(before.find((r) => r.rule === 'CHK-01')!.state).toBe('n/a');
  });

  it('takes the overlay switch and the due-soon window from the configuration', () => {
    const off = evaluateScope(db, actor('admin'), { asOf: AS_OF }, engineConfig({ ...testConfig({ CT14_OVERLAY: 'false' }) }));
    const l4 = off.systems.flatMap((s) => s.results).filter((r) => r.rule.startsWith('L4-'));
    expect(l4.length).toBeGreaterThan(0);
    expect(l4.every((r) => r.messageKey === 'rule.na.overlayOff')).toBe(true);
    expect(engineConfig(testConfig()).ct14).toBe(true);
    expect(engineConfig(testConfig({ DUE_SOON_DAYS: '45' })).dueSoonDays).toBe(45);
  });
});

// ---- performance ----

const statements = (run: () => unknown) => countStatements(db, run);

describe('the queries', () => {
  it('load each table once, whatever the number of systems (no query per system or per rule)', () => {
    const admin = actor('admin');
    evaluateScope(db, admin, { asOf: AS_OF }); // the connection's first evaluation also makes its catalogue table
    const few = statements(() => evaluateScope(db, admin, { asOf: AS_OF }));
    for (let i = 0; i < 6; i++) {
      const id = addSystem(`A-MORE-${i}`, fx.org.deptA1, i % 2 ? fx.org.deptA1 : fx.org.unitA21);
      furnish(id, i % 2 ? fx.org.deptA1 : fx.org.unitA21);
    }
    let ev: Evaluation | undefined;
    evaluateScope(db, admin, { asOf: AS_OF }); // the organisations are read once per data version
    const more = statements(() => (ev = evaluateScope(db, admin, { asOf: AS_OF })));
    expect(ev!.systems).toHaveLength(10);
    expect(more).toBe(few);
    expect(few).toBeLessThanOrEqual(20); // one per table
  });

  it('evaluates 20 000 systems in one pass of a few queries', () => {
    const client = db.$client;
    const N = 20_000;
    const orgs = [fx.org.deptA1, fx.org.deptA2, fx.org.unitA21];
    client.transaction(() => {
      const sysStmt = client.prepare(
        `INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status, go_live_date, domestic_products_note) VALUES (?, ?, ?, ?, 'public_service', 'in_operation', ?, ?)`,
      );
      const dec = client.prepare(
        `INSERT INTO level_decisions (system_id, regime, answers, computed_level, proposed_level, proposal_reason, dossier_status, appraisal_body, appraisal_date, approval_date, regulation_number, regulation_date)
         VALUES (?, ?, '{"systemType":"public_service","handlesAdministrativeProcedures":true}', 1, ?, 'Theo yêu cầu', 'approved', 'Sở Thông tin và Truyền thông', '2023-01-10', ?, 'QC-1', '2023-01-05')`,
      );
      const l1 = client.prepare(`INSERT INTO layer1_designations (system_id, security_unit_id, decision_number, decision_date) VALUES (?, ?, '01/QĐ', '2023-01-01')`);
      const l2 = client.prepare(`INSERT INTO layer2_monitoring (system_id, mode, provider_id, start_date, end_date) VALUES (?, 'provider', ?, '2023-01-01', ?)`);
      const l3 = client.prepare(`INSERT INTO engagements (system_id, assessor_kind, assessor_id, start_date, end_date) VALUES (?, 'in_house', ?, '2023-01-01', NULL)`);
      const l4 = client.prepare(`INSERT INTO layer4_connections (system_id, centre, status, connection_date) VALUES (?, 'provincial', 'connected', '2023-02-01')`);
      const asm = client.prepare(`INSERT INTO assessments (system_id, assessor_id, kind, performed_date) VALUES (?, ?, 'periodic', ?)`);
      const fnd = client.prepare(`INSERT INTO findings (assessment_id, system_id, title, severity, due_date) VALUES (?, ?, 'Tồn tại', 'medium', ?)`);
      const op = client.prepare(`INSERT INTO operators (full_name, organisation_id) VALUES (?, ?)`);
      const asg = client.prepare(`INSERT INTO operator_assignments (operator_id, system_id, role, from_date) VALUES (?, ?, 'administrator', '2023-01-01')`);
      const cert = client.prepare(`INSERT INTO certificates (operator_id, kind, name, number, issuer, issue_date, expiry_date) VALUES (?, 'national_in_depth', 'CN', ?, 'BCA', '2024-01-01', ?)`);
      const upd = client.prepare(`INSERT INTO knowledge_updates (operator_id, date, programme, hours) VALUES (?, ?, 'Cập nhật', 8)`);
      const ans = client.prepare(`INSERT INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, 'tcvn-14423-2026', ?, ?)`);
      const items = applicableItems('nd331', 3).slice(0, 5);
      for (let i = 0; i < N; i++) {
        const org = orgs[i % 3]!;
        const id = Number(sysStmt.run(`P-${i}`, `Hệ thống thử ${i}`, org, org, `202${i % 5}-0${1 + (i % 9)}-15`, i % 4 ? 'Có' : null).lastInsertRowid);
        dec.run(id, i % 2 ? 'nd331' : 'nd85', 2 + (i % 4), `2022-${String(1 + (i % 12)).padStart(2, '0')}-10`);
        l1.run(id, org);
        l2.run(id, fx.org.provider, `2026-${String(1 + (i % 12)).padStart(2, '0')}-28`);
        l3.run(id, org);
        l4.run(id);
        const a = Number(asm.run(id, fx.org.provider, `202${5 + (i % 2)}-0${1 + (i % 9)}-1${i % 10}`).lastInsertRowid);
        if (i % 5 === 0) fnd.run(a, id, `2026-${String(1 + (i % 12)).padStart(2, '0')}-01`);
        if (i % 4 === 0) {
          const p = Number(op.run(`Cán bộ ${i}`, org).lastInsertRowid);
          asg.run(p, id);
          cert.run(p, `CN-${i}`, `202${7 + (i % 2)}-01-01`);
          upd.run(p, `2026-0${1 + (i % 9)}-01`);
        }
        if (i % 10 === 0) for (const [k, item] of items.entries()) ans.run(id, item.id, k % 2 ? 'met' : 'not_met');
      }
    })();

    const admin = actor('admin');
    evaluateScope(db, admin, { asOf: AS_OF }); // warm up
    const t0 = performance.now();
    const ev = evaluateScope(db, admin, { asOf: AS_OF });
    const ms = performance.now() - t0;
    expect(ev.systems.length).toBeGreaterThanOrEqual(N);
    const sum = summarise(all(ev));
    expect(sum.total).toBeGreaterThan(N * 20);
    expect(sum.byState.gap).toBeGreaterThan(0);
    console.info(`evaluateScope: ${ev.systems.length} systems, ${sum.total} results in ${ms.toFixed(0)} ms`);
    // speed is the benchmark's business (timed assertions are flaky on a busy runner); the statement
    // count test above is what catches a query per system
  }, 60_000);
});
