// Import from Excel/CSV: every problem named by sheet, row and column with nothing written; the
// corrected file imports everything in one go; importing it again changes nothing.
// Row numbers are Excel row numbers: row 1 is the header, row 2 the hints, data starts on row 3.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { assessments } from '../../src/db/schema/assessments.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates, operators } from '../../src/db/schema/people.js';
import { systems } from '../../src/db/schema/systems.js';
import { COLUMNS, type SheetName } from '../../src/modules/imports/imports.schemas.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';

type Row = Record<string, string | number>;

async function workbook(sheets: Partial<Record<SheetName, Row[]>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets) as [SheetName, Row[]][]) {
    const ws = wb.addWorksheet(name);
    const cols = COLUMNS[name];
    ws.addRow(cols.map((c) => c.header));
    ws.addRow(cols.map((c) => c.hint));
    for (const r of rows) ws.addRow(cols.map((c) => r[c.key] ?? ''));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const systemRow = (i: number): Row => ({
  code: `HT-${String(i).padStart(3, '0')}`, nameVi: `Hệ thống số ${i}`, ownerCode: 'SO-YT-A', operatorCode: i % 2 ? 'BV-A' : 'SO-YT-A',
  systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '01/03/2024', hosting: 'cloud', stateFunded: 'có',
  level: i % 5 === 0 ? 3 : 2, regime: 'nd331', approvalNumber: `${i}/QĐ-UBND`, approvalDate: '15/04/2024', approvingBody: 'UBND tỉnh',
});

const fullFile = (bad?: (rows: Row[]) => void) => {
  const rows = Array.from({ length: 200 }, (_, i) => systemRow(i + 1));
  bad?.(rows);
  return workbook({
    He_thong: rows,
    Can_bo: [
      { fullName: 'Nguyễn Văn An', orgCode: 'SO-YT-A', position: 'Chuyên viên', email: 'an@soyt.gov.vn', certKind: 'national_in_depth', certNumber: 'CN-001', issuer: 'Cục ATTT', issueDate: '01/06/2023' },
      { fullName: 'Nguyễn Văn An', orgCode: 'SO-YT-A', certKind: 'international', certName: 'CISSP', certNumber: 'CISSP-9', issuer: 'ISC2', issueDate: '01/01/2022', expiryDate: '01/01/2028' },
      { fullName: 'Trần Thị Bình', orgCode: 'BV-A', position: 'Kỹ sư' },
    ],
    Danh_gia: [
      { systemCode: 'HT-001', assessorCode: 'CTY-KD', kind: 'periodic', performedDate: '10/10/2024', result: 'passed', reportRef: 'BC-01' },
      { systemCode: 'HT-002', assessorCode: 'CTY-KD', kind: 'pre_operation', performedDate: '01/02/2024', result: 'passed_with_findings' },
    ],
  });
};

const upload = (s: Session, buffer: Buffer, name = 'import.xlsx') => s.agent.post('/imports/upload').field('_csrf', s.csrf).attach('file', buffer, name);
const previewId = (html: string) => /name="id" value="([^"]+)"/.exec(html)?.[1] ?? '';
const count = (db: Awaited<ReturnType<typeof makeApp>>['db']) => ({
  systems: db.select().from(systems).all().length,
  decisions: db.select().from(levelDecisions).all().length,
  operators: db.select().from(operators).all().length,
  certificates: db.select().from(certificates).all().length,
  assessments: db.select().from(assessments).all().length,
  audit: auditEntries(db).length,
});
/** The problem rows of the page, as "sheet|row|column|message". */
const problems = (html: string) =>
  [...html.matchAll(/<tr class="import-problem">\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td>\s*<td>(.*?)<\/td>/gs)].map((m) => m.slice(1).join('|'));

describe('import from Excel', () => {
  it('names the one bad row among 200 and writes nothing; the corrected file imports all; again changes nothing', async () => {
    const { app, db } = await makeApp();
    const s = await login(app, 'admin');
    const before = count(db);

    // data row 55 is Excel row 57 (header + hints above)
    const bad = await upload(s, await fullFile((rows) => (rows[54]!.goLiveDate = '31/02/2026')));
    expect(bad.status).toBe(422);
    expect(problems(bad.text)).toEqual(['He_thong|57|Ngày vận hành|Ngày không hợp lệ (định dạng dd/mm/yyyy).']);
    expect(bad.text).toContain('chưa có dữ liệu nào được ghi');
    expect(count(db)).toEqual(before);

    const good = await upload(s, await fullFile());
    expect(good.status).toBe(200);
    expect(good.text).toContain('Xác nhận nhập');
    expect(good.text).toMatch(/data-entity="systems">[\s\S]*?<td class="num">200<\/td>\s*<td class="num">0<\/td>\s*<td class="num">0<\/td>/);
    expect(count(db)).toEqual(before); // the preview writes nothing

    const done = await s.post('/imports/confirm', { id: previewId(good.text) });
    expect(done.status).toBe(303);
    const after = count(db);
    expect(after).toMatchObject({ systems: 200, decisions: 200, operators: 2, certificates: 2, assessments: 2 });
    expect(after.audit - before.audit).toBe(200 + 200 + 2 + 2 + 2);
    const flashPage = await s.get(done.headers.location!);
    expect(flashPage.text).toContain('200 hệ thống thêm mới');
    const d = db.select().from(levelDecisions).all()[0]!;
    expect(d).toMatchObject({ dossierStatus: 'approved', computedLevel: 1, proposedLevel: 2, proposalReason: 'Nhập từ tệp', approvalDate: '2024-04-15' });
    const sys = db.select().from(systems).all().find((x) => x.code === 'HT-001')!;
    expect(sys.searchText).toContain('he thong so 1');
    expect(auditEntries(db).at(-1)!.actorName).toBe('admin');

    // the same file again: all unchanged, and confirming writes nothing
    const again = await upload(s, await fullFile());
    expect(again.status).toBe(200);
    expect(again.text).toMatch(/data-entity="systems">[\s\S]*?<td class="num">0<\/td>\s*<td class="num">0<\/td>\s*<td class="num">200<\/td>/);
    expect(again.text).toContain('xác nhận sẽ không thay đổi gì');
    const done2 = await s.post('/imports/confirm', { id: previewId(again.text) });
    expect(done2.status).toBe(303);
    expect(count(db)).toEqual(after);

    // a changed name updates that system only
    const changed = await upload(s, await fullFile((rows) => (rows[0]!.nameVi = 'Cổng dịch vụ công')));
    expect(changed.text).toMatch(/data-entity="systems">[\s\S]*?<td class="num">0<\/td>\s*<td class="num">1<\/td>\s*<td class="num">199<\/td>/);
    await s.post('/imports/confirm', { id: previewId(changed.text) });
    expect(count(db).audit).toBe(after.audit + 1);
    expect(db.select().from(systems).all().find((x) => x.code === 'HT-001')!.nameVi).toBe('Cổng dịch vụ công');

    // a preview can be confirmed once only
    const replay = await s.post('/imports/confirm', { id: previewId(changed.text) });
    expect(replay.status).toBe(303);
    expect(count(db).audit).toBe(after.audit + 1);
  });

  it('refuses organisations outside the actor’s reach and unknown systems, naming the column', async () => {
    const { app, db } = await makeApp();
    const s = await login(app, 'admin');
    const res = await upload(s, await workbook({
      He_thong: [{ ...systemRow(1), ownerCode: 'TINH-B' }, systemRow(2), { ...systemRow(3), code: 'HT-002' }],
      Danh_gia: [{ systemCode: 'KHONG-CO', assessorCode: 'CTY-KD', kind: 'periodic', performedDate: '10/10/2024', result: 'passed' }],
    }));
    expect(res.status).toBe(422);
    expect(problems(res.text)).toEqual([
      'He_thong|3|Mã đơn vị chủ quản|Không tìm thấy đơn vị mã “TINH-B” trong phạm vi quản lý của bạn.',
      'He_thong|5|Mã hệ thống|Trùng với dòng 4 trong cùng trang.',
      'Danh_gia|3|Mã hệ thống|Không tìm thấy hệ thống mã “KHONG-CO” (trong trang He_thong hoặc trong phạm vi của bạn).',
    ]);
    expect(count(db).systems).toBe(0);
  });

  it('gives a clear message for a file that is not Excel, and for more than 1 000 rows', async () => {
    const { app } = await makeApp();
    const s = await login(app, 'admin');
    const fake = await upload(s, Buffer.from('this is not a spreadsheet'), 'import.xlsx');
    expect(fake.status).toBe(422);
    expect(fake.text).toContain('không phải là tệp Excel (.xlsx) hoặc CSV');

    // the .xlsx stops reading at the first row past the cap; the CSV, read whole, counts them (the same cap)
    const big = await upload(s, await workbook({ He_thong: Array.from({ length: 1001 }, (_, i) => systemRow(i + 1)) }));
    expect(big.status).toBe(422);
    expect(big.text).toContain('Trang He_thong có hơn 1000 dòng dữ liệu');
    const cols = COLUMNS.He_thong;
    const csv = [cols.map((c) => c.header).join(','), ...Array.from({ length: 1001 }, (_, i) => cols.map((c) => String(systemRow(i + 1)[c.key] ?? '')).join(','))].join('\r\n');
    const bigCsv = await upload(s, Buffer.from(csv, 'utf8'), 'he-thong.csv');
    expect(bigCsv.status).toBe(422);
    expect(bigCsv.text).toContain('Trang có 1001 dòng dữ liệu, vượt giới hạn 1000 dòng');
  });

  it('imports the systems sheet from a UTF-8 CSV with a BOM', async () => {
    const { app, db } = await makeApp();
    const s = await login(app, 'admin');
    const cols = COLUMNS.He_thong;
    const line = (r: Row) => cols.map((c) => `"${String(r[c.key] ?? '').replace(/"/g, '""')}"`).join(',');
    const csv = '\uFEFF' + [cols.map((c) => c.header).join(','), line(systemRow(1)), line({ ...systemRow(2), nameVi: 'Hệ thống, có dấu phẩy' })].join('\r\n');
    const res = await upload(s, Buffer.from(csv, 'utf8'), 'he-thong.csv');
    expect(res.status).toBe(200);
    await s.post('/imports/confirm', { id: previewId(res.text) });
    expect(db.select().from(systems).all().map((x) => x.nameVi)).toEqual(['Hệ thống số 1', 'Hệ thống, có dấu phẩy']);
  });

  it('serves the template with the three sheets and the guide', async () => {
    const { app } = await makeApp();
    const s = await login(app, 'admin');
    const page = await s.get('/imports');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/imports/template.xlsx');
    const res = await s.agent.get('/imports/template.xlsx').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['He_thong', 'Can_bo', 'Danh_gia', 'Huong_dan']);
    const ws = wb.getWorksheet('He_thong')!;
    expect(ws.getRow(1).getCell(10).value).toBe('Ngày vận hành');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('is refused to a viewer (403) and without the CSRF token (403)', async () => {
    const { app, db } = await makeApp();
    const viewer = await login(app, 'viewer');
    expect((await viewer.get('/imports')).status).toBe(403);
    expect((await upload(viewer, await fullFile())).status).toBe(403);
    const admin = await login(app, 'admin');
    const noCsrf = await admin.agent.post('/imports/upload').attach('file', await fullFile(), 'import.xlsx');
    expect(noCsrf.status).toBe(403);
    expect((await admin.post('/imports/confirm', { id: 'x' })).status).toBe(303);
    expect(count(db).systems).toBe(0);
  });

  it('says only that another tenant’s certificate number cannot be used, not that it is recorded or whose it is', async () => {
    const { app, db, fx } = await makeApp();
    const elsewhere = db.insert(operators).values({ fullName: 'Lê Thị Cúc', organisationId: fx.org.provB }).returning().get().id;
    db.insert(certificates).values({ operatorId: elsewhere, kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-B-77', issuer: 'Cục ATTT', issueDate: '2023-01-01' }).run();
    const here = db.insert(operators).values({ fullName: 'Phạm Văn Dũng', organisationId: fx.org.deptA1 }).returning().get().id;
    db.insert(certificates).values({ operatorId: here, kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu', number: 'CN-A-01', issuer: 'Cục ATTT', issueDate: '2023-01-01' }).run();
    const s = await login(app, 'admin');
    const cert = { orgCode: 'SO-YT-A', certKind: 'national_in_depth', issuer: 'Cục ATTT', issueDate: '01/06/2023' };
    const res = await upload(s, await workbook({
      Can_bo: [{ ...cert, fullName: 'Nguyễn Văn An', certNumber: 'CN-B-77' }, { ...cert, fullName: 'Nguyễn Văn An', certNumber: 'CN-A-01' }],
    }));
    expect(res.status).toBe(422);
    expect(problems(res.text)).toEqual([
      'Can_bo|3|Số chứng chỉ|Không thể dùng số chứng chỉ này.',
      // one of the actor's own people: saying so helps and tells nothing new
      'Can_bo|4|Số chứng chỉ|Số chứng chỉ này đã được ghi cho một cán bộ khác.',
    ]);
    expect(res.text).not.toContain('Lê Thị Cúc');
  });
});
