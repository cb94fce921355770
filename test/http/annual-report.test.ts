// The annual report page (REP-01) over the demo data: the figures match the database, the period, the
// submission recorded in annual_reports, bad years, scope and roles.
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { binary, pdfText } from '../helpers/pdf.js';
import { docxText } from '../helpers/docx.js';
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
    // a table of contents links to every section, and every link leads to an element of the page
    const toc = html.slice(html.indexOf('class="card toc"'), html.indexOf('</nav>', html.indexOf('class="card toc"')));
    expect(toc).toContain('Mục lục');
    const targets = [...toc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(targets).toContain(`s${n}`);
    for (const id of targets) expect(html, id).toContain(`id="${id}"`);

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
    expect(res.headers['content-disposition']).toBe('attachment; filename="bao-cao-hang-nam_UBND-BS_2026.pdf"');
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
    expect(res.headers['content-disposition']).toContain('bao-cao-hang-nam_UBND-BS_2025.pdf');
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

// ---- Mẫu 08: the report submittable as is ----

const num = (s: string) => Number(s.replace(/\./g, ''));

describe('the annual report as Mẫu 08 (Decree 331/2026)', () => {
  let pdf: string;
  let docx: string;
  let html: string;
  const year = defaultYear();

  beforeAll(async () => {
    html = (await admin.get(url(String(year)))).text;
    const p = await admin.get(`/organisations/${province}/annual-report/pdf?year=${year}`).buffer(true).parse(binary);
    expect(p.status).toBe(200);
    pdf = (await pdfText(p.body as Buffer)).replace(/\s+/g, ' ');
    const d = await admin.get(`/organisations/${province}/annual-report/docx?year=${year}`).buffer(true).parse(binary);
    expect(d.status).toBe(200);
    expect(d.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(d.headers['content-disposition']).toBe(`attachment; filename="bao-cao-hang-nam_UBND-BS_${year}.docx"`);
    docx = (await docxText(d.body as Buffer)).replace(/\s+/g, ' ');
  }, 60_000);

  it('cites Mẫu 08 and names the Ministry of Public Security in Nơi nhận and at the 25 Dec deadline, with the national header', () => {
    for (const text of [pdf, docx]) {
      expect(text).toContain('Mẫu số 08');
      expect(text).toContain('Nghị định số 331/2026/NĐ-CP');
      expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
      expect(text).toContain('Số: /BC-UBND');
      expect(text).toMatch(/Bình Sơn, ngày \.+ tháng \.+ năm \d{4}/);
      expect(text).toContain('Nơi nhận:');
      expect(text).toContain('- Bộ Công an;');
      expect(text).toContain(`hạn gửi Bộ Công an: 25/12/${year}`);
      expect(text).toContain('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ');
    }
  });

  it('lists every system with owner, operator, security unit, proposed and approved level, decision, appraiser, regime, regulation and flag', () => {
    for (const text of [pdf, docx]) {
      // BS-HTTT-001: level 3 under Decree 331, decision 2317/QĐ-UBND of 14/10/2026, appraised by the Sở KH&CN
      expect(text).toMatch(/BS-HTTT-001 Hệ thống thông tin giải quyết thủ tục hành chính tỉnh Bình Sơn/);
      expect(text).toContain('Chủ quản: Ủy ban nhân dân tỉnh Bình Sơn');
      expect(text).toContain('Vận hành: Trung tâm Chuyển đổi số tỉnh');
      expect(text).toContain('Chuyên trách: Sở Khoa học và Công nghệ');
      expect(text).toMatch(/2317\/QĐ-\s?UBND 14\/10\/2026 NĐ 331\/2026/);
      expect(text).toContain('05/10/2026');
      expect(text).toMatch(/112\/QĐ-\s?TTCĐS 28\/09\/2026/);
      expect(text).toMatch(/Chuyên trách: Sở Khoa học và Công nghệ 3 3 2317/);
      expect(text).toContain('Hệ thống thông tin có căn cứ đề nghị đưa vào Danh mục hệ thống thông tin quan trọng về an ninh quốc gia');
    }
    // the page lists the same systems, every one of them (fewer than a page here)
    const codes = [...html.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]);
    expect(codes).toContain('BS-HTTT-001');
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives the plan’s deployment per system (full, partial, none) and a roadmap per requirement from the checklist notes and finding due dates', () => {
    for (const text of [pdf, docx]) {
      expect(text).toMatch(/triển khai đầy đủ \d+ hệ thống, triển khai một phần \d+, chưa triển khai \d+; \d+ hệ thống chưa có cấp độ được phê duyệt/);
      expect(text).toContain('Yêu cầu chưa đáp ứng đầy đủ và lộ trình khắc phục');
      // BS-HTTT-001 answered some items "partly met" with a note on the plan (seeds/demo-compliance.ts)
      expect(text).toContain('Đã triển khai một phần; hoàn thiện trong quý I/2027');
      expect(text).toContain('Một phần');
    }
    // BS-HTTT-020 meets everything it answered: full
    expect(html).toMatch(/BS-HTTT-020<\/td>.*?tag-ok">Đầy đủ/s);
  });

  it('says which budget ratio is the organisation’s own and which is the total of its subtree', () => {
    for (const text of [pdf, docx]) {
      expect(text).toMatch(/Tỷ lệ chi cho an toàn thông tin trên kinh phí công nghệ thông tin của riêng Ủy ban nhân dân tỉnh Bình Sơn: [\d,]+ %/);
      expect(text).toMatch(/Tỷ lệ chung của Ủy ban nhân dân tỉnh Bình Sơn và các đơn vị trực thuộc \(dòng tổng cộng\): [\d,]+ %/);
      expect(text).toContain('Tổng cộng Ủy ban nhân dân tỉnh Bình Sơn và các đơn vị trực thuộc');
    }
  });

  it('gives the same gap totals as the dashboard and the gaps page for the same scope and date, REP-01 included', async () => {
    const totals = /id="gap-totals" data-gaps="(\d+)" data-due-soon="(\d+)"/.exec(html)!;
    const gaps = Number(totals[1]);
    const soon = Number(totals[2]);
    expect(gaps).toBeGreaterThan(0);
    // the dashboard (the province admin's whole scope is the province)
    const dash = /([\d.]+) tồn tại chưa khắc phục và ([\d.]+) việc sắp đến hạn trong phạm vi của bạn/.exec((await admin.get('/')).text)!;
    expect([num(dash[1]!), num(dash[2]!)]).toEqual([gaps, soon]);
    // the gaps page of the same subtree, as of the report's date
    const asOf = /Tính đến ngày (\d\d\/\d\d\/\d{4})/.exec(html)![1]!;
    const page = (await admin.get(`/gaps?org=${province}&asOf=${asOf}`)).text;
    expect(num(/([\d.]+) kết quả/.exec(page)![1]!)).toBe(gaps + soon);
    // the REP-01 rows the gaps page counts are in the report too
    const rep = num(/([\d.]+) kết quả/.exec((await admin.get(`/gaps?org=${province}&asOf=${asOf}&rule=REP-01`)).text)![1]!);
    expect(rep).toBeGreaterThan(0);
    const group = /<tr data-rule="REP-01">.*?<td class="num">(\d+)<\/td><td class="num">(\d+)<\/td>/s.exec(html)!;
    expect(Number(group[1]) + Number(group[2])).toBe(rep);
    // and the files say the same
    expect(pdf).toContain(`Tính đến ngày ${asOf}: ${gaps} tồn tại chưa khắc phục và ${soon} việc sắp đến hạn.`);
    expect(docx).toContain(`Tính đến ngày ${asOf}: ${gaps} tồn tại chưa khắc phục và ${soon} việc sắp đến hạn.`);
  });

  it('counts the systems assessed as required from the evaluation’s ASM-01/ASM-02 results', async () => {
    const m = /id="assessed" data-met="(\d+)" data-required="(\d+)"/.exec(html)!;
    const met = Number(m[1]);
    const required = Number(m[2]);
    expect(required).toBeGreaterThan(0);
    const asOf = /Tính đến ngày (\d\d\/\d\d\/\d{4})/.exec(html)![1]!;
    const missed = async (rule: string) => num(/([\d.]+) kết quả/.exec((await admin.get(`/gaps?org=${province}&asOf=${asOf}&rule=${rule}&state=gap`)).text)![1]!);
    expect(required - met).toBe((await missed('ASM-01')) + (await missed('ASM-02')));
    expect(pdf).toContain(`${met}/${required} hệ thống thuộc diện phải kiểm tra, đánh giá định kỳ`);
  });

  it('prints every date as dd/mm/yyyy (no "01/7/2027")', () => {
    for (const text of [pdf, docx]) {
      expect(text).toMatch(/\d\d\/\d\d\/\d{4}/);
      expect(text).not.toMatch(/(^|[^\d/])(\d\/\d{1,2}|\d{1,2}\/\d)\/\d{4}/);
    }
  });

  it('keeps the signatures with the last section: the page that holds them holds the submission status too', async () => {
    const p = await admin.get(`/organisations/${province}/annual-report/pdf?year=${year}`).buffer(true).parse(binary);
    const pages = (await pdfText(p.body as Buffer)).split(/-- \d+ of \d+ --/);
    const last = pages.filter((x) => x.includes('THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ'));
    expect(last).toHaveLength(1);
    expect(last[0]).toContain('Tình trạng gửi báo cáo');
  });

  it('is 404 as a Word file outside the actor’s scope, like the page', async () => {
    expect((await adminBo.get(`/organisations/${province}/annual-report/docx?year=${year}`)).status).toBe(404);
    expect((await admin.get('/organisations/999999/annual-report/docx')).status).toBe(404);
    const page = (await admin.get(url(String(year)))).text;
    expect(page).toContain(`href="/organisations/${province}/annual-report/docx?year=${year}"`);
  });

  it('cites Circular 12/2022 and the Ministry of Information and Communications for a report due before Decree 331', async () => {
    const d = await admin.get(`/organisations/${province}/annual-report/docx?year=2025`).buffer(true).parse(binary);
    const text = (await docxText(d.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('Điều 13 Thông tư số 12/2022/TT-BTTTT');
    expect(text).toContain('- Bộ Thông tin và Truyền thông;');
    expect(text).not.toContain('Mẫu số 08');
  });
});

describe('a province with more systems than a page', () => {
  it('lists the register 50 a page on screen, the whole of it in the printable version', async () => {
    const { systems } = await import('../../src/db/schema/systems.js');
    const stc = db.select().from(organisations).where(eq(organisations.code, 'BS-STC')).get()!.id;
    const totalOf = (html: string) => Number(/<tfoot><tr><th>Cộng<\/th><th class="num">(\d+)<\/th>/.exec(html)![1]);
    const listed = totalOf((await admin.get(url(String(defaultYear())))).text); // the demo's systems, before these
    for (let i = 1; i <= 15; i++) {
      const code = `BS-HTTT-X${String(i).padStart(2, '0')}`;
      db.insert(systems).values({ code, nameVi: `Hệ thống thử ${i}`, ownerId: stc, operatorId: stc, systemType: 'internal', lifecycleStatus: 'planned', searchText: code.toLowerCase() }).run();
    }
    const year = defaultYear();
    const rows = (html: string) => [...html.matchAll(/<tr data-code="([^"]+)"/g)].map((m) => m[1]!);
    const expected = listed + 15;
    const first = await admin.get(url(String(year)));
    const second = await admin.get(`${url(String(year))}&page=2`);
    expect(totalOf(first.text)).toBe(expected);
    expect(expected).toBeGreaterThan(50);
    expect(expected).toBeLessThanOrEqual(100); // two pages
    expect(rows(first.text)).toHaveLength(50);
    expect(rows(second.text)).toHaveLength(expected - 50);
    expect(new Set([...rows(first.text), ...rows(second.text)]).size).toBe(expected);
    expect(second.text).toContain('Trang 2/2');
    expect(rows((await admin.get(`${url(String(year))}&print=1`)).text)).toHaveLength(expected);
    expect(first.text).toContain(`href="/exports/systems.xlsx?org=${province}"`);
  });
});
