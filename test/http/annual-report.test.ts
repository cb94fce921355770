// The annual report page (REP-01) over the demo data: the figures match the database, the period, the
// submission recorded in annual_reports, bad years, scope and roles.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { binary, pdfText } from '../helpers/pdf.js';
import { type Db } from '../../src/db/client.js';
import { annualReports } from '../../src/db/schema/compliance.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { engineConfigFrom, evaluate } from '../../src/modules/evaluation/index.js';
import { actorFor } from '../../src/modules/access/index.js';
import { users } from '../../src/db/schema/users.js';
import { defaultYear, parseYear, periodOf } from '../../src/modules/annual-report/annual-report.service.js';
import { login, type Session, makeDemoApp } from '../helpers/app.js';
import { subtreeIds } from '../../src/modules/access/index.js';

let db: Db;
let admin: Session;
let adminBo: Session;
let viewer: Session;
let province: number;

beforeAll(async () => {
  const demo = await makeDemoApp();
  db = demo.db;
  const app = demo.app;
  admin = await login(app, 'admin', 'capdo-demo');
  adminBo = await login(app, 'admin.bo', 'capdo-demo');
  viewer = await login(app, 'viewer', 'capdo-demo');
  province = db.select().from(organisations).where(eq(organisations.code, 'UBND-BS')).get()!.id;
}, 60_000);

const url = (year?: string, orgId = province) => `/organisations/${orgId}/annual-report${year === undefined ? '' : `?year=${year}`}`;
const levelTotals = (html: string) =>
  Object.fromEntries([...html.matchAll(/<tr data-level="(\w+)">.*?data-total="(\d+)"/gs)].map((m) => [m[1]!, Number(m[2])]));


describe('the period', () => {
  it('runs from 15 Dec of the year before to 14 Dec; the default is the period containing today', () => {
    expect(periodOf(2026)).toMatchObject({ from: '2025-12-15', to: '2026-12-14', internalDue: '2026-12-20', authorityDue: '2026-12-25' });
    expect(defaultYear('2026-11-24')).toBe(2026);
    expect(defaultYear('2026-12-14')).toBe(2026);
    expect(defaultYear('2026-12-15')).toBe(2027);
    expect(parseYear('2025', '2026-11-24')).toBe(2025);
    for (const bad of ['abc', '1800', '2014', '2027', '20266', undefined, ['2026']]) expect(parseYear(bad, '2026-11-24')).toBeNull();
  });
});

describe('GET /organisations/:id/annual-report', () => {
  it('shows the 2026 report of UBND-BS: the period, every section, and the systems by level as in the database', async () => {
    const res = await admin.get(url('2026'));
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('15/12/2025');
    expect(html).toContain('14/12/2026');
    for (const h of ['1. Tổng quan hệ thống thông tin theo cấp độ', '2. Triển khai phương án', '3. Kiểm tra, đánh giá', '4. Nhân lực', '5. Diễn tập', '6. Kinh phí', '7. Tồn tại']) {
      expect(html).toContain(h);
    }
    expect(html).toContain('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ');
    expect(html).toContain('/static/report.css');

    // the same counts as the dashboard's, from the one evaluation of the province's subtree
    const adminRow = db.select().from(users).where(eq(users.username, 'admin')).get()!;
    const byLevel = evaluate(db, actorFor(db, adminRow), { orgIds: subtreeIds(db, province) }, engineConfigFrom()).counters().byLevel;
    const expected = Object.fromEntries(['1', '2', '3', '4', '5', 'none'].map((k) => [k, byLevel[k] ?? 0]));
    expect(Object.keys(byLevel).length).toBeGreaterThan(1);
    expect(levelTotals(html)).toEqual(expected);
  });

  it('shows the submission recorded for 2025 and none yet for 2026', async () => {
    const recorded = db.select().from(annualReports).where(eq(annualReports.organisationId, province)).all();
    expect(recorded.map((r) => r.year)).toEqual([2025]);
    const y2025 = (await admin.get(url('2025'))).text;
    expect(y2025).toContain('data-submitted="yes"');
    expect(y2025).toContain('18/12/2025');
    expect(y2025).toContain('24/12/2025');
    expect(y2025).toContain('412/BC-UBND');
    expect(y2025).toContain('action="/organisations/' + province + '/annual-reports"');
    const y2026 = (await admin.get(url('2026'))).text;
    expect(y2026).toContain('data-submitted="no"');
    expect(y2026).toContain('Chưa ghi nhận việc gửi báo cáo năm 2026');
  });

  it('falls back to the default period on a bad year, never a 500', async () => {
    const expectedYear = defaultYear();
    for (const bad of ['abc', '1800', '3000', '']) {
      const res = await admin.get(url(bad));
      expect(res.status).toBe(200);
      expect(res.text).toContain(`14/12/${expectedYear}`);
      if (bad !== '') expect(res.text).toContain('Năm báo cáo không hợp lệ');
    }
    const plain = await admin.get(url());
    expect(plain.status).toBe(200);
    expect(plain.text).not.toContain('Năm báo cáo không hợp lệ');
  });

  it('has a bare printable version', async () => {
    const res = await admin.get(`${url('2026')}&print=1`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('class="report print"');
    expect(res.text).not.toContain('class="topbar"');
    expect(res.text).not.toMatch(/<script|style="/);
  });

  it('is 404 outside the actor’s scope and for an unknown organisation', async () => {
    expect((await adminBo.get(url('2026'))).status).toBe(404);
    expect((await admin.get(url('2026', 999_999))).status).toBe(404);
    expect((await admin.get('/organisations/abc/annual-report')).status).toBe(404);
  });

  it('can be read by a viewer, without the form to record the submission', async () => {
    const res = await viewer.get(url('2025'));
    expect(res.status).toBe(200);
    expect(res.text).toContain('412/BC-UBND');
    expect(res.text).not.toContain('/annual-reports"');
  });
});

describe('GET /organisations/:id/annual-report/pdf', () => {
  it('is the same report as a PDF: the title, the organisation, the period and every section', async () => {
    const res = await admin.get(`/organisations/${province}/annual-report/pdf?year=2026`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-hang-nam-UBND-BS-2026.pdf"');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(body);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Ủy ban nhân dân tỉnh Bình Sơn');
    expect(text).toContain('15/12/2025');
    expect(text).toContain('14/12/2026');
    for (const h of ['1. Tổng quan hệ thống thông tin theo cấp độ', '3. Kiểm tra, đánh giá', '4. Nhân lực', '5. Diễn tập', '7. Tồn tại']) {
      expect(text).toContain(h);
    }
    expect(text).toContain('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ');
    expect(text).toMatch(/Trang 1\/\d+/);
  });

  it('shows the submission recorded for 2025, like the page', async () => {
    const res = await admin.get(`/organisations/${province}/annual-report/pdf?year=2025`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('bao-cao-hang-nam-UBND-BS-2025.pdf');
    const text = await pdfText(res.body as Buffer);
    expect(text).toContain('412/BC-UBND');
    expect(text).toContain('18/12/2025');
  });

  it('is linked from the report page next to the printable version', async () => {
    const html = (await admin.get(url('2026'))).text;
    expect(html).toContain(`href="/organisations/${province}/annual-report/pdf?year=2026"`);
    expect(html).toContain('Tải PDF');
  });

  it('is 404 outside the actor’s scope, like the page', async () => {
    expect((await adminBo.get(`/organisations/${province}/annual-report/pdf?year=2026`)).status).toBe(404);
    expect((await admin.get('/organisations/999999/annual-report/pdf')).status).toBe(404);
  });
});
