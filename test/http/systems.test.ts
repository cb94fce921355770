import { beforeEach, describe, expect, it } from 'vitest';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { eq } from 'drizzle-orm';
import { systems } from '../../src/db/schema/systems.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { DEFAULT_ANSWERS } from '../../src/domain/level-criteria.js';
import { auditEntries, lastAudit, login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  ctx = await makeApp();
});

const count = () => ctx.db.select().from(systems).all().length;
const form = (extra: Record<string, string> = {}) => ({
  code: 'AH-HTTT-001',
  nameVi: 'Hệ thống quản lý văn bản và điều hành',
  ownerId: String(ctx.fx.org.provA),
  operatorId: String(ctx.fx.org.deptA2),
  securityUnitId: String(ctx.fx.org.deptA1),
  systemType: 'internal',
  lifecycleStatus: 'in_operation',
  goLiveDate: '15/03/2024',
  hosting: 'own_premises',
  separation: 'logical',
  stateFunded: '1',
  ...extra,
});

/** Inserts a system directly (for list and scope tests). */
function addSystem(code: string, nameVi: string, operatorId: number, extra: Partial<typeof systems.$inferInsert> = {}) {
  return ctx.db
    .insert(systems)
    .values({ code, nameVi, ownerId: operatorId, operatorId, systemType: 'internal', searchText: searchTextFor({ code, nameVi }), ...extra })
    .returning()
    .get();
}

function approve(systemId: number, level: number) {
  ctx.db
    .insert(levelDecisions)
    .values({ systemId, regime: 'nd331', answers: DEFAULT_ANSWERS, computedLevel: 1, proposedLevel: level, proposalReason: 'x', dossierStatus: 'approved', approvalNumber: '1/QĐ', approvalDate: '2026-09-01', approvingBody: 'UBND' })
    .run();
  reconcileLevelsInForce(ctx.db); // a decision written straight to the table: the lists' level column is set as at start-up
}

describe('register a system', () => {
  it('creates it with every field, one audit entry, and shows it', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.post('/systems', form({ nameEn: 'Document management', prioritySector: 'health', nationalSecurityImportant: '1', description: 'Dòng 1\r\nDòng 2' }));
    expect(res.status).toBe(303);
    const row = ctx.db.select().from(systems).where(eq(systems.code, 'AH-HTTT-001')).get()!;
    expect(row).toMatchObject({
      nameVi: 'Hệ thống quản lý văn bản và điều hành', nameEn: 'Document management', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2,
      securityUnitId: ctx.fx.org.deptA1, systemType: 'internal', prioritySector: 'health', lifecycleStatus: 'in_operation',
      goLiveDate: '2024-03-15', stateFunded: true, nationalSecurityImportant: true, description: 'Dòng 1\nDòng 2',
    });
    const entry = lastAudit(ctx.db)!;
    expect(entry).toMatchObject({ action: 'create', entityType: 'system', entityId: row.id, systemId: row.id, actorName: 'owner' });
    expect(entry.changes).toMatchObject({ code: [null, 'AH-HTTT-001'], goLiveDate: [null, '2024-03-15'] });
    const page = await s.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Hệ thống quản lý văn bản và điều hành');
    expect(page.text).toContain('15/03/2024');
    expect(page.text).toContain('Chưa phê duyệt');
  });

  it.each([
    [{ nameVi: '' }, 'nameVi', 'Vui lòng nhập thông tin này.'],
    [{ code: 'mã có dấu' }, 'code', 'Mã chỉ gồm chữ không dấu'],
    [{ goLiveDate: '31/02/2024' }, 'goLiveDate', 'Ngày không hợp lệ'],
    [{ goLiveDate: '' }, 'goLiveDate', 'cần có ngày đưa vào vận hành'],
    [{ systemType: 'spaceship' }, 'systemType', 'Vui lòng chọn một giá trị'],
    [{ ownerId: String(9999) }, 'ownerId', 'Vui lòng chọn một giá trị'],
    [{ operatorId: 'abc' }, 'operatorId', 'Giá trị không hợp lệ'],
    [{ lifecycleStatus: 'decommissioned' }, 'lifecycleStatus', 'Ngừng sử dụng hệ thống'],
    [{ nameVi: 'x'.repeat(300) }, 'nameVi', 'Nội dung quá dài'],
  ])('rejects %o with a message in the form (422) and writes nothing', async (bad, _field, message) => {
    const s = await login(ctx.app, 'owner');
    const audits = auditEntries(ctx.db).length;
    const res = await s.post('/systems', form(bad as Record<string, string>));
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(count()).toBe(0);
    expect(auditEntries(ctx.db).length).toBe(audits);
  });

  it('refuses organisations outside the actor’s reach and a duplicate code', async () => {
    const s = await login(ctx.app, 'owner'); // Sở Y tế: its subtree plus its parent province
    let res = await s.post('/systems', form({ operatorId: String(ctx.fx.org.deptA1) , ownerId: String(ctx.fx.org.deptA1) }));
    expect(res.status).toBe(422);
    res = await s.post('/systems', form({ ownerId: String(ctx.fx.org.provB) }));
    expect(res.status).toBe(422);
    res = await s.post('/systems', form({ ownerId: String(ctx.fx.org.provider) }));
    expect(res.status).toBe(422);
    expect(count()).toBe(0);
    await s.post('/systems', form());
    res = await s.post('/systems', form({ code: 'ah-httt-001' }));
    expect(res.text).toContain('Mã này đã được dùng.');
    expect(count()).toBe(1);
  });

  it.each(['viewer', 'auditor'])('is forbidden to %s', async (who) => {
    const s = await login(ctx.app, who);
    expect((await s.post('/systems', form())).status).toBe(403);
    expect(count()).toBe(0);
  });

  it('needs the CSRF token', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.agent.post('/systems').type('form').send(form());
    expect(res.status).toBe(403);
    expect(res.text).toContain('chưa có dữ liệu nào được lưu');
    expect(count()).toBe(0);
  });
});

describe('edit and decommission', () => {
  it('edits with a diff of the changed fields only', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/systems', form());
    const row = ctx.db.select().from(systems).get()!;
    const res = await s.post(`/systems/${row.id}`, form({ nameVi: 'Hệ thống QLVB', hosting: 'cloud' }));
    expect(res.status).toBe(303);
    expect(lastAudit(ctx.db)!.changes).toEqual({ nameVi: ['Hệ thống quản lý văn bản và điều hành', 'Hệ thống QLVB'], hosting: ['own_premises', 'cloud'] });
    const after = ctx.db.select().from(systems).get()!;
    expect(after.searchText).toBe('ah-httt-001 he thong qlvb');
  });

  it('decommissions with confirmation, keeps the record and blocks further edits', async () => {
    const s = await login(ctx.app, 'owner');
    await s.post('/systems', form());
    const row = ctx.db.select().from(systems).get()!;
    let res = await s.post(`/systems/${row.id}/decommission`, { decommissionedAt: '01/10/2026' });
    expect(res.status).toBe(422); // no confirmation
    expect(ctx.db.select().from(systems).get()!.lifecycleStatus).toBe('in_operation');
    res = await s.post(`/systems/${row.id}/decommission`, { decommissionedAt: '01/01/2020', confirm: '1' });
    expect(res.status).toBe(422); // before go-live
    res = await s.post(`/systems/${row.id}/decommission`, { decommissionedAt: '01/10/2026', reason: 'Thay bằng hệ thống mới', confirm: '1' });
    expect(res.status).toBe(303);
    const after = ctx.db.select().from(systems).get()!;
    expect(after).toMatchObject({ lifecycleStatus: 'decommissioned', decommissionedAt: '2026-10-01' });
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'state', entityType: 'system' });
    expect((await s.post(`/systems/${row.id}`, form({ nameVi: 'Đổi tên' }))).status).toBe(409);
    expect((await s.get(`/systems/${row.id}`)).text).toContain('Ngừng sử dụng từ 01/10/2026');
  });
});

describe('reading', () => {
  it('answers 404 for another organisation’s system, a malformed id and an unknown id', async () => {
    const other = addSystem('B-1', 'Hệ thống tỉnh Bắc Lâm', ctx.fx.org.provB);
    const s = await login(ctx.app, 'owner');
    for (const url of [`/systems/${other.id}`, `/systems/${other.id}/edit`, '/systems/abc', '/systems/1e3', '/systems/99999999', '/systems/-1']) {
      expect((await s.get(url)).status, url).toBe(404);
    }
    expect((await s.post(`/systems/${other.id}`, form())).status).toBe(404);
    expect(ctx.db.select().from(systems).where(eq(systems.id, other.id)).get()!.nameVi).toBe('Hệ thống tỉnh Bắc Lâm');
  });

  it('shows the auditor nothing until an engagement exists', async () => {
    const sys = addSystem('A-1', 'Cổng dịch vụ công', ctx.fx.org.deptA2);
    const s = await login(ctx.app, 'auditor');
    expect((await s.get(`/systems/${sys.id}`)).status).toBe(404);
    const list = await s.get('/systems');
    expect(list.text).not.toContain('Cổng dịch vụ công');
    expect((await s.get('/')).text).toContain('chưa được giao đánh giá');
  });

  it('lets a viewer read the subtree but shows no edit buttons', async () => {
    const sys = addSystem('A-1', 'Cổng dịch vụ công', ctx.fx.org.deptA2);
    const s = await login(ctx.app, 'viewer');
    const page = await s.get(`/systems/${sys.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`/systems/${sys.id}/edit`);
  });
});

describe('the systems list', () => {
  beforeEach(() => {
    const a = addSystem('A-1', 'Cổng thông tin Sở Khoa học và Công nghệ', ctx.fx.org.deptA1, { lifecycleStatus: 'in_operation', prioritySector: 'information' });
    const b = addSystem('A-2', 'Phần mềm quản lý bệnh viện', ctx.fx.org.unitA21, { lifecycleStatus: 'in_operation', prioritySector: 'health' });
    addSystem('A-3', 'Hệ thống thư điện tử công vụ', ctx.fx.org.deptA2, { lifecycleStatus: 'planned' });
    addSystem('B-1', 'Hệ thống Sở Khoa học tỉnh Bắc Lâm', ctx.fx.org.provB);
    approve(a.id, 2);
    approve(b.id, 3);
  });

  it('searches ignoring case and Vietnamese diacritics', async () => {
    const s = await login(ctx.app, 'admin');
    for (const q of ['so khoa hoc', 'SỞ KHOA HỌC', 'Sở khoa', 'cong thong tin']) {
      const res = await s.get(`/systems?q=${encodeURIComponent(q)}`);
      expect(res.text, q).toContain('Cổng thông tin Sở Khoa học và Công nghệ');
      expect(res.text, q).not.toContain('Phần mềm quản lý bệnh viện');
      expect(res.text, q).not.toContain('Bắc Lâm'); // other province, never shown
    }
    expect((await s.get('/systems?q=%25')).text).toContain('Không có hệ thống nào khớp bộ lọc');
  });

  it('filters by organisation subtree, level, status, sector and dossier', async () => {
    const s = await login(ctx.app, 'admin');
    const names = async (qs: string) => {
      const html = (await s.get(`/systems?${qs}`)).text;
      return ['Cổng thông tin Sở Khoa học', 'Phần mềm quản lý bệnh viện', 'Hệ thống thư điện tử'].filter((n) => html.includes(n));
    };
    expect(await names(`org=${ctx.fx.org.deptA2}`)).toEqual(['Phần mềm quản lý bệnh viện', 'Hệ thống thư điện tử']);
    expect(await names('level=3')).toEqual(['Phần mềm quản lý bệnh viện']);
    expect(await names('level=none')).toEqual(['Hệ thống thư điện tử']);
    expect(await names('status=planned')).toEqual(['Hệ thống thư điện tử']);
    expect(await names('sector=health')).toEqual(['Phần mềm quản lý bệnh viện']);
    expect(await names('dossier=approved')).toEqual(['Cổng thông tin Sở Khoa học', 'Phần mềm quản lý bệnh viện']);
    expect(await names('dossier=none')).toEqual(['Hệ thống thư điện tử']);
    // another province's organisation is ignored, not revealed
    expect(await names(`org=${ctx.fx.org.provB}`)).toHaveLength(3);
    // bad values are ignored rather than erroring
    expect((await s.get('/systems?level=9&status=x&sort=evil&dir=up&page=-3')).status).toBe(200);
  });

  it('sorts and paginates', async () => {
    for (let i = 10; i < 40; i++) addSystem(`A-${i}`, `Hệ thống số ${i}`, ctx.fx.org.deptA1);
    const s = await login(ctx.app, 'admin');
    const p1 = await s.get('/systems?sort=code&dir=desc');
    expect(p1.text).toContain('Trang 1/2 · 33 kết quả');
    expect(p1.text.indexOf('A-39')).toBeLessThan(p1.text.indexOf('A-38'));
    const p2 = await s.get('/systems?sort=code&dir=desc&page=2');
    expect(p2.text).toContain('Trang 2/2');
    expect(p2.text).toContain('A-1<');
    expect((await s.get('/systems?page=999')).text).toContain('Trang 2/2');
  });
});

describe('the dashboard', () => {
  it('counts the subtree by level, status and dossier', async () => {
    const a = addSystem('A-1', 'Cổng thông tin', ctx.fx.org.deptA1, { lifecycleStatus: 'in_operation' });
    addSystem('A-2', 'Phần mềm', ctx.fx.org.deptA2, { lifecycleStatus: 'in_operation' });
    addSystem('B-1', 'Hệ thống tỉnh Bắc Lâm', ctx.fx.org.provB, { lifecycleStatus: 'in_operation' });
    approve(a.id, 3);
    const s = await login(ctx.app, 'admin');
    const html = (await s.get('/')).text;
    expect(html).toMatch(/<span class="stat-n">2<\/span><span class="stat-l">Tổng số hệ thống/);
    expect(html).toMatch(/<span class="stat-n">1<\/span><span class="stat-l">Đang vận hành nhưng chưa có cấp độ/);
    expect(html).toContain('href="/systems?level=3"');
    expect(html).toContain('<svg class="bars"');
  });
});
