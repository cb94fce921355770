// Decompression bombs in imports: an .xlsx is checked before it is parsed — all its entries inflated
// against one budget, every worksheet's rows and columns counted, each cell's length read — and the
// first limit hit stops the read with its message in the form (422). Nothing is written.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { systems } from '../../src/db/schema/systems.js';
import { COLUMNS } from '../../src/modules/imports/imports.schemas.js';
import { ImportFileError, readImportFile, XLSX_LIMITS } from '../../src/modules/imports/imports.service.js';
import { auditEntries, login, makeApp, type Session } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
let s: Session;
beforeEach(async () => {
  ctx = await makeApp();
  s = await login(ctx.app, 'admin');
});

const MB = 1024 * 1024;

/** A template-shaped workbook (header, hint, one good row), its He_thong sheet's rows then changed by `extraRows` (raw XML). */
async function workbookWith(extraRows: (firstRow: number) => string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('He_thong');
  const cols = COLUMNS.He_thong;
  ws.addRow(cols.map((c) => c.header));
  ws.addRow(cols.map((c) => c.hint));
  ws.addRow(cols.map((c) => (c.key === 'code' ? 'HT-001' : '')));
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  const sheet = 'xl/worksheets/sheet1.xml';
  const xml = await zip.file(sheet)!.async('string');
  zip.file(sheet, xml.replace('</sheetData>', `${extraRows(4)}</sheetData>`));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const upload = (buffer: Buffer) => s.agent.post('/imports/upload').field('_csrf', s.csrf).attach('file', buffer, 'import.xlsx');

/** The 422 form with the message, and nothing written: no system, no audit entry but the sign-in. */
async function refused(buffer: Buffer, message: string) {
  const audits = auditEntries(ctx.db).length;
  const res = await upload(buffer);
  expect(res.status).toBe(422);
  expect(res.text).toContain(message);
  expect(res.text).toContain('chưa có gì được ghi');
  expect(res.text).not.toContain('name="id"'); // no preview to confirm
  expect(ctx.db.select().from(systems).all()).toEqual([]);
  expect(auditEntries(ctx.db).length).toBe(audits);
}

async function thrown(run: () => Promise<unknown>): Promise<ImportFileError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ImportFileError) return err;
    throw err;
  }
  throw new Error('no ImportFileError');
}

describe('an .xlsx past a limit is refused before it is parsed', () => {
  it('a zip bomb: one 40 MB cell in a file of a few kilobytes stops at the uncompressed limit', async () => {
    const bomb = await workbookWith((r) => `<row r="${r}">${inlineCell(`B${r}`, 'A'.repeat(40 * MB))}</row>`);
    expect(bomb.length).toBeLessThan(200 * 1024);
    await refused(bomb, 'khi giải nén vượt quá 30 MB');

    // it stops as soon as the budget is spent: with a 1 MB budget, about 1 MB of the 40 is inflated
    const err = await thrown(() => readImportFile(bomb, 'bomb.xlsx', { ...XLSX_LIMITS, uncompressedBytes: MB }));
    expect(err.key).toBe('imp.err.limit.uncompressed');
    expect(Number(err.params!.read)).toBeGreaterThan(MB);
    expect(Number(err.params!.read)).toBeLessThanOrEqual(MB + 64 * 1024);
  });

  it('too many rows: 200 000 small rows stop at the first row past the CSV path’s cap of 1 000 data rows', async () => {
    const many = await workbookWith((first) => Array.from({ length: 200_000 }, (_, i) => `<row r="${first + i}"><c r="A${first + i}"><v>${i}</v></c></row>`).join(''));
    expect(many.length).toBeLessThan(5 * MB);
    await refused(many, 'Trang He_thong có hơn 1000 dòng dữ liệu');
    // one row fewer than the cap after the header, hint and first row passes the guard (and imports with row messages)
    const atCap = await workbookWith((first) => Array.from({ length: 999 }, (_, i) => `<row r="${first + i}"><c r="A${first + i}" t="inlineStr"><is><t>HT-${i}</t></is></c></row>`).join(''));
    const sheets = await readImportFile(atCap, 'cap.xlsx');
    expect(sheets[0]!.rows.length).toBe(1000);
  });

  it('too many columns: a cell past column 100, or more than 100 cells in a row', async () => {
    await refused(await workbookWith((r) => `<row r="${r}">${inlineCell(`CW${r}`, 'x')}</row>`), 'Trang He_thong có dòng dùng quá 100 cột');
    const wide = Array.from({ length: 101 }, () => '<c t="inlineStr"><is><t>x</t></is></c>').join('');
    await refused(await workbookWith((r) => `<row r="${r}">${wide}</row>`), 'Trang He_thong có dòng dùng quá 100 cột');
  });

  it('a cell longer than 5 000 characters', async () => {
    await refused(await workbookWith((r) => `<row r="${r}">${inlineCell(`B${r}`, 'Ồ'.repeat(5001))}</row>`), 'Ô B4 của trang He_thong dài hơn 5000 ký tự');
  });

  it('a damaged zip is a message, not a crash', async () => {
    const good = await workbookWith(() => '');
    const res = await upload(good.subarray(0, good.length - 30));
    expect(res.status).toBe(422);
    expect(res.text).toContain('tệp bị hỏng');
  });

  it('says the limits on the form', async () => {
    const page = await s.get('/imports');
    expect(page.text).toContain('sau khi giải nén không quá 30 MB, mỗi dòng tối đa 100 cột, mỗi ô tối đa 5.000 ký tự');
  });
});
