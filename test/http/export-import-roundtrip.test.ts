// The systems export imports back unchanged (XLSX and CSV, either language): the preview says every row is
// unchanged and confirming writes nothing; one edited cell updates just that field, with its audit entry;
// a column the file leaves out keeps the system's value.
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { Response } from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { searchTextFor } from '../../src/db/search-text.js';
import { systems } from '../../src/db/schema/systems.js';
import { LANG_COOKIE } from '../../src/web/middleware.js';
import { auditEntries, login, makeDemoApp, type Session } from '../helpers/app.js';
import { binary } from '../helpers/pdf.js';
import { readAsSpreadsheet } from '../helpers/spreadsheet-csv.js';

let db: Db;
let admin: Session;

beforeEach(async () => {
  const made = await makeDemoApp();
  db = made.db;
  // a name the exports guard against formulas (an apostrophe before "=", also after ";" in a CSV) comes back as it was
  const org = db.select().from(organisations).where(eq(organisations.code, 'BS-STC')).get()!.id;
  const row = { code: 'BS-HTTT-EQ', nameVi: '=1+1 tên;=2 lạ', ownerId: org, operatorId: org, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2025-01-15' } as const;
  db.insert(systems).values({ ...row, searchText: searchTextFor(row) }).run();
  admin = await login(made.app, 'admin', 'capdo-demo');
}, 60_000);

async function download(url: string, lang: 'vi' | 'en' = 'vi'): Promise<Buffer> {
  const res = (await admin.agent
    .get(url)
    .set('Cookie', `${LANG_COOKIE}=${lang}`)
    .buffer(true)
    .parse(binary)) as Response & { body: Buffer };
  expect(res.status).toBe(200);
  return res.body;
}

const upload = (buffer: Buffer, name: string) => admin.agent.post('/imports/upload').set('Cookie', `${LANG_COOKIE}=vi`).field('_csrf', admin.csrf).attach('file', buffer, name);
const previewId = (html: string) => /name="id" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** The systems row of the preview: [new, updated, unchanged]. */
const systemCounts = (html: string) => {
  const m = /data-entity="systems">[\s\S]*?<td class="num">(\d+)<\/td>\s*<td class="num">(\d+)<\/td>\s*<td class="num">(\d+)<\/td>/.exec(html);
  return m ? m.slice(1).map(Number) : null;
};
const snapshot = () => ({
  systems: db.select().from(systems).all(),
  decisions: db.select().from(levelDecisions).all(),
  audit: auditEntries(db).length,
});

async function importsUnchanged(buffer: Buffer, name: string): Promise<void> {
  if (name.endsWith('.csv')) expect(buffer.toString('utf8')).toContain(`"'=1+1 tên;'=2 lạ"`); // guarded in the file
  const before = snapshot();
  const res = await upload(buffer, name);
  expect(res.status, [...res.text.matchAll(/<tr class="import-problem">([\s\S]*?)<\/tr>/g)].slice(0, 8).map((m) => m[1]!.replace(/\s+/g, " ")).join("\n") || res.text.slice(res.text.indexOf("<main"), res.text.indexOf("<main") + 1500)).toBe(200);
  const [created, updated, unchanged] = systemCounts(res.text) ?? [];
  expect([created, updated]).toEqual([0, 0]);
  // every system the province admin sees (the ministry's are not in the file)
  expect(unchanged).toBeGreaterThan(25);
  expect(unchanged).toBeLessThan(before.systems.length);
  expect(res.text).toContain('xác nhận sẽ không thay đổi gì');
  expect((await admin.post('/imports/confirm', { id: previewId(res.text) })).status).toBe(303);
  expect(snapshot()).toEqual(before);
}

/** The rows of cells (the file is RFC 4180 with every field quoted, so a spreadsheet's reading is the same). */
const csvRows = (buffer: Buffer): string[][] => readAsSpreadsheet(buffer.toString('utf8'), ',');
const toCsv = (rows: string[][]) => '\uFEFF' + rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';

describe('the systems export imports back unchanged', () => {
  it('XLSX (Vietnamese and English): every system unchanged, nothing written', async () => {
    const total = db.select().from(systems).all().length;
    expect(total).toBeGreaterThan(25);
    // the demo has decommissioned systems and systems with approved decisions: both must come back as they are
    expect(db.select().from(systems).all().some((s) => s.lifecycleStatus === 'decommissioned')).toBe(true);
    await importsUnchanged(await download('/exports/systems.xlsx'), 'he-thong.xlsx');
    await importsUnchanged(await download('/exports/systems.xlsx', 'en'), 'systems.xlsx');
  });

  it('CSV (Vietnamese and English): every system unchanged, nothing written', async () => {
    await importsUnchanged(await download('/exports/systems.csv'), 'he-thong.csv');
    await importsUnchanged(await download('/exports/systems.csv', 'en'), 'systems.csv');
  });

  it('XLSX: one edited name updates that field of that system only, with one audit entry', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download('/exports/systems.xlsx')) as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const codeCol = header.indexOf('Mã hệ thống');
    const nameCol = header.indexOf('Tên hệ thống');
    const row = ws.getRow(2);
    const code = String(row.getCell(codeCol).value);
    row.getCell(nameCol).value = 'Tên đã sửa trong Excel';
    const edited = Buffer.from(await wb.xlsx.writeBuffer());

    const before = snapshot();
    const res = await upload(edited, 'he-thong.xlsx');
    expect(res.status).toBe(200);
    expect(systemCounts(res.text)?.slice(0, 2)).toEqual([0, 1]);
    await admin.post('/imports/confirm', { id: previewId(res.text) });

    const after = snapshot();
    const was = before.systems.find((s) => s.code === code)!;
    const now = after.systems.find((s) => s.code === code)!;
    expect(now.nameVi).toBe('Tên đã sửa trong Excel');
    const { nameVi: _a, searchText: _b, updatedAt: _c, ...rest } = now;
    const { nameVi: _d, searchText: _e, updatedAt: _f, ...restBefore } = was;
    expect(rest).toEqual(restBefore);
    expect(after.systems.filter((s) => s.code !== code)).toEqual(before.systems.filter((s) => s.code !== code));
    expect(after.decisions).toEqual(before.decisions);
    expect(after.audit).toBe(before.audit + 1);
    const entry = auditEntries(db).at(-1)!;
    expect(entry).toMatchObject({ action: 'update', entityType: 'system', entityId: was.id });
    expect(Object.keys(entry.changes ?? {})).toEqual(['nameVi']);
  });

  it('CSV: one edited hosting cell updates that field only; a file with only some columns keeps the others', async () => {
    const rows = csvRows(await download('/exports/systems.csv'));
    const header = rows[0]!;
    const hosting = header.indexOf('Hạ tầng triển khai');
    const codeCol = header.indexOf('Mã hệ thống');
    const i = rows.findIndex((r, n) => n > 0 && r[hosting] !== 'cloud' && r[header.indexOf('Tình trạng')] !== 'decommissioned');
    const code = rows[i]![codeCol]!;
    rows[i]![hosting] = 'cloud';

    const before = snapshot();
    const res = await upload(Buffer.from(toCsv(rows), 'utf8'), 'he-thong.csv');
    expect(res.status, [...res.text.matchAll(/<tr class="import-problem">([\s\S]*?)<\/tr>/g)].slice(0, 8).map((m) => m[1]!.replace(/\s+/g, " ")).join("\n")).toBe(200);
    expect(systemCounts(res.text)?.slice(0, 2)).toEqual([0, 1]);
    await admin.post('/imports/confirm', { id: previewId(res.text) });
    const now = db.select().from(systems).where(eq(systems.code, code)).get()!;
    expect(now.hosting).toBe('cloud');
    expect(auditEntries(db).length).toBe(before.audit + 1);
    expect(Object.keys(auditEntries(db).at(-1)!.changes ?? {})).toEqual(['hosting']);

    // only the code and the English name: every other field stays as it is
    const was = db.select().from(systems).where(eq(systems.code, code)).get()!;
    const partial = toCsv([['Mã hệ thống', 'Tên tiếng Anh'], [code, 'Renamed in a two-column file']]);
    const res2 = await upload(Buffer.from(partial, 'utf8'), 'mot-phan.csv');
    expect(res2.status, res2.text.slice(res2.text.indexOf("<main"), res2.text.indexOf("<main") + 2500)).toBe(200);
    expect(systemCounts(res2.text)).toEqual([0, 1, 0]);
    await admin.post('/imports/confirm', { id: previewId(res2.text) });
    const after = db.select().from(systems).where(eq(systems.code, code)).get()!;
    expect(after).toMatchObject({ ...was, nameEn: 'Renamed in a two-column file', searchText: after.searchText, updatedAt: after.updatedAt });
    expect(Object.keys(auditEntries(db).at(-1)!.changes ?? {})).toEqual(['nameEn']);

    // a new code in such a file has no values to keep: its required columns are named, nothing is written
    const audit = auditEntries(db).length;
    const res3 = await upload(Buffer.from(toCsv([['Mã hệ thống', 'Tên tiếng Anh'], ['BS-MOI-01', 'New system']]), 'utf8'), 'moi.csv');
    expect(res3.status).toBe(422);
    const columns = [...res3.text.matchAll(/<tr class="import-problem">\s*<td>.*?<\/td>\s*<td>.*?<\/td>\s*<td>(.*?)<\/td>/gs)].map((m) => m[1]);
    expect(columns).toEqual(expect.arrayContaining(['Tên hệ thống', 'Mã đơn vị chủ quản', 'Mã đơn vị vận hành', 'Loại hệ thống', 'Tình trạng', 'Hạ tầng triển khai']));
    expect(db.select().from(systems).where(eq(systems.code, 'BS-MOI-01')).get()).toBeUndefined();
    expect(auditEntries(db).length).toBe(audit);
  });

  it('the import page says the export imports back', async () => {
    const page = await admin.agent.get('/imports').set('Cookie', `${LANG_COOKIE}=vi`);
    expect(page.text).toContain('Tệp Excel hoặc CSV tải từ danh sách hệ thống cũng nhập lại được');
  });
});
