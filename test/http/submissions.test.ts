import { beforeEach, describe, expect, it } from 'vitest';
import { annualReports, selfInspectionNotices } from '../../src/db/schema/compliance.js';
import { systems } from '../../src/db/schema/systems.js';
import { auditEntries, lastAudit, login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let systemId: number;
beforeEach(async () => {
  ctx = await makeApp();
  systemId = ctx.db
    .insert(systems)
    .values({ code: 'A-NS', nameVi: 'Hệ thống quan trọng', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'infrastructure', nationalSecurityImportant: true, lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' })
    .returning()
    .get().id;
});

describe('annual reports (REP-01)', () => {
  it('records and then updates the report of a year, one audit entry each', async () => {
    const s = await login(ctx.app, 'admin');
    let res = await s.post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2025', internalDate: '18/12/2025', reference: '123/BC-UBND' });
    expect(res.status).toBe(303);
    res = await s.post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2025', internalDate: '18/12/2025', authorityDate: '24/12/2025', reference: '123/BC-UBND' });
    expect(res.status).toBe(303);
    const rows = ctx.db.select().from(annualReports).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ year: 2025, internalDate: '2025-12-18', authorityDate: '2025-12-24' });
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'annual_report', action: 'update', changes: { authorityDate: [null, '2025-12-24'] } });
    expect((await s.get(`/organisations/${ctx.fx.org.provA}`)).text).toContain('123/BC-UBND');
  });

  it('refuses a report dated before its period ends, or in the future, and writes nothing', async () => {
    const s = await login(ctx.app, 'admin');
    const n = auditEntries(ctx.db).length;
    const res = await s.post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2025', internalDate: '01/12/2025', reference: 'Số 12/BC-UBND — “năm 2025”' });
    // the form comes back with the values typed and the error on its field
    expect(res.status).toBe(422);
    expect(res.text).toContain('Ngày báo cáo không thể trước khi kỳ báo cáo kết thúc (14/12).');
    expect(res.text).toContain('value="01/12/2025"');
    expect(res.text).toContain('Số 12/BC-UBND — “năm 2025”');
    expect(res.text).toContain(`action="/organisations/${ctx.fx.org.provA}/annual-reports"`);
    const future = await s.post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2099', internalDate: '20/12/2099' });
    expect(future.status).toBe(422);
    expect((await s.post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: 'năm nay' })).status).toBe(422);
    expect(ctx.db.select().from(annualReports).all()).toHaveLength(0);
    expect(auditEntries(ctx.db).length).toBe(n);
  });

  it('is refused to viewers (403) and to another province (404)', async () => {
    expect((await (await login(ctx.app, 'viewer')).post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2025', internalDate: '18/12/2025' })).status).toBe(403);
    expect((await (await login(ctx.app, 'adminb')).post(`/organisations/${ctx.fx.org.provA}/annual-reports`, { year: '2025', internalDate: '18/12/2025' })).status).toBe(404);
    expect(ctx.db.select().from(annualReports).all()).toHaveLength(0);
  });
});

describe('self-inspection notices (LVL-07)', () => {
  it('shows the card for a national-security-important system and records a notice once per year', async () => {
    const s = await login(ctx.app, 'owner');
    expect((await s.get(`/systems/${systemId}`)).text).toContain('Thông báo tự kiểm tra hằng năm');
    expect((await s.post(`/systems/${systemId}/notices`, { year: '2026', sentDate: '15/09/2026', reference: '45/TB-SYT' })).status).toBe(303);
    expect(ctx.db.select().from(selfInspectionNotices).all()).toHaveLength(1);
    expect(lastAudit(ctx.db)).toMatchObject({ entityType: 'self_inspection_notice', systemId });
    const again = await s.post(`/systems/${systemId}/notices`, { year: '2026', sentDate: '20/09/2026' });
    expect(again.status).toBe(422); // one notice a year: the year field says so
    expect(again.text).toContain('Đã có thông báo của năm này.');
    expect(ctx.db.select().from(selfInspectionNotices).all()).toHaveLength(1);
    const outside = await s.post(`/systems/${systemId}/notices`, { year: '2025', sentDate: '15/09/2026' }); // date outside the year
    expect(outside.status).toBe(422);
    expect(outside.text).toContain('Ngày gửi phải thuộc năm của thông báo.');
    expect(outside.text).toContain('value="15/09/2026"');
    expect(ctx.db.select().from(selfInspectionNotices).all()).toHaveLength(1);
  });

  it('needs the CSRF token', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.agent.post(`/systems/${systemId}/notices`).type('form').send({ year: '2026', sentDate: '15/09/2026' });
    expect(res.status).toBe(403);
    expect(ctx.db.select().from(selfInspectionNotices).all()).toHaveLength(0);
  });
});
