import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { auditEntries, lastAudit, login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  ctx = await makeApp();
});

const count = () => ctx.db.select().from(organisations).all().length;
const valid = (extra: Record<string, string> = {}) => ({
  code: 'SO-TC-A', nameVi: 'Sở Tài chính', kind: 'agency', parentId: String(ctx.fx.org.provA), contactEmail: 'stc@anhoa.gov.vn', ...extra,
});

describe('organisation tree', () => {
  it('lists the actor’s subtree only', async () => {
    const s = await login(ctx.app, 'owner');
    const res = await s.get('/organisations');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sở Y tế');
    expect(res.text).toContain('Bệnh viện Đa khoa tỉnh');
    expect(res.text).not.toContain('Sở Khoa học và Công nghệ');
    expect(res.text).not.toContain('Bắc Lâm');
  });

  it('answers 404 for an organisation outside the subtree, and for malformed ids', async () => {
    const s = await login(ctx.app, 'adminb');
    expect((await s.get(`/organisations/${ctx.fx.org.deptA1}`)).status).toBe(404);
    expect((await s.get('/organisations/abc')).status).toBe(404);
    expect((await s.get('/organisations/99999999')).status).toBe(404);
  });
});

describe('create', () => {
  it('creates under the admin’s subtree with one audit entry', async () => {
    const s = await login(ctx.app, 'admin');
    const before = auditEntries(ctx.db).length;
    const res = await s.post('/organisations', valid());
    expect(res.status).toBe(303);
    const org = ctx.db.select().from(organisations).where(eq(organisations.code, 'SO-TC-A')).get()!;
    expect(org.nameVi).toBe('Sở Tài chính');
    expect(org.searchText).toBe('so-tc-a so tai chinh');
    expect(res.headers.location).toBe(`/organisations/${org.id}`);
    expect(auditEntries(ctx.db).length).toBe(before + 1);
    const entry = lastAudit(ctx.db)!;
    expect(entry).toMatchObject({ action: 'create', entityType: 'organisation', entityId: org.id, actorName: 'admin' });
    expect(entry.changes).toMatchObject({ code: [null, 'SO-TC-A'], nameVi: [null, 'Sở Tài chính'] });
  });

  it('re-renders with per-field messages (422) and writes nothing on bad input', async () => {
    const s = await login(ctx.app, 'admin');
    const n = count();
    const audits = auditEntries(ctx.db).length;
    const res = await s.post('/organisations', valid({ code: 'có dấu', nameVi: '', contactEmail: 'not-an-email', kind: 'other' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('Mã chỉ gồm chữ không dấu');
    expect(res.text).toContain('Vui lòng nhập thông tin này.');
    expect(res.text).toContain('Địa chỉ thư điện tử không hợp lệ.');
    expect(res.text).toContain('value="not-an-email"'); // the user's values are kept
    expect(count()).toBe(n);
    expect(auditEntries(ctx.db).length).toBe(audits);
  });

  it('refuses a duplicate code and a parent outside the subtree', async () => {
    const s = await login(ctx.app, 'admin');
    const n = count();
    expect((await s.post('/organisations', valid({ code: 'so-khcn-a' }))).text).toContain('Mã này đã được dùng.');
    const res = await s.post('/organisations', valid({ parentId: String(ctx.fx.org.provB) }));
    expect(res.status).toBe(422);
    expect(count()).toBe(n);
  });

  it('survives repeated fields and odd types without a 500', async () => {
    const s = await login(ctx.app, 'admin');
    const res = await s.agent.post('/organisations').type('form').send(`_csrf=${s.csrf}&code=A&code=B&nameVi=X&kind=agency&parentId=${ctx.fx.org.provA}`);
    expect(res.status).toBe(422);
  });

  it.each(['owner', 'viewer', 'auditor'])('is forbidden to %s (403, nothing written)', async (who) => {
    const s = await login(ctx.app, who);
    const n = count();
    const res = await s.post('/organisations', valid());
    expect(res.status).toBe(403);
    expect(count()).toBe(n);
  });
});

describe('edit', () => {
  it('records the changed fields only', async () => {
    const s = await login(ctx.app, 'admin');
    const id = ctx.fx.org.deptA2;
    const res = await s.post(`/organisations/${id}`, { code: 'SO-YT-A', nameVi: 'Sở Y tế tỉnh An Hòa', kind: 'agency', parentId: String(ctx.fx.org.provA), contactPhone: '0203 3822 111' });
    expect(res.status).toBe(303);
    const entry = lastAudit(ctx.db)!;
    expect(entry.action).toBe('update');
    expect(entry.changes).toEqual({ nameVi: ['Sở Y tế', 'Sở Y tế tỉnh An Hòa'], contactPhone: [null, '0203 3822 111'] });
  });

  it('refuses to put an organisation under its own descendant', async () => {
    const s = await login(ctx.app, 'admin');
    const res = await s.post(`/organisations/${ctx.fx.org.deptA2}`, { code: 'SO-YT-A', nameVi: 'Sở Y tế', kind: 'agency', parentId: String(ctx.fx.org.unitA21) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Không thể đặt đơn vị trực thuộc chính nó');
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, ctx.fx.org.deptA2)).get()!.parentId).toBe(ctx.fx.org.provA);
  });

  it('answers 404 to an admin of another province', async () => {
    const s = await login(ctx.app, 'adminb');
    const res = await s.post(`/organisations/${ctx.fx.org.deptA2}`, { code: 'X', nameVi: 'X', kind: 'agency', parentId: String(ctx.fx.org.provB) });
    expect(res.status).toBe(404);
  });
});

describe('delete', () => {
  it('deletes an empty organisation with an audit entry', async () => {
    const s = await login(ctx.app, 'admin');
    await s.post('/organisations', valid());
    const org = ctx.db.select().from(organisations).where(eq(organisations.code, 'SO-TC-A')).get()!;
    const res = await s.post(`/organisations/${org.id}/delete`, { confirm: '1' });
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, org.id)).get()).toBeUndefined();
    expect(lastAudit(ctx.db)).toMatchObject({ action: 'delete', entityType: 'organisation', entityId: org.id });
  });

  it('refuses when the organisation has children or systems, with a clear message', async () => {
    const s = await login(ctx.app, 'admin');
    const res = await s.post(`/organisations/${ctx.fx.org.deptA2}/delete`, { confirm: '1' });
    expect(res.status).toBe(303);
    const page = await s.get(res.headers.location!);
    expect(page.text).toContain('Không thể xóa: đơn vị còn 1 đơn vị trực thuộc');
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, ctx.fx.org.deptA2)).get()).toBeDefined();

    ctx.db.insert(systems).values({ code: 'HT-1', nameVi: 'Hệ thống', ownerId: ctx.fx.org.deptA1, operatorId: ctx.fx.org.deptA1, systemType: 'internal' }).run();
    const audits = auditEntries(ctx.db).length;
    await s.post(`/organisations/${ctx.fx.org.deptA1}/delete`, { confirm: '1' });
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, ctx.fx.org.deptA1)).get()).toBeDefined();
    expect(auditEntries(ctx.db).length).toBe(audits);
  });

  it('refuses to delete the admin’s own organisation', async () => {
    const s = await login(ctx.app, 'admin');
    const res = await s.post(`/organisations/${ctx.fx.org.provA}/delete`, { confirm: '1' });
    expect(res.status).toBe(303);
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, ctx.fx.org.provA)).get()).toBeDefined();
  });

  it('needs the CSRF token (403, nothing deleted)', async () => {
    const s = await login(ctx.app, 'admin');
    await s.post('/organisations', valid());
    const org = ctx.db.select().from(organisations).where(eq(organisations.code, 'SO-TC-A')).get()!;
    const res = await s.agent.post(`/organisations/${org.id}/delete`).type('form').send({ confirm: '1' });
    expect(res.status).toBe(403);
    expect(ctx.db.select().from(organisations).where(eq(organisations.id, org.id)).get()).toBeDefined();
  });
});
