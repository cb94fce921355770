// The calendar: the one list of what falls due (docs/rules.md §8) across the systems a user may see —
// assessments, their reports, contracts, provider licences, annual reports, notices — and the private .ics
// feed behind a token.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { assessments, calendarTokens } from '../../src/db/schema/assessments.js';
import { annualReports } from '../../src/db/schema/compliance.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engagements, layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { actorFor } from '../../src/modules/access/index.js';
import { engineConfigFrom } from '../../src/modules/evaluation/index.js';
import { calendarItems, type CalendarItem } from '../../src/modules/calendar/calendar.service.js';
import { auditEntries, login, makeApp, type App, type Fixture } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

// "today" in Vietnam: 1 Nov 2025, 10:00 (03:00 UTC)
const TODAY = '2025-11-01';

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(`${TODAY}T03:00:00Z`));
  ({ app, db, fx } = await makeApp());
});

afterEach(() => {
  vi.useRealTimers();
});

// ---- data, written straight to the tables (the protection and assessment screens are other modules) ----

function addSystem(o: { code: string; nameVi: string; ownerId: number; goLive?: string | null; nsi?: boolean; status?: 'in_operation' | 'planned' }): number {
  return db
    .insert(systems)
    .values({
      code: o.code, nameVi: o.nameVi, ownerId: o.ownerId, operatorId: o.ownerId, systemType: 'public_service',
      lifecycleStatus: o.status ?? 'in_operation', goLiveDate: o.goLive === undefined ? '2024-03-01' : o.goLive,
      nationalSecurityImportant: o.nsi ?? false,
    })
    .returning()
    .get().id;
}

function approve(systemId: number, level: number, approvalDate: string): void {
  db.insert(levelDecisions)
    .values({ systemId, regime: 'nd331', answers: {}, computedLevel: level, proposedLevel: level, dossierStatus: 'approved', approvalDate, approvalNumber: `${systemId}/QĐ` })
    .run();
}

function assess(systemId: number, performedDate: string, reportedDate: string | null = null): void {
  db.insert(assessments).values({ systemId, assessorId: fx.org.provider, kind: 'periodic', performedDate, reportedDate }).run();
}

function monitor(systemId: number, endDate: string, contractNumber = '15/2025/HĐ-GS'): void {
  db.insert(layer2Monitoring).values({ systemId, mode: 'provider', providerId: fx.org.monitor, contractNumber, startDate: '2024-01-01', endDate }).run();
}

function engage(systemId: number): void {
  db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider, startDate: '2025-01-01' }).run();
}

/** A level-3 system of Sở Y tế, live since March 2024, level approved in March 2025. */
function level3System(code = 'HT-YT-01', nameVi = 'Cổng dịch vụ công Sở Y tế'): number {
  const id = addSystem({ code, nameVi, ownerId: fx.org.deptA2 });
  approve(id, 3, '2025-03-10');
  return id;
}

const userRow = (id: number) => db.select().from(users).where(eq(users.id, id)).get()!;
const itemsFor = (userId: number, today = TODAY, extra: { kind?: CalendarItem['kind'] } = {}) =>
  calendarItems(db, actorFor(db, userRow(userId)), engineConfigFrom(), { today, ...extra });
const ofSystem = (items: readonly CalendarItem[], systemId: number) => items.filter((i) => i.systems.some((s) => s.id === systemId));

describe('assessments and their reports', () => {
  it('shows a level-3 system with no assessment in the current cycle as due on 14 Dec, with its report', async () => {
    const id = level3System();
    const mine = ofSystem(itemsFor(fx.user.admin), id);
    expect(mine.map((i) => [i.kind, i.date, i.rule, i.overdue])).toEqual([
      ['assessment', '2025-12-14', 'ASM-01', false],
      ['assessment_report', '2025-12-14', 'ASM-01', false],
    ]);
    expect(mine[0]!.uid).toBe(`asm-01-2025-12-14-s${id}@capdo`);
    expect(mine[0]!.citation).toContain('Chỉ thị 14/CT-TTg');

    const admin = await login(app, 'admin');
    const res = await admin.get('/calendar');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Tháng 12 năm 2025');
    expect(res.text).toContain(`href="/systems/${id}"`);
    expect(res.text).toContain('Kiểm tra, đánh giá độc lập hằng năm, kỳ 15/12/2024 – 14/12/2025');
    expect(res.text).toContain('Gửi kết quả kiểm tra, đánh giá kỳ 15/12/2024 – 14/12/2025 tới cơ quan có thẩm quyền');
    expect(res.text).toContain('ASM-01');
  });

  it('is not due again until the next cycle once an assessment is performed inside the cycle', () => {
    const id = level3System();
    assess(id, '2025-06-10');
    const mine = ofSystem(itemsFor(fx.user.admin), id);
    expect(mine.filter((i) => i.kind === 'assessment')).toEqual([]);
    // the result still has to reach the authority before 14 Dec
    expect(mine.map((i) => [i.kind, i.date])).toEqual([['assessment_report', '2025-12-14']]);
  });

  it('drops the report once the cycle’s assessment is recorded as reported', () => {
    const id = level3System();
    assess(id, '2025-06-10', '2025-06-20');
    expect(ofSystem(itemsFor(fx.user.admin), id)).toEqual([]);
  });

  it('shows a missed cycle as overdue, first, in red', async () => {
    const id = level3System();
    const other = addSystem({ code: 'HT-KHCN', nameVi: 'Hệ thống một cửa', ownerId: fx.org.deptA1 });
    monitor(other, '2026-05-20'); // within 90 days of 1 Apr 2026
    const items = itemsFor(fx.user.admin, '2026-04-01');
    const first = ofSystem(items, id)[0];
    expect(first).toMatchObject({ kind: 'assessment', overdue: true, date: '2025-12-14', uid: `asm-01-2025-12-14-s${id}@capdo` });
    // by date: the overdue duties come before everything still to come
    expect(items.filter((i) => i.overdue).every((i, n) => items.indexOf(i) === n)).toBe(true);

    vi.setSystemTime(new Date('2026-04-01T03:00:00Z'));
    const admin = await login(app, 'admin');
    const html = (await admin.get('/calendar')).text;
    const overdue = html.slice(html.indexOf('id="overdue"'), html.indexOf('</section>', html.indexOf('id="overdue"')));
    expect(overdue).toContain('tag-warn');
    expect(overdue).toContain('Chưa có kiểm tra, đánh giá độc lập trong kỳ 15/12/2024 – 14/12/2025');
    expect(html.indexOf('Tháng 5 năm 2026')).toBeGreaterThan(html.indexOf('id="overdue"'));
    expect(html.indexOf('id="overdue"')).toBeGreaterThan(0);
  });

  it('gives a level-5 system half-year dates: 14 Dec, then 14 Jun', () => {
    const id = addSystem({ code: 'HT-L5', nameVi: 'Trung tâm dữ liệu tỉnh', ownerId: fx.org.deptA1 });
    approve(id, 5, '2025-07-01'); // inside the half-year 15 Jun – 14 Dec: the first one owed ends 14 Dec
    const inAutumn = ofSystem(itemsFor(fx.user.admin, '2025-11-01', { kind: 'assessment' }), id);
    expect(inAutumn.map((i) => [i.date, i.rule])).toEqual([['2025-12-14', 'ASM-02']]);
    expect(inAutumn[0]!.messageKey).toBe('due.assessment.half');

    assess(id, '2025-10-01', '2025-10-15');
    const inSpring = ofSystem(itemsFor(fx.user.admin, '2026-04-01'), id).filter((i) => i.kind === 'assessment' || i.kind === 'assessment_report');
    expect(inSpring.map((i) => [i.kind, i.date, i.rule])).toEqual([
      ['assessment', '2026-06-14', 'ASM-02'],
      ['assessment_report', '2026-06-14', 'ASM-02'],
    ]);
  });

  it('owes nothing for a level-2 system or one without an approved level', () => {
    const l2 = addSystem({ code: 'HT-L2', nameVi: 'Hệ thống nội bộ', ownerId: fx.org.deptA2 });
    approve(l2, 2, '2025-01-05');
    const none = addSystem({ code: 'HT-NONE', nameVi: 'Hệ thống chưa có cấp độ', ownerId: fx.org.deptA2 });
    const items = itemsFor(fx.user.admin);
    expect(ofSystem(items, l2)).toEqual([]);
    expect(ofSystem(items, none)).toEqual([]);
  });
});

describe('contracts, licences and fixed dates', () => {
  it('shows a layer-2 contract ending in 20 days', async () => {
    const id = addSystem({ code: 'HT-GS', nameVi: 'Hệ thống quản lý văn bản', ownerId: fx.org.deptA2 });
    monitor(id, '2025-11-21');
    const mine = ofSystem(itemsFor(fx.user.admin), id);
    expect(mine).toMatchObject([{ kind: 'contract', date: '2025-11-21', rule: 'L4-2', overdue: false, soon: true, days: 20 }]);

    const admin = await login(app, 'admin');
    const html = (await admin.get('/calendar?kind=contract')).text;
    expect(html).toContain('21/11/2025');
    expect(html).toContain('Hết hạn hợp đồng giám sát, bảo vệ chuyên nghiệp (lớp 2) số 15/2025/HĐ-GS');
    expect(html).toContain('còn 20 ngày');
  });

  it('uses only the newest layer-2 record of a system', () => {
    const id = addSystem({ code: 'HT-GS2', nameVi: 'Hệ thống quản lý văn bản', ownerId: fx.org.deptA2 });
    monitor(id, '2025-11-21', 'CU');
    monitor(id, '2027-11-21', 'MOI');
    expect(ofSystem(itemsFor(fx.user.admin, TODAY, { kind: 'contract' }), id)).toEqual([]);
  });

  it('shows the licence expiry of a provider engaged on a visible system', () => {
    const id = level3System();
    engage(id);
    db.update(organisations).set({ licenceNumber: '88/GP-BCA', licenceExpires: '2025-12-20' }).where(eq(organisations.id, fx.org.provider)).run();
    const lic = itemsFor(fx.user.admin, TODAY, { kind: 'licence' });
    expect(lic).toMatchObject([{ kind: 'licence', date: '2025-12-20', rule: 'L4-3', params: { provider: 'Công ty TNHH Kiểm định An toàn' } }]);
    expect(lic[0]!.systems.map((s) => s.id)).toEqual([id]);
    // nobody in province B works with that provider
    expect(itemsFor(fx.user.adminB, TODAY, { kind: 'licence' })).toEqual([]);
  });

  it('lists the annual report of each organisation that owns a system: 20 and 25 Dec (REP-01), last year’s when missing', () => {
    level3System();
    db.insert(annualReports).values({ organisationId: fx.org.deptA2, year: 2024, internalDate: '2024-12-18', authorityDate: '2024-12-23' }).run();
    const reports = itemsFor(fx.user.admin, TODAY, { kind: 'annual_report' });
    expect(reports.map((i) => [i.date, i.rule, i.organisation?.id, i.overdue])).toEqual([
      ['2025-12-20', 'REP-01', fx.org.deptA2, false],
      ['2025-12-25', 'REP-01', fx.org.deptA2, false],
    ]);
    // without last year's report, it is overdue since 25 Dec 2024
    db.delete(annualReports).run();
    expect(itemsFor(fx.user.admin, TODAY, { kind: 'annual_report' })[0]).toMatchObject({ date: '2024-12-25', overdue: true, state: 'gap' });
  });

  it('lists 1 Oct (LVL-07) only for a level-5 or national-security-important system in view', () => {
    level3System();
    // in September, 1 Oct is near, but nothing here is level 5 or national-security-important
    expect(itemsFor(fx.user.admin, '2025-09-01', { kind: 'notice' })).toEqual([]);

    const nsi = addSystem({ code: 'HT-ANQG', nameVi: 'Hệ thống quan trọng về an ninh quốc gia', ownerId: fx.org.deptA1, nsi: true });
    const september = itemsFor(fx.user.admin, '2025-09-01', { kind: 'notice' });
    expect(september.map((i) => [i.date, i.rule, i.state])).toEqual([['2025-10-01', 'LVL-07', 'due_soon']]);
    expect(september[0]!.systems.map((s) => s.id)).toEqual([nsi]);
    // the owner of Sở Y tế does not see that system, so 1 Oct is not on their calendar
    expect(itemsFor(fx.user.owner, '2025-09-01', { kind: 'notice' })).toEqual([]);
  });
});

describe('who sees what', () => {
  it('never shows another province’s systems', async () => {
    const a = level3System('HT-A', 'Hệ thống của tỉnh An Hòa');
    const b = addSystem({ code: 'HT-B', nameVi: 'Hệ thống của tỉnh Bắc Lâm', ownerId: fx.org.provB });
    approve(b, 3, '2025-03-10');
    monitor(b, '2025-11-21');

    const adminB = await login(app, 'adminb');
    const htmlB = (await adminB.get('/calendar')).text;
    expect(htmlB).toContain('Hệ thống của tỉnh Bắc Lâm');
    expect(htmlB).not.toContain('Hệ thống của tỉnh An Hòa');
    expect(htmlB).not.toContain(`/systems/${a}"`);

    const admin = await login(app, 'admin');
    const htmlA = (await admin.get('/calendar')).text;
    expect(htmlA).toContain('Hệ thống của tỉnh An Hòa');
    expect(htmlA).not.toContain('Hệ thống của tỉnh Bắc Lâm');
    // asking for province B's subtree is ignored, not revealed
    expect((await admin.get(`/calendar?org=${fx.org.provB}`)).text).not.toContain('Hệ thống của tỉnh Bắc Lâm');
  });

  it('shows the auditor only the systems their company is engaged on', async () => {
    const engaged = level3System('HT-E', 'Hệ thống được thuê đánh giá');
    const notEngaged = level3System('HT-N', 'Hệ thống không được thuê');
    engage(engaged);
    const auditor = await login(app, 'auditor');
    const html = (await auditor.get('/calendar')).text;
    expect(html).toContain('Hệ thống được thuê đánh giá');
    expect(html).not.toContain('Hệ thống không được thuê');
    expect(ofSystem(itemsFor(fx.user.auditor), notEngaged)).toEqual([]);
    // the annual report is the state body's, not the assessor's
    expect(itemsFor(fx.user.auditor, TODAY, { kind: 'annual_report' })).toEqual([]);
  });

  it('narrows to an organisation subtree and to a kind of item', async () => {
    const yt = level3System('HT-YT', 'Hệ thống của Sở Y tế');
    const khcn = addSystem({ code: 'HT-KH', nameVi: 'Hệ thống của Sở Khoa học', ownerId: fx.org.deptA1 });
    approve(khcn, 3, '2025-03-10');
    monitor(yt, '2025-11-21');
    const admin = await login(app, 'admin');
    const byOrg = (await admin.get(`/calendar?org=${fx.org.deptA1}`)).text;
    expect(byOrg).toContain('Hệ thống của Sở Khoa học');
    expect(byOrg).not.toContain('Hệ thống của Sở Y tế');
    const byKind = (await admin.get('/calendar?kind=contract')).text;
    expect(byKind).toContain('Hệ thống của Sở Y tế');
    expect(byKind).not.toContain('Hệ thống của Sở Khoa học');
    expect(byKind).not.toContain('ASM-01');
  });

  it('shows a designed empty state', async () => {
    const owner1 = await login(app, 'owner1');
    const res = await owner1.get('/calendar');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Không có việc nào đến hạn trong 90 ngày tới');
    expect(res.text).toContain('class="empty calendar-empty"');
    expect(res.text).toContain('Lịch trên điện thoại/Outlook');
  });

  it('needs sign-in', async () => {
    const res = await request(app).get('/calendar');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fcalendar');
  });
});

describe('the .ics feed', () => {
  const feedPath = (html: string) => {
    const m = /(\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics)/.exec(html);
    if (!m) throw new Error('no feed URL in the page');
    return m[1]!;
  };
  const tokenRows = () => db.select().from(calendarTokens).all();
  const calendarAudit = () => auditEntries(db).filter((e) => e.entityType === 'calendar_token');

  it('creates a token shown once, stores only its hash, and serves the calendar', async () => {
    const id = level3System();
    const admin = await login(app, 'admin');
    const created = await admin.post('/calendar/token');
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toContain('no-store');
    const path = feedPath(created.text);
    expect(created.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/calendar\/feed\//);
    const token = path.slice('/calendar/feed/'.length, -'.ics'.length);

    const rows = tokenRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(fx.user.admin);
    expect(rows[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(calendarAudit()).toMatchObject([{ action: 'create', actorId: fx.user.admin, entityId: rows[0]!.id }]);
    // the page no longer shows the link, only that one exists
    const page = (await admin.get('/calendar')).text;
    expect(page).not.toContain(token);
    expect(page).toContain('Thu hồi liên kết');

    const feed = await request(app).get(path); // no session: the token is the credential
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    expect(feed.headers['cache-control']).toBe('private, no-store');
    const ics = feed.text;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:asm-01-2025-12-14-s${id}@capdo\r\n`);
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20251214\r\n');
    expect(unfolded).toContain('SUMMARY:Kiểm tra\\, đánh giá độc lập hằng năm\\, kỳ 15/12/2024 – 14/12/2025: Cổng dịch vụ công Sở Y tế\r\n');
    expect(unfolded).toMatch(new RegExp(`URL:http://127\\.0\\.0\\.1:\\d+/systems/${id}/assessments\\r\\n`));
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z\r\n/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });

  it('answers 404 to a wrong token', async () => {
    level3System();
    const admin = await login(app, 'admin');
    await admin.post('/calendar/token');
    expect((await request(app).get(`/calendar/feed/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await request(app).get('/calendar/feed/short.ics')).status).toBe(404);
    expect((await request(app).get('/calendar/feed/nothing')).status).toBe(404);
  });

  it('revokes: the old URL answers 404, with one audit entry', async () => {
    const admin = await login(app, 'admin');
    const path = feedPath((await admin.post('/calendar/token')).text);
    expect((await request(app).get(path)).status).toBe(200);

    // the page asks for the box; without it nothing is revoked
    expect((await admin.get('/calendar')).text).toContain('Tôi hiểu rằng các ứng dụng lịch đang dùng liên kết này sẽ không cập nhật được nữa.');
    const unconfirmed = await admin.post('/calendar/token/revoke');
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('Hãy đánh dấu ô xác nhận trước khi thực hiện.');
    expect(tokenRows()).toHaveLength(1);
    expect((await request(app).get(path)).status).toBe(200);

    const res = await admin.post('/calendar/token/revoke', { confirm: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/calendar');
    expect(tokenRows()).toHaveLength(0);
    expect((await request(app).get(path)).status).toBe(404);
    expect(calendarAudit().map((e) => e.action)).toEqual(['create', 'delete']);

    // revoking again writes nothing
    await admin.post('/calendar/token/revoke', { confirm: '1' });
    expect(calendarAudit()).toHaveLength(2);
  });

  it('replaces the token: the old URL stops working, the new one works', async () => {
    const admin = await login(app, 'admin');
    const first = feedPath((await admin.post('/calendar/token')).text);
    // replacing stops the old link: without its box, nothing changes
    expect((await admin.get('/calendar')).text).toContain('Tôi hiểu rằng liên kết cũ sẽ ngừng hoạt động');
    const unconfirmed = await admin.post('/calendar/token');
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toContain('Hãy đánh dấu ô xác nhận trước khi thực hiện.');
    expect((await request(app).get(first)).status).toBe(200);
    expect(calendarAudit()).toHaveLength(1);
    const second = feedPath((await admin.post('/calendar/token', { confirm: '1' })).text);
    expect(second).not.toBe(first);
    expect(tokenRows()).toHaveLength(1);
    expect((await request(app).get(first)).status).toBe(404);
    expect((await request(app).get(second)).status).toBe(200);
    expect(calendarAudit().map((e) => e.action)).toEqual(['create', 'update']);
  });

  it('answers 404 for a deactivated user’s token', async () => {
    const viewer = await login(app, 'viewer');
    const path = feedPath((await viewer.post('/calendar/token')).text);
    expect((await request(app).get(path)).status).toBe(200);
    db.update(users).set({ active: false }).where(eq(users.id, fx.user.viewer)).run();
    expect((await request(app).get(path)).status).toBe(404);
  });

  it('builds the feed for its owner’s visibility only', async () => {
    level3System('HT-A', 'Hệ thống của tỉnh An Hòa');
    const b = addSystem({ code: 'HT-B', nameVi: 'Hệ thống của tỉnh Bắc Lâm', ownerId: fx.org.provB });
    approve(b, 3, '2025-03-10');
    const adminB = await login(app, 'adminb');
    const ics = (await request(app).get(feedPath((await adminB.post('/calendar/token')).text))).text.replace(/\r\n /g, '');
    expect(ics).toContain(`UID:asm-01-2025-12-14-s${b}@capdo`);
    expect(ics).not.toContain('An Hòa');
  });

  it('refuses a token POST without the CSRF token', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.agent.post('/calendar/token').type('form').send({});
    expect(res.status).toBe(403);
    expect(tokenRows()).toHaveLength(0);
    expect(calendarAudit()).toHaveLength(0);
    const revoke = await admin.agent.post('/calendar/token/revoke').type('form').send({ _csrf: 'wrong' });
    expect(revoke.status).toBe(403);
  });
});
