// The audit log page and its CSV: admins only, filtered, paginated, scoped to the admin's subtree.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { auditLog } from '../../src/db/schema/audit.js';
import { todayIso } from '../../src/i18n/format.js';
import { login, makeApp, type App, type Fixture } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
});

type Entry = typeof auditLog.$inferInsert;
const add = (e: Partial<Entry>) =>
  db.insert(auditLog).values({ actorName: 'admin', actorId: fx.user.admin, action: 'update', entityType: 'organisation', entityId: fx.org.deptA1, organisationId: fx.org.deptA1, ...e }).run();

/** The rows of the audit table, one per <time> cell. */
const rowCount = (html: string) => (html.match(/<time datetime=/g) ?? []).length;

const csvLines = (text: string) => text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('who may read the audit log', () => {
  it('lets an admin in', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Nhật ký hoạt động');
    // the admin's own sign-in is the one entry so far
    expect(rowCount(res.text)).toBe(1);
    expect(res.text).toContain('Đăng nhập');
  });

  it.each(['owner', 'viewer', 'auditor'])('refuses %s (403), page and CSV', async (username) => {
    const s = await login(app, username);
    expect((await s.get('/audit')).status).toBe(403);
    expect((await s.get('/audit.csv')).status).toBe(403);
  });

  it('sends a signed-out visitor to the login page', async () => {
    const { default: request } = await import('supertest');
    const res = await request(app).get('/audit');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

describe('the audit page', () => {
  it('shows only entries about organisations in the admin subtree', async () => {
    add({ summary: 'Trong phạm vi A', organisationId: fx.org.unitA21 });
    add({ summary: 'Của tỉnh B', organisationId: fx.org.provB, actorName: 'adminb', actorId: fx.user.adminB });
    add({ summary: 'Của nhà cung cấp', organisationId: fx.org.provider });
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit');
    expect(res.text).toContain('Trong phạm vi A');
    expect(res.text).not.toContain('Của tỉnh B');
    expect(res.text).not.toContain('Của nhà cung cấp');

    const adminB = await login(app, 'adminb');
    const b = await adminB.get('/audit');
    expect(b.text).toContain('Của tỉnh B');
    expect(b.text).not.toContain('Trong phạm vi A');
  });

  it('shows time, actor, action, entity with its system link, summary and the changes', async () => {
    add({
      at: '2026-03-05T02:30:00.000Z', actorName: 'owner', action: 'update', entityType: 'system', entityId: 7, systemId: 7,
      summary: 'Cổng dịch vụ công <b>tỉnh</b>', changes: { name: ['Cổng cũ', 'Cổng mới'], level: [2, 3] },
    });
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit?actor=owner');
    expect(res.status).toBe(200);
    expect(rowCount(res.text)).toBe(1);
    expect(res.text).toContain('05/03/2026 09:30'); // Vietnam time
    expect(res.text).toContain('Cập nhật');
    expect(res.text).toContain('Hệ thống thông tin');
    expect(res.text).toContain('href="/systems/7"');
    expect(res.text).toContain('Cổng dịch vụ công &lt;b&gt;tỉnh&lt;/b&gt;');
    expect(res.text).toMatch(/<span class="field-name">Tên:<\/span>\s*<span class="before">Cổng cũ<\/span>[^<]*<span aria-hidden="true">→<\/span>[\s\S]{0,120}<span class="after">Cổng mới/);
    expect(res.text).toMatch(/Level:<\/span>\s*<span class="before">2<\/span>[\s\S]{0,160}<span class="after">3/);
  });

  it('filters by actor, entity type and date range', async () => {
    add({ at: '2025-01-14T16:59:59.000Z', summary: 'ngày 14' }); // 23:59:59 on 14/01 in Vietnam
    add({ at: '2025-01-14T17:00:00.000Z', summary: 'ngày 15 sáng' }); // 00:00 on 15/01 in Vietnam
    add({ at: '2025-01-15T16:59:00.000Z', summary: 'ngày 15 tối', entityType: 'user', entityId: fx.user.owner, actorName: 'owner' });
    add({ at: '2025-01-16T01:00:00.000Z', summary: 'ngày 16' });
    const admin = await login(app, 'admin');

    const day = await admin.get('/audit?from=15/01/2025&to=15/01/2025');
    expect(day.status).toBe(200);
    expect(rowCount(day.text)).toBe(2);
    expect(day.text).toContain('ngày 15 sáng');
    expect(day.text).toContain('ngày 15 tối');
    expect(day.text).not.toContain('ngày 14');
    expect(day.text).not.toContain('ngày 16');
    expect(day.text).toContain('value="15/01/2025"'); // the filter comes back as typed

    const users = await admin.get('/audit?entity=user&to=31/01/2025');
    expect(rowCount(users.text)).toBe(1);
    expect(users.text).toContain('ngày 15 tối');

    const byOwner = await admin.get('/audit?actor=owner');
    expect(rowCount(byOwner.text)).toBe(1);

    const nobody = await admin.get('/audit?actor=adminb');
    expect(rowCount(nobody.text)).toBe(0);
    expect(nobody.text).toContain('Không có bản ghi nào khớp bộ lọc.');
  });

  it('explains a bad date instead of failing', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit?from=31/02/2025&to=hôm-qua');
    expect(res.status).toBe(200);
    expect(res.text.match(/Ngày không hợp lệ \(định dạng dd\/mm\/yyyy\)\./g)).toHaveLength(2);
    expect(res.text).toContain('value="hôm-qua"');

    const reversed = await admin.get('/audit?from=10/01/2025&to=01/01/2025');
    expect(reversed.status).toBe(200);
    expect(reversed.text).toContain('Ngày kết thúc không được sớm hơn ngày bắt đầu.');
  });

  it('pages 50 entries at a time, newest first', async () => {
    for (let i = 1; i <= 120; i++) add({ summary: `mục số ${String(i).padStart(3, '0')}`, actorName: 'bulk' });
    const admin = await login(app, 'admin');
    const first = await admin.get('/audit?actor=bulk');
    expect(rowCount(first.text)).toBe(50);
    expect(first.text.indexOf('mục số 120')).toBeGreaterThan(-1);
    expect(first.text.indexOf('mục số 120')).toBeLessThan(first.text.indexOf('mục số 119'));
    expect(first.text).not.toContain('mục số 070');
    expect(first.text).toContain('Trang 1/3');
    expect(first.text).toContain('href="?actor=bulk&amp;page=2"');
    const last = await admin.get('/audit?actor=bulk&page=3');
    expect(rowCount(last.text)).toBe(20);
    expect(last.text).toContain('mục số 001');
  });
});

describe('the audit CSV', () => {
  it('has a BOM, the columns, an attachment name and only in-scope entries', async () => {
    add({ summary: 'Sở Khoa học và Công nghệ, cập nhật', changes: { nameVi: ['Sở KH&CN', 'Sở Khoa học và Công nghệ'] }, ip: '10.0.0.5' });
    add({ summary: 'Của tỉnh B', organisationId: fx.org.provB });
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit.csv').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-${todayIso()}.csv"`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csvLines(bytes.toString('utf8'));
    // in the reader's language; the changes in words, and as recorded in the last column
    expect(lines[0]).toBe('"Thời điểm (giờ Việt Nam)","Người thực hiện","Thao tác","Đối tượng","Mã số đối tượng","Mô tả","Nội dung thay đổi","Địa chỉ IP","Dữ liệu thay đổi gốc (JSON, dành cho máy)"');
    const text = lines.join('\n');
    expect(text).toContain('"Sở Khoa học và Công nghệ, cập nhật"');
    expect(text).toContain('"Tên: Sở KH&CN → Sở Khoa học và Công nghệ","10.0.0.5","{""nameVi"":[""Sở KH&CN"",""Sở Khoa học và Công nghệ""]}"');
    expect(text).not.toContain('Của tỉnh B');
    // the admin's login entry plus the in-scope one
    expect(lines).toHaveLength(3);
  });

  it('guards cells against formula injection', async () => {
    add({ summary: '=HYPERLINK("http://evil.example","bấm vào đây")', actorName: '@evil' });
    add({ summary: '+84 912 345 678', actorName: 'admin' });
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit.csv');
    const text = csvLines(res.text).join('\n');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""bấm vào đây"")"`);
    expect(text).toContain(`"'@evil"`);
    expect(text).toContain(`"'+84 912 345 678"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('applies the page filters', async () => {
    add({ summary: 'cũ', at: '2024-06-01T03:00:00.000Z' });
    add({ summary: 'mới', at: '2025-06-01T03:00:00.000Z' });
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit.csv?from=01/01/2025&to=31/12/2025&entity=organisation');
    const lines = csvLines(res.text);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"01\/06\/2025 10:00","admin","Cập nhật","Cơ quan, đơn vị","\d+","mới","","",""$/);
  });

  it('refuses a bad date with the page and its message, not a wider file', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/audit.csv?from=99/99/2025');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Ngày không hợp lệ');
  });
});
