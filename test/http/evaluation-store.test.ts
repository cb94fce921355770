// The evaluation store (src/modules/evaluation/evaluation-store.ts) never goes stale. On the demo province,
// each kind of write the app makes is made through the service that makes it, one after the other, and
// after each one the kept evaluation (evaluateScopeCached, evaluateSystemFor) equals a fresh one
// (evaluateScope): the same systems in the same order with the same results, the same organisations. Each
// write changes what the rules report for what it touched, so a write the store missed would show. Writes
// of a system, a person or an organisation's readiness are applied without a full rebuild; an organisation
// or a provider rebuilds everything; a user changes nothing. Writes made outside the app — raw SQL, a second
// connection in another process, a command-line tool — are seen the same way: SQLite's own triggers write
// the change log the store reads, so nothing ever resets it by hand.
import { and, desc, eq, isNull, lte } from 'drizzle-orm';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { seedDemo } from '../../seeds/demo.js';
import { assessments } from '../../src/db/schema/assessments.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { applicableItems } from '../../src/domain/catalog/index.js';
import { addDays } from '../../src/domain/cadence.js';
import { todayIso } from '../../src/i18n/format.js';
import { findingForm } from '../../src/modules/assessments/assessments.schemas.js';
import { addFinding, updateFinding } from '../../src/modules/assessments/assessments.service.js';
import type { Actor } from '../../src/modules/access/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { authenticate } from '../../src/modules/auth/auth.service.js';
import { basisOf, saveChecklist } from '../../src/modules/checklists/checklists.service.js';
import { engineConfig, evaluateScope, evaluateScopeCached, evaluateSystemFor, type Evaluation } from '../helpers/evaluation.js';
import { storeFor } from '../../src/modules/evaluation/evaluation-store.js';
import { approveForm, appraiseForm, submitForm } from '../../src/modules/levels/levels.schemas.js';
import { createDecision, startingAnswers, stepDecision } from '../../src/modules/levels/levels.service.js';
import { assignmentForm, certificateForm, operatorForm, updateForm } from '../../src/modules/operators/operators.schemas.js';
import {
  addCertificate, addKnowledgeUpdate, assignOperator, createOperator, endAssignment, updateCertificate, updateOperator,
} from '../../src/modules/operators/operators.service.js';
import { organisationForm } from '../../src/modules/organisations/organisations.schemas.js';
import { updateOrganisation } from '../../src/modules/organisations/organisations.service.js';
import { layer2Form, layer3Form, layer4Form } from '../../src/modules/protection/protection.schemas.js';
import { recordEngagement, recordLayer2, recordLayer4, revokeEngagement } from '../../src/modules/protection/protection.service.js';
import { providerForm } from '../../src/modules/providers/providers.schemas.js';
import { updateProvider } from '../../src/modules/providers/providers.service.js';
import { budgetForm, drillForm } from '../../src/modules/readiness/readiness.schemas.js';
import { createDrill, saveBudget, updateDrill } from '../../src/modules/readiness/readiness.service.js';
import { recordAnnualReport, recordNotice } from '../../src/modules/submissions/submissions.service.js';
import { systemForm } from '../../src/modules/systems/systems.schemas.js';
import { createSystem, updateSystem } from '../../src/modules/systems/systems.service.js';
import { updateUser } from '../../src/modules/users/users.service.js';
import { auditEntries, makeDemoApp } from '../helpers/app.js';

/** Fixed for the whole file: the services stamp their writes with today (in Vietnam), and so does the store. */
const asOf = todayIso();
const year = Number(asOf.slice(0, 4));
const CONFIG = engineConfig();

let db: Db;
let admin: Actor;

async function openDemo(): Promise<void> {
  ({ db } = await makeDemoApp());
  admin = actorFor(db, userRow('admin'));
}

// ---- the demo data ----

const userRow = (username: string) => db.select().from(users).where(eq(users.username, username)).get()!;
const orgRow = (code: string) => db.select().from(organisations).where(eq(organisations.code, code)).get()!;
const systemRow = (code: string) => db.select().from(systems).where(eq(systems.code, code)).get()!;

/** A stored row as its edit form would post it back (every value a string), with some fields changed, parsed by the form. */
function edited<T>(form: ZodType<T>, row: object, changes: Record<string, unknown>): T {
  const posted = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : Array.isArray(v) ? v : String(v)]));
  return form.parse({ ...posted, ...changes });
}

// ---- the evaluations compared ----

const fresh = () => evaluateScope(db, admin, { asOf });
const cached = () => evaluateScopeCached(db, admin, { asOf });
const systemEntry = (ev: Evaluation, id: number) => ev.systems.find((e) => e.system.id === id);
const organisationEntry = (ev: Evaluation, id: number) => ev.organisations.find((e) => e.organisation.id === id);

interface Touched {
  systems?: readonly number[];
  organisations?: readonly number[];
}

interface Expected {
  /** the write is one the store cannot place: one full rebuild (else none) */
  rebuild?: boolean;
  /** false: the write changes nothing the rules report for what it touched */
  visible?: boolean;
}

/**
 * Makes one write and compares the kept evaluation with a fresh one after it: each system the write
 * touched one by one first (evaluateSystemFor brings the store up to date by itself), then the whole scope.
 * `touched` may be a function, read after the write (a system it creates).
 */
function write(touched: Touched | (() => Touched), run: () => unknown, expected: Expected = {}): { before: Evaluation; after: Evaluation } {
  const store = storeFor(db, asOf, CONFIG);
  const rebuilds = store.rebuilds;
  const before = fresh();
  expect(cached(), 'kept before the write').toEqual(before);

  run();
  const t = typeof touched === 'function' ? touched() : touched;
  const after = fresh();
  for (const id of t.systems ?? []) {
    const results = systemEntry(after, id)?.results;
    expect(results, `system ${id} is in the scope`).toBeDefined();
    expect(evaluateSystemFor(db, admin, id, asOf), `evaluateSystemFor(${id})`).toEqual(results);
    expect(store.get(id)?.results, `system ${id} in the store`).toEqual(results);
  }
  expect(cached(), 'kept after the write').toEqual(after);
  expect(storeFor(db, asOf, CONFIG), 'the same store').toBe(store);
  expect(store.rebuilds, 'full rebuilds').toBe(rebuilds + (expected.rebuild ? 1 : 0));

  if (expected.visible ?? true) {
    for (const id of t.systems ?? []) expect(systemEntry(after, id), `system ${id} changed`).not.toEqual(systemEntry(before, id));
    for (const id of t.organisations ?? []) expect(organisationEntry(after, id), `organisation ${id} changed`).not.toEqual(organisationEntry(before, id));
  }
  return { before, after };
}

const ruleOf = (ev: Evaluation, systemId: number, rule: string) => systemEntry(ev, systemId)?.results.find((r) => r.rule === rule);

// ---- the writes, one after the other on one database (each step builds on the ones before) ----

describe('the kept evaluation after each kind of write', () => {
  /** the system created in step 2, levelled in step 3 and written to after */
  let created = 0;
  /** a level-3 demo system in operation (Nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh) */
  let lgsp = 0;
  /** an organisation with one system (Ủy ban nhân dân xã Tân Lập) */
  let commune = 0;

  beforeAll(async () => {
    await openDemo();
    lgsp = systemRow('BS-HTTT-005').id;
    commune = orgRow('BS-XTL').id;
    expect(storeFor(db, asOf, CONFIG).rebuilds).toBe(1); // built once; every write below is applied to it
  });

  it('1. a system renamed moves in the name order', () => {
    const row = systemRow('BS-HTTT-006'); // Trung tâm dữ liệu tỉnh Bình Sơn, near the end
    const place = (ev: Evaluation) => ev.systems.findIndex((e) => e.system.id === row.id);
    const { before, after } = write({ systems: [row.id] }, () =>
      updateSystem(db, admin, row.id, edited(systemForm, row, { nameVi: 'An ninh dữ liệu — Trung tâm dữ liệu tỉnh Bình Sơn' })),
    );
    expect(place(after)).toBe(0);
    expect(place(before)).toBeGreaterThan(0);
  });

  it('2. a system created', () => {
    const input = systemForm.parse({
      code: 'BS-HTTT-099', nameVi: 'Hệ thống giám sát an toàn đập thủy lợi tỉnh Bình Sơn',
      ownerId: String(orgRow('UBND-BS').id), operatorId: String(orgRow('BS-TTCDS').id), systemType: 'public_service',
      lifecycleStatus: 'in_operation', goLiveDate: `${year - 1}-03-01`, hosting: 'hired_dc', separation: 'logical',
      // important to national security: level 3 at least, and a yearly self-inspection notice (LVL-07)
      stateFunded: 'on', nationalSecurityImportant: 'on',
    });
    write(() => ({ systems: [created] }), () => {
      created = createSystem(db, admin, input).id;
    });
  });

  it('3. a level decision created and taken to approval', () => {
    let decision = 0;
    const proposal = { regime: 'nd331', answers: startingAnswers(db, admin, created), proposedLevel: null, proposalReason: null } as const;
    const step = (input: Parameters<typeof stepDecision>[4]) => () => stepDecision(db, admin, created, decision, input);
    write({ systems: [created] }, () => {
      decision = createDecision(db, admin, created, proposal).id;
    });
    // a dossier on its way: nothing the rules report changes until it is approved
    write({ systems: [created] }, step({ step: 'submit', data: submitForm.parse({ submittedDate: asOf }) }), { visible: false });
    write({ systems: [created] }, step({ step: 'appraise', data: appraiseForm.parse({ appraisalBody: 'Sở Khoa học và Công nghệ', appraisalDate: asOf, appraisalRef: '12/TĐ-SKHCN' }) }), { visible: false });
    const { after } = write({ systems: [created] }, step({
      step: 'approve',
      data: approveForm.parse({ approvalNumber: '345/QĐ-UBND', approvalDate: asOf, approvingBody: 'UBND tỉnh Bình Sơn', regulationNumber: '346/QC-UBND', regulationDate: asOf }),
    }));
    expect(systemEntry(after, created)?.system.level).toBe(3);
  });

  it('4. layers of protection recorded, an assessor engaged and another revoked', () => {
    write({ systems: [created] }, () =>
      recordLayer2(db, admin, created, layer2Form.parse({
        mode: 'provider', providerId: String(orgRow('NCC-SAOVIET').id), contractNumber: 'GS-099/2026', startDate: asOf, endDate: addDays(asOf, 365),
      })),
    );
    write({ systems: [created] }, () =>
      recordEngagement(db, admin, created, layer3Form.parse({
        assessorKind: 'provider', assessorId: String(orgRow('NCC-TRUONGAN').id), contractNumber: 'DG-099/2026', startDate: asOf, endDate: addDays(asOf, 730),
      })),
    );
    write({ systems: [created] }, () => recordLayer4(db, admin, created, layer4Form.parse({ centre: 'provincial', status: 'connected', connectionDate: asOf })));

    const other = systemRow('BS-HTTT-001').id;
    const engagement = db.select().from(engagements).where(and(eq(engagements.systemId, other), isNull(engagements.revokedAt))).get()!;
    const { after } = write({ systems: [other] }, () => revokeEngagement(db, admin, other, engagement.id));
    expect(ruleOf(after, other, 'L4-3')?.state).toBe('gap');
  });

  it('5. a finding added to an assessment, then closed', () => {
    const assessment = db
      .select()
      .from(assessments)
      .where(and(eq(assessments.systemId, lgsp), lte(assessments.performedDate, asOf))) // performed by asOf
      .orderBy(desc(assessments.performedDate))
      .get()!;
    const finding = { title: 'Tài khoản quản trị chưa dùng xác thực hai yếu tố', severity: 'high', dueDate: addDays(asOf, -10), status: 'open' };
    let id = 0;
    const { after } = write({ systems: [lgsp] }, () => {
      id = addFinding(db, admin, lgsp, assessment.id, findingForm.parse(finding)).id;
    });
    expect(ruleOf(after, lgsp, 'ASM-06')?.state).toBe('gap');
    write({ systems: [lgsp] }, () => updateFinding(db, admin, lgsp, assessment.id, id, findingForm.parse({ ...finding, status: 'fixed', closedDate: asOf })));
  });

  it('6. a person followed on every system they are assigned to', () => {
    const organisationId = String(orgRow('BS-TTCDS').id);
    const both = { systems: [created, lgsp] };
    let person = 0;
    // no assignment yet: nothing to re-evaluate
    write({}, () => {
      person = createOperator(db, admin, operatorForm.parse({ fullName: 'Đặng Thị Mai', organisationId })).id;
    }, { visible: false });

    const assign = (systemId: number) => () => assignOperator(db, admin, person, assignmentForm.parse({ systemId: String(systemId), role: 'security', fromDate: addDays(asOf, -30) })).id;
    let assignment = 0;
    write({ systems: [created] }, () => {
      assignment = assign(created)();
    });
    write({ systems: [lgsp] }, assign(lgsp));

    const certificate = {
      kind: 'national_in_depth', name: 'Chứng nhận kiến thức, kỹ năng chuyên sâu về an toàn thông tin', number: 'ATTT-2026-099',
      issuer: 'Cục An toàn thông tin', issueDate: addDays(asOf, -20), expiryDate: addDays(asOf, 3 * 365), status: 'valid',
    };
    let cert = 0;
    write(both, () => {
      cert = addCertificate(db, admin, person, certificateForm.parse(certificate)).id;
    });
    write(both, () => updateOperator(db, admin, person, operatorForm.parse({ fullName: 'Đặng Thị Mai Anh', organisationId })));
    write(both, () =>
      updateCertificate(db, admin, person, cert, certificateForm.parse({ ...certificate, status: 'revoked', statusDate: asOf, statusReason: 'Thu hồi theo quyết định của cơ quan cấp' })),
    );
    write(both, () => addKnowledgeUpdate(db, admin, person, updateForm.parse({ date: asOf, programme: 'Cập nhật kiến thức an toàn thông tin năm 2026', hours: '16' })));
    const { after } = write({ systems: [created] }, () => endAssignment(db, admin, person, assignment, addDays(asOf, -1)));
    expect(ruleOf(after, created, 'HR-01')?.messageKey).toBe('rule.HR-01.msg.noOperators');
  });

  it('7. an organisation drill, a system drill and a budget', () => {
    write({ organisations: [commune] }, () =>
      createDrill(db, admin, drillForm.parse({ organisationId: String(commune), date: asOf, kind: 'tabletop', scenario: 'Mã độc tống tiền trên trang thông tin điện tử xã' })),
    );
    const scada = systemRow('BS-HTTT-021'); // level 4: drills are judged per system
    write({ systems: [scada.id], organisations: [scada.operatorId] }, () =>
      createDrill(db, admin, drillForm.parse({ organisationId: String(scada.operatorId), systemId: String(scada.id), date: asOf, kind: 'technical', scenario: 'Mất kết nối trạm SCADA' })),
    );
    write({ organisations: [commune] }, () =>
      saveBudget(db, admin, budgetForm.parse({ organisationId: String(commune), year: String(year), itBudget: '800.000.000', securitySpending: '80.000.000' })),
    );
  });

  it('8. an annual report and a self-inspection notice', () => {
    // the report owed: last year's until 14 Dec, this year's from 15 Dec (REP-01)
    const reportYear = asOf < `${year}-12-15` ? year - 1 : year;
    write({ organisations: [commune] }, () =>
      recordAnnualReport(db, admin, commune, { year: reportYear, internalDate: asOf, authorityDate: asOf, reference: '15/BC-UBND' }),
    );
    write({ systems: [created] }, () => recordNotice(db, admin, created, { year, sentDate: asOf, reference: '07/TB-TTCDS' }));
  });

  it('9. checklist answers', () => {
    const { level, regime } = basisOf(db, created);
    const [first, second] = applicableItems(regime!, level!);
    write({ systems: [created] }, () =>
      saveChecklist(db, admin, created, new Map([[first!.id, { status: 'met' as const }], [second!.id, { status: 'partly_met' as const }]])),
    );
  });

  it('10. an organisation renamed and a provider moved into a group: each rebuilds everything', () => {
    const row = orgRow('BS-XTL');
    write({ organisations: [commune] }, () => updateOrganisation(db, admin, commune, edited(organisationForm, row, { nameVi: 'Ủy ban nhân dân xã Tân Lập Đông' })), { rebuild: true });

    // Trường An assesses a system monitored by Hồng Lĩnh's security company: in Hồng Lĩnh's group, it becomes its sister (ASM-03)
    const scada = systemRow('BS-HTTT-021').id;
    const assessor = orgRow('NCC-TRUONGAN');
    const { after } = write({ systems: [scada] }, () =>
      updateProvider(db, admin, assessor.id, edited(providerForm, assessor, { parentId: String(orgRow('NCC-HONGLINH').id) })), { rebuild: true },
    );
    expect(ruleOf(after, scada, 'ASM-03')?.state).toBe('gap');
  });
});

describe('writes that change nothing the rules read', () => {
  beforeAll(openDemo);

  it('a user renamed and a failed login leave the store as it is', async () => {
    const store = storeFor(db, asOf, CONFIG);
    const { version, rebuilds } = store;
    const entries = auditEntries(db).length;
    const viewer = userRow('viewer');
    updateUser(db, admin, viewer.id, { fullName: 'Nguyễn Thị Xem', email: viewer.email, role: viewer.role, organisationId: viewer.organisationId });
    expect(await authenticate(db, 'viewer', 'not-the-password')).toBeNull();
    expect(auditEntries(db).slice(entries).map((e) => e.entityType)).toEqual(['user', 'user']);

    expect(cached()).toEqual(fresh());
    expect(storeFor(db, asOf, CONFIG)).toBe(store);
    expect(store.version).toBe(version);
    expect(store.rebuilds).toBe(rebuilds);
  });
});

describe('writes made outside the app', () => {
  // a database file, so that another process can open it too
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capdo-changes-'));
    db = openDatabase(join(dir, 'capdo.db'));
    migrateDatabase(db);
    await seedDemo(db);
    admin = actorFor(db, userRow('admin'));
  }, 60_000);
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pln01Gap = () => fresh().systems.find((e) => e.results.some((r) => r.rule === 'PLN-01' && r.state === 'gap'))!.system.id;
  const NOTE = 'Tường lửa và phần mềm phòng chống mã độc sản xuất trong nước';

  it('raw SQL on the app’s own connection is seen at once', () => {
    const target = pln01Gap();
    write({ systems: [target] }, () => db.$client.prepare('UPDATE systems SET domestic_products_note = ? WHERE id = ?').run(NOTE, target));
    expect(ruleOf(cached(), target, 'PLN-01')?.state).toBe('ok');
  });

  it('a second connection in another process is seen without a rebuild', () => {
    const target = pln01Gap();
    const file = join(dir, 'capdo.db');
    const script = `const D=require('better-sqlite3');const c=new D(process.argv[1]);c.prepare('UPDATE systems SET domestic_products_note=? WHERE id=?').run(process.argv[2],Number(process.argv[3]));c.close();`;
    write({ systems: [target] }, () => execFileSync(process.execPath, ['-e', script, file, NOTE, String(target)], { cwd: process.cwd() }));
    expect(ruleOf(cached(), target, 'PLN-01')?.state).toBe('ok');
  });

  it('a command-line tool creating an organisation is seen (an organisation rebuilds everything)', () => {
    const province = orgRow('UBND-BS');
    const count = () => db.select().from(organisations).all().length;
    const before = count();
    write({}, () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'src/modules/users/user-create-cli.ts', '--username', 'canbo.moi', '--full-name', 'Cán bộ Mới', '--role', 'viewer', '--org', 'BS-PHONG-MOI', '--org-name', 'Phòng An ninh mạng mới'], {
        cwd: process.cwd(), env: { ...process.env, DATABASE_PATH: join(dir, 'capdo.db'), NODE_ENV: 'development', SEED_DEMO: 'false' }, stdio: 'pipe',
      }),
      { rebuild: true, visible: false },
    );
    expect(count()).toBe(before + 1);
    expect(province.id).toBeGreaterThan(0);
  });
});

describe('a drill moved from one system to another', () => {
  beforeAll(openDemo);

  // updateDrill audits the drill under its new system; the store reads the audited change of systemId
  // ([before, after]) to re-evaluate the system the drill left as well
  it('leaves no stale result on the system it left', () => {
    const from = systemRow('BS-HTTT-021'); // level 4, owned by the province: drills are judged per system
    const to = systemRow('BS-HTTT-031'); // level 4, owned by the province too
    const drill = { organisationId: String(from.ownerId), systemId: String(from.id), date: asOf, kind: 'technical', scenario: 'Mất kết nối trạm SCADA' };
    let id = 0;
    write({ systems: [from.id] }, () => {
      id = createDrill(db, admin, drillForm.parse(drill)).id;
    });
    write({ systems: [from.id, to.id] }, () => updateDrill(db, admin, id, drillForm.parse({ ...drill, systemId: String(to.id) })));
  });
});
