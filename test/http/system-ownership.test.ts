// Who owns and who operates a system is the owner's decision: a unit that only secures (or operates) a
// system cannot hand it to its own units; the entry of a change of hands is seen by both sides' admins.
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { COLUMNS } from '../../src/modules/imports/imports.schemas.js';
import { hashPassword } from '../../src/modules/users/password.js';
import { auditEntries, login, makeApp, PASSWORD } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;

beforeEach(async () => {
  ctx = await makeApp();
  const { db, fx } = ctx;
  // owned and operated by the Department of Health, secured by the Department of Science (user owner1)
  const row = { code: 'SYT-HIS', nameVi: 'Hệ thống thông tin bệnh viện', ownerId: fx.org.deptA2, operatorId: fx.org.deptA2, securityUnitId: fx.org.deptA1, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' } as const;
  systemId = db.insert(systems).values({ ...row, searchText: searchTextFor(row) }).returning().get().id;
  const passwordHash = await hashPassword(PASSWORD);
  for (const [username, organisationId] of [['admin.syt', fx.org.deptA2], ['admin.khcn', fx.org.deptA1]] as const) {
    db.insert(users).values({ username, fullName: username, role: 'admin', organisationId, passwordHash }).run();
  }
});

const form = (extra: Record<string, string> = {}) => ({
  code: 'SYT-HIS', nameVi: 'Hệ thống thông tin bệnh viện', ownerId: String(ctx.fx.org.deptA2), operatorId: String(ctx.fx.org.deptA2), securityUnitId: String(ctx.fx.org.deptA1),
  systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '01/01/2024', hosting: 'own_premises', separation: 'logical', stateFunded: '1', ...extra,
});
const systemRow = () => ctx.db.select().from(systems).where(eq(systems.id, systemId)).get()!;

describe('changing a system’s owner or operator', () => {
  it('is refused to a unit that only secures the system (422 on the fields, nothing written), and the owner keeps it', async () => {
    const security = await login(ctx.app, 'owner1');
    expect((await security.get(`/systems/${systemId}/edit`)).text).toContain('Đơn vị của bạn không phải chủ quản hệ thống này');
    const changes = () => auditEntries(ctx.db).filter((e) => e.action !== 'login').length;
    const before = changes();
    const res = await security.post(`/systems/${systemId}`, form({ ownerId: String(ctx.fx.org.deptA1), operatorId: String(ctx.fx.org.deptA1) }));
    expect(res.status).toBe(422);
    expect(res.text.match(/Chỉ chủ quản hệ thống \(hoặc cấp trên của chủ quản\) mới được thay đổi chủ quản và đơn vị vận hành\./g)).toHaveLength(2);
    expect(systemRow()).toMatchObject({ ownerId: ctx.fx.org.deptA2, operatorId: ctx.fx.org.deptA2 });
    expect(changes()).toBe(before);
    const owner = await login(ctx.app, 'owner');
    expect((await owner.get(`/systems/${systemId}`)).status).toBe(200);
  });

  it('is refused through an import as well, on the column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('He_thong');
    const cols = COLUMNS.He_thong;
    ws.addRow(cols.map((c) => c.header));
    const r: Record<string, string> = { code: 'SYT-HIS', nameVi: 'Hệ thống thông tin bệnh viện', ownerCode: 'SO-KHCN-A', operatorCode: 'SO-KHCN-A', systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '01/01/2024', hosting: 'own_premises', stateFunded: 'có' };
    ws.addRow(cols.map((c) => r[c.key] ?? ''));
    const security = await login(ctx.app, 'owner1');
    const res = await security.agent.post('/imports/upload').field('_csrf', security.csrf).attach('file', Buffer.from(await wb.xlsx.writeBuffer()), 'he-thong.xlsx');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Mã đơn vị chủ quản');
    expect(res.text).toContain('Chỉ chủ quản hệ thống (hoặc cấp trên của chủ quản) mới được thay đổi chủ quản và đơn vị vận hành.');
    expect(systemRow().ownerId).toBe(ctx.fx.org.deptA2);
  });

  it('is the owner’s to make, and both sides’ admins see the entry in their audit log', async () => {
    const owner = await login(ctx.app, 'owner');
    // the owner hands operation to its hospital
    expect((await owner.post(`/systems/${systemId}`, form({ operatorId: String(ctx.fx.org.unitA21) }))).status).toBe(303);
    // the province moves the system to the Department of Science
    const province = await login(ctx.app, 'admin');
    expect((await province.post(`/systems/${systemId}`, form({ ownerId: String(ctx.fx.org.deptA1), operatorId: String(ctx.fx.org.deptA1) }))).status).toBe(303);
    expect(systemRow()).toMatchObject({ ownerId: ctx.fx.org.deptA1, operatorId: ctx.fx.org.deptA1 });

    // the old owner no longer sees the system, but its admin sees where it went; the new one sees it too
    const oldSide = await login(ctx.app, 'admin.syt');
    expect((await oldSide.get(`/systems/${systemId}`)).status).toBe(404);
    const oldLog = (await oldSide.get('/audit?entity=system')).text;
    expect(oldLog).toMatch(/Chủ quản[\s\S]*?→/);
    expect(oldLog).toContain('Hệ thống thông tin bệnh viện');
    const newLog = (await (await login(ctx.app, 'admin.khcn')).get('/audit?entity=system')).text;
    expect(newLog).toContain('Hệ thống thông tin bệnh viện');
    // a province B admin sees neither
    expect((await (await login(ctx.app, 'adminb')).get('/audit?entity=system')).text).not.toContain('Hệ thống thông tin bệnh viện');
  });
});
