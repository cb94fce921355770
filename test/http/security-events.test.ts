// Refused writes are security events: a POST a signed-in user is refused (403, 404, 422) leaves one event —
// who, from where, which route and record, when, with what answer — and never the values submitted. Admins
// read them on the audit page (kind "security events"): those of users in their subtree, and those on
// their subtree's records (another tenant probing them).
import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import { securityEvents } from '../../src/db/schema/security.js';
import { systems } from '../../src/db/schema/systems.js';
import { recordOfPath } from '../../src/modules/audit/security-events.routes.js';
import { auditEntries, login, makeApp, makeDemoApp } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  ctx = await makeApp();
});

const events = () => ctx.db.select().from(securityEvents).all();
const SECRET = 'Bí-mật-không-được-lưu-7731';

const systemForm = (extra: Record<string, string> = {}) => ({
  code: 'AH-HTTT-001', nameVi: 'Hệ thống quản lý văn bản', ownerId: String(ctx.fx.org.provA), operatorId: String(ctx.fx.org.deptA2),
  securityUnitId: String(ctx.fx.org.deptA1), systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '15/03/2024',
  hosting: 'own_premises', separation: 'logical', stateFunded: '1', ...extra,
});

/** The one event a refused request left, with nothing of what was submitted in it. */
function oneEventWithoutTheValues(before: number) {
  const rows = events();
  expect(rows.length).toBe(before + 1);
  const event = rows.at(-1)!;
  expect(JSON.stringify(event)).not.toContain(SECRET);
  expect(JSON.stringify(event)).not.toContain('Bí-mật');
  return event;
}

describe('a refused write leaves one security event without the submitted values', () => {
  it('403: a role that may not write (the viewer creating a system)', async () => {
    const viewer = await login(ctx.app, 'viewer');
    const audits = auditEntries(ctx.db).length;
    const res = await viewer.post('/systems', systemForm({ nameVi: SECRET, description: SECRET }));
    expect(res.status).toBe(403);
    const event = oneEventWithoutTheValues(0);
    expect(event).toMatchObject({
      actorId: ctx.fx.user.viewer, actorName: 'viewer', organisationId: ctx.fx.org.provA, method: 'POST', path: '/systems',
      status: 403, entityType: 'system', entityId: null, fields: null,
    });
    expect(event.ip).toBeTruthy();
    expect(Date.now() - Date.parse(event.at)).toBeLessThan(60_000);
    // a refusal changed nothing: the audit trail of changes has no entry for it
    expect(auditEntries(ctx.db).length).toBe(audits);
    expect(ctx.db.select().from(systems).all()).toEqual([]);
  });

  it('404: another tenant’s record (province B’s admin editing a province A organisation)', async () => {
    const adminB = await login(ctx.app, 'adminb');
    const res = await adminB.post(`/organisations/${ctx.fx.org.deptA1}`, { code: 'SO-KHCN-A', nameVi: SECRET, parentId: String(ctx.fx.org.provA) });
    expect(res.status).toBe(404);
    expect(oneEventWithoutTheValues(0)).toMatchObject({
      actorName: 'adminb', organisationId: ctx.fx.org.provB, path: `/organisations/${ctx.fx.org.deptA1}`, status: 404,
      entityType: 'organisation', entityId: ctx.fx.org.deptA1, fields: null,
    });
  });

  it('422: a form that does not hold keeps the names of the fields in error, not their values', async () => {
    const owner = await login(ctx.app, 'owner');
    const res = await owner.post('/systems', systemForm({ nameVi: SECRET, goLiveDate: `31/02/2024 ${SECRET}`, operatorId: SECRET }));
    expect(res.status).toBe(422);
    expect(res.text).toContain(SECRET); // the form shows the user's values back, as ever
    const event = oneEventWithoutTheValues(0);
    expect(event).toMatchObject({ actorName: 'owner', organisationId: ctx.fx.org.deptA2, path: '/systems', status: 422, entityType: 'system', entityId: null });
    expect(event.fields).toEqual(expect.arrayContaining(['goLiveDate', 'operatorId']));
  });

  it('403: a write without the session’s CSRF token, and the deepest record of a nested route', async () => {
    const owner = await login(ctx.app, 'owner');
    const res = await owner.agent.post(`/operators/12/certificates/34`).type('form').send({ _csrf: 'wrong', number: SECRET });
    expect(res.status).toBe(403);
    expect(oneEventWithoutTheValues(0)).toMatchObject({ status: 403, path: '/operators/12/certificates/34', entityType: 'certificate', entityId: 34 });
  });

  it('404: a write to a route that does not exist', async () => {
    const owner = await login(ctx.app, 'owner');
    expect((await owner.post('/nothing-here/5', { x: SECRET })).status).toBe(404);
    expect(oneEventWithoutTheValues(0)).toMatchObject({ path: '/nothing-here/5', status: 404, entityType: null, entityId: null });
  });

  it('leaves nothing for a write that succeeds, for a read that is refused, or for a signed-out visitor', async () => {
    const owner = await login(ctx.app, 'owner');
    expect((await owner.post('/systems', systemForm({ ownerId: String(ctx.fx.org.deptA2) }))).status).toBe(303);
    expect((await owner.get('/audit')).status).toBe(403);
    expect((await owner.get('/systems/99999')).status).toBe(404);
    const { default: request } = await import('supertest');
    expect((await request(ctx.app).post('/systems').type('form').send({ nameVi: SECRET })).status).toBe(403);
    expect(events()).toEqual([]);
  });

  it('is append-only', async () => {
    const viewer = await login(ctx.app, 'viewer');
    await viewer.post('/systems', systemForm());
    expect(() => ctx.db.$client.prepare('UPDATE security_events SET status = 200').run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare('DELETE FROM security_events').run()).toThrow(/append-only/);
  });
});

describe('admins read the security events of their subtree on the audit page', () => {
  it('lists them under the "security events" kind, filtered, and as CSV; another tenant’s admin sees only its own user’s', async () => {
    const viewer = await login(ctx.app, 'viewer');
    await viewer.post('/systems', systemForm({ nameVi: SECRET }));
    const owner = await login(ctx.app, 'owner');
    await owner.post('/systems', systemForm({ operatorId: 'abc' }));
    const adminB = await login(ctx.app, 'adminb');
    await adminB.post(`/organisations/${ctx.fx.org.deptA1}`, { code: 'X', nameVi: 'Y' });

    const admin = await login(ctx.app, 'admin');
    const changes = await admin.get('/audit');
    expect(changes.text).not.toContain('Không có quyền (403)'); // the changes are listed by default
    const page = await admin.get('/audit?kind=security');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Sự kiện an ninh');
    expect(page.text).toContain('Không có quyền (403)');
    expect(page.text).toContain('Dữ liệu không hợp lệ (422)');
    expect(page.text).toContain('POST /systems');
    expect(page.text).toContain('operatorId');
    // province B's admin refused on a province A organisation: filed under both
    expect(page.text).toContain('adminb');
    expect(page.text).not.toContain(SECRET);
    expect((page.text.match(/<time datetime=/g) ?? []).length).toBe(3);

    const viewerOnly = await admin.get('/audit?kind=security&actor=viewer');
    expect((viewerOnly.text.match(/<time datetime=/g) ?? []).length).toBe(1);
    expect(viewerOnly.text).not.toContain('Dữ liệu không hợp lệ (422)');

    const csv = await admin.get('/audit.csv?kind=security');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain('security-events-');
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines.length).toBe(4);
    expect(csv.text).not.toContain(SECRET);
    // the page's columns in words, local time (dd/mm/yyyy)
    const header = ['Thời điểm (giờ Việt Nam)', 'Người thực hiện', 'Địa chỉ IP', 'Lý do từ chối', 'Đối tượng', 'Mã số đối tượng', 'Đường dẫn', 'Trường bị báo lỗi'];
    expect(lines[0]).toBe(header.map((h) => `"${h}"`).join(','));
    expect(csv.text).toContain('Không có quyền (403)');
    expect(csv.text).toContain('Hệ thống thông tin');
    expect(csv.text).toContain('POST /systems');
    expect(lines[1]).toMatch(/^"\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    // the spreadsheet carries the same kind and columns
    const xlsx = await admin.get('/exports/audit.xlsx?kind=security').buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('su-kien-an-ninh-');
    const ws = (await new ExcelJS.Workbook().xlsx.load(xlsx.body as unknown as ExcelJS.Buffer)).worksheets[0]!;
    expect(ws.name).toBe('Sự kiện an ninh');
    expect(ws.getRow(1).values).toEqual([undefined, ...header]);
    expect(ws.rowCount).toBe(4);
    expect(page.text).toContain('/exports/audit.xlsx?kind=security');

    const b = await adminB.get('/audit?kind=security');
    expect(b.text).toContain('Không tìm thấy hoặc ngoài phạm vi (404)');
    expect((b.text.match(/<time datetime=/g) ?? []).length).toBe(1);
    expect(b.text).not.toContain('viewer');
    // only admins read them
    expect((await owner.get('/audit?kind=security')).status).toBe(403);
    expect((await owner.get('/audit.csv?kind=security')).status).toBe(403);
  });
});

describe('a refusal is filed under the record it was aimed at', () => {
  it('reads the system and organisation of the record the path names, whoever the actor is', async () => {
    const sys = ctx.db.insert(systems).values({
      code: 'A-HTTT-9', nameVi: 'Hệ thống A', ownerId: ctx.fx.org.provA, operatorId: ctx.fx.org.deptA2, systemType: 'internal',
      lifecycleStatus: 'in_operation', hosting: 'own_premises', separation: 'logical', stateFunded: true,
    }).returning().get().id;
    const adminB = await login(ctx.app, 'adminb');
    expect((await adminB.post(`/systems/${sys}/edit`, { nameVi: 'X' })).status).toBe(404);
    expect((await adminB.post(`/organisations/${ctx.fx.org.deptA1}`, { code: 'X', nameVi: 'Y' })).status).toBe(404);
    expect((await adminB.post('/systems/999999/edit', { nameVi: 'X' })).status).toBe(404);
    expect(events().map((e) => [e.entityType, e.entityId, e.targetSystemId, e.targetOrganisationId])).toEqual([
      ['system', sys, sys, null],
      ['organisation', ctx.fx.org.deptA1, null, ctx.fx.org.deptA1],
      ['system', 999999, null, null], // no such record: the actor's side only
    ]);
    // province A's admin reads the two aimed at its records, not the one at a record that does not exist;
    // province B's admin reads all three (its own user's)
    const rows = (text: string) => (text.match(/<time datetime=/g) ?? []).length;
    const admin = await login(ctx.app, 'admin');
    const seen = (await admin.get('/audit?kind=security')).text;
    expect(rows(seen)).toBe(2);
    expect(seen).toContain(`/systems/${sys}/edit`);
    expect(seen).not.toContain('/systems/999999/edit');
    expect(rows((await adminB.get('/audit?kind=security')).text)).toBe(3);
  });
});

describe('the demo', () => {
  it('shows the province’s admin three refused writes of last week, and the ministry’s admin the one aimed at its system', async () => {
    const demo = await makeDemoApp();
    const admin = await login(demo.app, 'admin', 'capdo-demo');
    const page = await admin.get('/audit?kind=security');
    expect((page.text.match(/<time datetime=/g) ?? []).length).toBe(3);
    for (const refusal of ['Không có quyền (403)', 'Không tìm thấy hoặc ngoài phạm vi (404)', 'Dữ liệu không hợp lệ (422)', 'goLiveDate']) expect(page.text).toContain(refusal);
    // the ministry's admin reads the one aimed at its own system (the province owner's 404), not the province's others
    const ministry = await login(demo.app, 'admin.bo', 'capdo-demo');
    const theirs = (await ministry.get('/audit?kind=security')).text;
    expect((theirs.match(/<time datetime=/g) ?? []).length).toBe(1);
    expect(theirs).toContain('Không tìm thấy hoặc ngoài phạm vi (404)');
    expect(theirs).not.toContain('Không có quyền (403)');
  });
});

describe('the record a path names', () => {
  it.each([
    ['/systems', { type: 'system', id: null }],
    ['/systems/5/edit', { type: 'system', id: 5 }],
    ['/systems/5/decisions', { type: 'system', id: 5 }],
    ['/systems/5/decisions/7/approve', { type: 'level_decision', id: 7 }],
    ['/operators/3/certificates/9', { type: 'certificate', id: 9 }],
    ['/systems/007/edit', { type: 'system', id: null }],
    ['/imports/upload', null],
  ] as const)('%s', (path, record) => {
    expect(recordOfPath(path)).toEqual(record);
  });
});
