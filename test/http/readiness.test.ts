// Drills and security budgets: the /readiness page, its forms and edit pages, the audit trail, and the
// card the system and organisation pages include.
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { budgets, drills } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { NotFoundError } from '../../src/domain/errors.js';
import { formatDate, formatNumber } from '../../src/i18n/format.js';
import { translator } from '../../src/i18n/index.js';
import { loadActor } from '../../src/modules/auth/auth.service.js';
import { organisationReadiness, systemReadiness } from '../../src/modules/readiness/readiness.service.js';
import { auditEntries, csrfFrom, lastAudit, login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let sysA: number; // level 4, operated by deptA2 (the owner's unit)
let sysB: number; // in the other province

// "today" in Vietnam: 15 Jun 2026, 10:00
const TODAY = '2026-06-15';

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${TODAY}T03:00:00Z`));
  ctx = await makeApp();
  const { org } = ctx.fx;
  sysA = ctx.db
    .insert(systems)
    .values({ code: 'A-HIS', nameVi: 'Hệ thống thông tin bệnh viện', ownerId: org.provA, operatorId: org.deptA2, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' })
    .returning()
    .get().id;
  ctx.db.insert(levelDecisions).values({ systemId: sysA, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 4, proposedLevel: 4, dossierStatus: 'approved', approvalNumber: '7/QĐ-UBND', approvalDate: '2025-09-01', approvingBody: 'UBND tỉnh' }).run();
  sysB = ctx.db
    .insert(systems)
    .values({ code: 'B-DVC', nameVi: 'Cổng dịch vụ công tỉnh Bắc Lâm', ownerId: org.provB, operatorId: org.provB, systemType: 'public_service', lifecycleStatus: 'in_operation' })
    .returning()
    .get().id;
});

afterEach(() => {
  vi.useRealTimers();
});

const drillForm = (extra: Record<string, string> = {}) => ({
  organisationId: String(ctx.fx.org.deptA2), systemId: '', date: '10/03/2026', kind: 'tabletop',
  scenario: 'Tấn công mã độc tống tiền vào cổng thông tin', participants: '25', organiser: 'Sở Y tế', result: '', lessons: '', ...extra,
});
const budgetForm = (extra: Record<string, string> = {}) => ({
  organisationId: String(ctx.fx.org.deptA2), systemId: '', year: '2026', itBudget: '1.250.000.000', securitySpending: '125000000', note: '', ...extra,
});
const allDrills = () => ctx.db.select().from(drills).all();
const allBudgets = () => ctx.db.select().from(budgets).all();

describe('drills', () => {
  it('records an organisation drill and a system drill, one audit entry each with the values', async () => {
    const s = await login(ctx.app, 'owner');
    const before = auditEntries(ctx.db).length;
    let res = await s.post('/readiness/drills', drillForm());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/readiness?org=${ctx.fx.org.deptA2}#drills`);
    const d = allDrills()[0]!;
    expect(d).toMatchObject({ organisationId: ctx.fx.org.deptA2, systemId: null, date: '2026-03-10', kind: 'tabletop', participants: 25, organiser: 'Sở Y tế', result: null });
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'create', entityType: 'drill', entityId: d.id, systemId: null, organisationId: ctx.fx.org.deptA2 });
    expect(lastAudit(ctx.db)!.changes).toMatchObject({ date: [null, '2026-03-10'], kind: [null, 'tabletop'], participants: [null, 25] });

    res = await s.post('/readiness/drills', drillForm({ systemId: String(sysA), kind: 'technical', date: '2026-04-02', back: `/systems/${sysA}` }));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/systems/${sysA}`);
    expect(auditEntries(ctx.db).length).toBe(before + 2);
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'drill', systemId: sysA, organisationId: ctx.fx.org.deptA2 });

    const page = await s.get('/readiness');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tấn công mã độc tống tiền');
    expect(page.text).toContain('A-HIS · Hệ thống thông tin bệnh viện');
    expect(page.text).toContain('02/04/2026');
    // newest first
    expect(page.text.indexOf('02/04/2026')).toBeLessThan(page.text.indexOf('10/03/2026'));
  });

  it('edits a drill with one audit entry holding the diff; an unchanged form writes nothing', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/drills', drillForm());
    const d = allDrills()[0]!;
    const form = await s.get(`/readiness/drills/${d.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('10/03/2026');
    const before = auditEntries(ctx.db).length;
    const res = await s.post(`/readiness/drills/${d.id}/edit`, drillForm({ result: 'Đạt yêu cầu', lessons: 'Cần rút ngắn thời gian cô lập máy chủ.' }));
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(drills).where(eq(drills.id, d.id)).get()).toMatchObject({ result: 'Đạt yêu cầu', lessons: 'Cần rút ngắn thời gian cô lập máy chủ.' });
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'update', entityType: 'drill', entityId: d.id });
    expect(lastAudit(ctx.db)!.changes).toEqual({ result: [null, 'Đạt yêu cầu'], lessons: [null, 'Cần rút ngắn thời gian cô lập máy chủ.'] });
    await s.post(`/readiness/drills/${d.id}/edit`, drillForm({ result: 'Đạt yêu cầu', lessons: 'Cần rút ngắn thời gian cô lập máy chủ.' }));
    expect(auditEntries(ctx.db).length).toBe(before + 1);
  });

  it('validates (422, the form again with the message, nothing written)', async () => {
    const s = await login(ctx.app, 'admin');
    const cases: [Record<string, string>, string][] = [
      [{ date: '16/06/2026' }, 'Ngày này chưa đến.'],
      [{ date: '31/02/2026' }, 'Ngày không hợp lệ'],
      [{ scenario: '' }, 'Vui lòng nhập thông tin này.'],
      [{ kind: 'paintball' }, 'Vui lòng chọn một giá trị trong danh sách.'],
      [{ participants: '-3' }, 'Vui lòng nhập số nguyên không âm.'],
      [{ organisationId: String(ctx.fx.org.provB) }, 'Vui lòng chọn một giá trị trong danh sách.'],
      [{ organisationId: String(ctx.fx.org.deptA1), systemId: String(sysA) }, 'không do cơ quan, đơn vị đã chọn làm chủ quản hoặc vận hành'],
      [{ systemId: String(sysB) }, 'Vui lòng chọn một giá trị trong danh sách.'],
    ];
    for (const [extra, message] of cases) {
      const res = await s.post('/readiness/drills', drillForm(extra));
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.text).toContain(message);
      if (!('scenario' in extra)) expect(res.text).toContain('Tấn công mã độc tống tiền'); // the user's values are kept
    }
    expect(allDrills()).toEqual([]);
    // today itself is fine
    expect((await s.post('/readiness/drills', drillForm({ date: '15/06/2026' }))).status).toBe(303);
  });
});

describe('budgets', () => {
  it('records a year with amounts typed either way, and shows the ratio and BUD-01', async () => {
    const s = await login(ctx.app, 'owner');
    const before = auditEntries(ctx.db).length;
    const res = await s.post('/readiness/budgets', budgetForm());
    expect(res.status).toBe(303);
    const b = allBudgets()[0]!;
    expect(b).toMatchObject({ organisationId: ctx.fx.org.deptA2, systemId: null, year: 2026, itBudget: 1_250_000_000, securitySpending: 125_000_000 });
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'create', entityType: 'budget', entityId: b.id, systemId: null, organisationId: ctx.fx.org.deptA2 });
    expect(lastAudit(ctx.db)!.changes).toMatchObject({ year: [null, 2026], itBudget: [null, 1_250_000_000], securitySpending: [null, 125_000_000] });

    const page = await s.get('/readiness');
    expect(page.text).toContain('1.250.000.000 ₫');
    expect(page.text).toContain('125.000.000 ₫');
    expect(page.text).toContain('10%');
    expect(page.text).toMatch(/data-rule="BUD-01" data-state="ok"/);
  });

  it('records a system’s year and flags a share under 10 %', async () => {
    const s = await login(ctx.app, 'owner');
    expect((await s.post('/readiness/budgets', budgetForm({ systemId: String(sysA), itBudget: '2.000.000.000', securitySpending: '150.000.000' }))).status).toBe(303);
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'budget', systemId: sysA });
    const r = systemReadiness(ctx.db, loadActor(ctx.db, ctx.fx.user.owner)!, sysA, TODAY);
    expect(r.rules.find((x) => x.rule === 'BUD-01')).toMatchObject({ state: 'gap', severity: 'medium', params: { percent: 7.5 } });
  });

  it('updates the year’s row when the year is recorded again, instead of failing on the unique index', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/budgets', budgetForm());
    const before = auditEntries(ctx.db).length;
    const res = await s.post('/readiness/budgets', budgetForm({ securitySpending: '100.000.000', note: 'Điều chỉnh giữa năm' }));
    expect(res.status).toBe(303);
    expect(allBudgets()).toHaveLength(1);
    expect(allBudgets()[0]).toMatchObject({ itBudget: 1_250_000_000, securitySpending: 100_000_000, note: 'Điều chỉnh giữa năm' });
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'update', entityType: 'budget', entityId: allBudgets()[0]!.id });
    expect(lastAudit(ctx.db)!.changes).toEqual({ securitySpending: [125_000_000, 100_000_000], note: [null, 'Điều chỉnh giữa năm'] });
    const page = await s.get(res.headers.location!);
    expect(page.text).toContain('Năm 2026 đã có số liệu: đã cập nhật dòng của năm này.');
    // the same year of a system is another row
    expect((await s.post('/readiness/budgets', budgetForm({ systemId: String(sysA) }))).status).toBe(303);
    expect(allBudgets()).toHaveLength(2);
  });

  it('edits a recorded year’s amounts on its own page, audited', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/budgets', budgetForm());
    const b = allBudgets()[0]!;
    const form = await s.get(`/readiness/budgets/${b.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="1.250.000.000"');
    const res = await s.post(`/readiness/budgets/${b.id}/edit`, { itBudget: '1.300.000.000', securitySpending: '125.000.000', note: '' });
    expect(res.status).toBe(303);
    expect(allBudgets()[0]).toMatchObject({ year: 2026, itBudget: 1_300_000_000 });
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'update', entityType: 'budget', entityId: b.id });
    expect(lastAudit(ctx.db)!.changes).toEqual({ itBudget: [1_250_000_000, 1_300_000_000] });
    const bad = await s.post(`/readiness/budgets/${b.id}/edit`, { itBudget: '100', securitySpending: '101' });
    expect(bad.status).toBe(422);
    expect(allBudgets()[0]).toMatchObject({ itBudget: 1_300_000_000 });
  });

  it('validates (422, nothing written)', async () => {
    const s = await login(ctx.app, 'owner');
    const cases: [Record<string, string>, string][] = [
      [{ itBudget: '-5' }, 'không có phần thập phân'],
      [{ securitySpending: '-125000000' }, 'không có phần thập phân'],
      [{ itBudget: '1250000000,5' }, 'không có phần thập phân'],
      [{ itBudget: '1250.5' }, 'không có phần thập phân'],
      [{ itBudget: '1,250,000,000' }, 'không có phần thập phân'],
      [{ itBudget: '' }, 'Vui lòng nhập thông tin này.'],
      [{ securitySpending: '1.250.000.001' }, 'Chi cho an toàn thông tin không thể lớn hơn tổng kinh phí công nghệ thông tin.'],
      [{ year: '2014' }, 'Năm phải từ 2015 đến năm sau của năm hiện tại.'],
      [{ year: '2028' }, 'Năm phải từ 2015 đến năm sau của năm hiện tại.'],
      [{ year: '26' }, 'Năm phải từ 2015 đến năm sau của năm hiện tại.'],
      [{ organisationId: String(ctx.fx.org.deptA1) }, 'Vui lòng chọn một giá trị trong danh sách.'],
    ];
    for (const [extra, message] of cases) {
      const res = await s.post('/readiness/budgets', budgetForm(extra));
      expect(res.status, JSON.stringify(extra)).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(allBudgets()).toEqual([]);
    // next year is allowed (a plan); the security spending may equal the IT budget
    expect((await s.post('/readiness/budgets', budgetForm({ year: '2027', securitySpending: '1.250.000.000 ₫' }))).status).toBe(303);
  });
});

describe('authorisation', () => {
  async function seedRecords() {
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/drills', drillForm());
    await s.post('/readiness/budgets', budgetForm());
    return { drill: allDrills()[0]!.id, budget: allBudgets()[0]!.id };
  }

  it('lets viewers read but not write (403)', async () => {
    const { drill, budget } = await seedRecords();
    const s = await login(ctx.app, 'viewer');
    const page = await s.get('/readiness');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tấn công mã độc tống tiền');
    expect(page.text).not.toContain('action="/readiness/drills"');
    const n = auditEntries(ctx.db).length;
    expect((await s.post('/readiness/drills', drillForm())).status).toBe(403);
    expect((await s.post('/readiness/budgets', budgetForm())).status).toBe(403);
    expect((await s.get(`/readiness/drills/${drill}/edit`)).status).toBe(403);
    expect((await s.post(`/readiness/drills/${drill}/edit`, drillForm())).status).toBe(403);
    expect((await s.get(`/readiness/budgets/${budget}/edit`)).status).toBe(403);
    expect((await s.post(`/readiness/budgets/${budget}/edit`, { itBudget: '1', securitySpending: '0' })).status).toBe(403);
    expect(auditEntries(ctx.db).length).toBe(n);
    expect(allDrills()).toHaveLength(1);
  });

  it('refuses auditors (403)', async () => {
    const s = await login(ctx.app, 'auditor');
    expect((await s.post('/readiness/drills', drillForm())).status).toBe(403);
    expect((await s.post('/readiness/budgets', budgetForm())).status).toBe(403);
  });

  it('answers 404 for another province’s records, and does not list them', async () => {
    const { drill, budget } = await seedRecords();
    const s = await login(ctx.app, 'adminb');
    expect((await s.get(`/readiness/drills/${drill}/edit`)).status).toBe(404);
    expect((await s.post(`/readiness/drills/${drill}/edit`, drillForm({ organisationId: String(ctx.fx.org.provB) }))).status).toBe(404);
    expect((await s.get(`/readiness/budgets/${budget}/edit`)).status).toBe(404);
    expect((await s.post(`/readiness/budgets/${budget}/edit`, { itBudget: '1', securitySpending: '0' })).status).toBe(404);
    const page = await s.get(`/readiness?org=${ctx.fx.org.deptA2}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Tấn công mã độc tống tiền');
    expect(page.text).not.toContain('Sở Y tế');
    expect(allDrills()[0]).toMatchObject({ organisationId: ctx.fx.org.deptA2 });
  });

  it('keeps an owner to its own unit: a sibling department cannot be chosen', async () => {
    const s = await login(ctx.app, 'owner');
    const page = await s.get('/readiness');
    expect(page.text).toContain('Bệnh viện Đa khoa tỉnh');
    expect(page.text).not.toContain('Sở Khoa học và Công nghệ');
    expect((await s.post('/readiness/drills', drillForm({ organisationId: String(ctx.fx.org.deptA1) }))).status).toBe(422);
  });

  it('refuses a post without the CSRF token (403), writing nothing', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.agent.post('/readiness/drills').type('form').send(drillForm());
    expect(res.status).toBe(403);
    const res2 = await s.agent.post('/readiness/budgets').type('form').send({ ...budgetForm(), _csrf: 'forged' });
    expect(res2.status).toBe(403);
    expect(allDrills()).toEqual([]);
    expect(allBudgets()).toEqual([]);
  });

  it('needs a signed-in user', async () => {
    const res = await request(ctx.app).get('/readiness');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('/login');
  });
});

describe('the readiness card (system and organisation pages)', () => {
  const t = translator('vi');
  const root = fileURLToPath(new URL('../../views/partials/readiness-card.ejs', import.meta.url));
  const render = (locals: Record<string, unknown>) =>
    ejs.renderFile(root, {
      t, locale: 'vi', citation: (s: string) => s, fmtDate: formatDate, fmtNumber: (n: number) => formatNumber(n, 'vi'), csrfToken: () => 'x', ...locals,
    });

  it('shows an organisation’s DRL-01 and BUD-01 with their citations, drills and budget rows', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/drills', drillForm({ date: '14/06/2025' })); // 366 days before today
    await s.post('/readiness/budgets', budgetForm());
    const actor = loadActor(ctx.db, ctx.fx.user.owner)!;
    const r = organisationReadiness(ctx.db, actor, ctx.fx.org.deptA2, TODAY);
    expect(r.rules.map((x) => [x.rule, x.state])).toEqual([['DRL-01', 'gap'], ['BUD-01', 'ok']]);
    const html = await render({ ...r, scope: 'organisation', ownerId: ctx.fx.org.deptA2, canWrite: true });
    expect(html).toContain('data-rule="DRL-01" data-state="gap"');
    expect(html).toContain('Lần diễn tập gần nhất ngày 14/06/2025; đã quá hạn từ sau ngày 14/06/2026.');
    expect(html).toContain('Quyết định 964/QĐ-TTg, mục IV.5.a, IV.6.a; Quyết định 515/QĐ-TTg, mục IV.8.b');
    expect(html).toContain('Chỉ thị 14/CT-TTg, khoản 1 điểm e; Quyết định 964/QĐ-TTg, mục III.2.n');
    expect(html).toContain('đạt 10%');
    expect(html).toContain('1.250.000.000 ₫');
    expect(html).toContain(`/readiness/drills/${allDrills()[0]!.id}/edit?back=${encodeURIComponent(`/organisations/${ctx.fx.org.deptA2}`)}`);
    expect(html).toContain('form=drill#new-drill');
    const readOnly = await render({ ...r, scope: 'organisation', ownerId: ctx.fx.org.deptA2, canWrite: false });
    expect(readOnly).not.toContain('/edit');
    expect(readOnly).not.toContain('#new-drill');
  });

  it('flags a level-4 system without a drill of its own, and counts the system drill once recorded', async () => {
    const actor = loadActor(ctx.db, ctx.fx.user.owner)!;
    let r = systemReadiness(ctx.db, actor, sysA, TODAY);
    expect(r.rules[0]).toMatchObject({ rule: 'DRL-01', scope: 'system', state: 'gap', citation: expect.stringContaining('964/QĐ-TTg') });
    expect(r.rules[1]).toMatchObject({ rule: 'BUD-01', state: 'n/a' });
    const s = await login(ctx.app, 'owner');
    await s.post('/readiness/drills', drillForm({ systemId: String(sysA), date: '01/06/2026' }));
    r = systemReadiness(ctx.db, actor, sysA, TODAY);
    expect(r.rules[0]).toMatchObject({ state: 'ok', dueDate: '2027-06-01' });
    const html = await render({ ...r, scope: 'system', ownerId: sysA, canWrite: true });
    expect(html).toContain('data-rule="DRL-01" data-state="ok"');
    expect(html).toContain(`/readiness?system=${sysA}&amp;back=${encodeURIComponent(`/systems/${sysA}`)}`);
  });

  it('answers 404 outside the actor’s subtree', () => {
    const adminB = loadActor(ctx.db, ctx.fx.user.adminB)!;
    expect(() => organisationReadiness(ctx.db, adminB, ctx.fx.org.deptA2, TODAY)).toThrow(NotFoundError);
    expect(() => systemReadiness(ctx.db, adminB, sysA, TODAY)).toThrow(NotFoundError);
  });

  it('prefills the drill form for a system from its card link', async () => {
    const s = await login(ctx.app, 'admin');
    const page = await s.get(`/readiness?system=${sysA}&back=/systems/${sysA}&form=drill`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<details id="new-drill" open>/);
    expect(page.text).toContain(`<option value="${sysA}" selected>`);
    expect(page.text).toContain(`<option value="${ctx.fx.org.deptA2}" selected>`);
    expect(page.text).toContain(`name="back" value="/systems/${sysA}"`);
    // an outside address is dropped
    const evil = await s.get('/readiness?back=https://evil.example/&form=drill');
    expect(evil.text).toContain('name="back" value=""');
    expect(csrfFrom(page.text)).toBeTruthy();
  });
});
