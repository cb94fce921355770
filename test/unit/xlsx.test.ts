import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { guardText, xlsxBuffer, xlsxCell } from '../../src/web/xlsx.js';

async function load(buffer: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

describe('the XLSX writer', () => {
  it('guards text that a spreadsheet would read as a formula, like the CSV writer', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(guardText(s)).toBe(`'${s}`);
    expect(guardText('Sở Y tế')).toBe('Sở Y tế');
    expect(xlsxCell({ formula: 'A1*2' })).toBe('{"formula":"A1*2"}');
    // dates are real dates: the calendar day (in Vietnam for a timestamp) at midnight UTC, as Excel stores it
    expect(xlsxCell('2026-11-24')).toEqual(new Date('2026-11-24T00:00:00Z'));
    expect(xlsxCell(new Date('2026-11-24T10:00:00Z'))).toEqual(new Date('2026-11-24T00:00:00Z'));
    expect(xlsxCell(new Date('2026-11-24T18:00:00Z'))).toEqual(new Date('2026-11-25T00:00:00Z'));
    expect(xlsxCell(3)).toBe(3);
    expect(xlsxCell(Number.NaN)).toBeNull();
    expect(xlsxCell(null)).toBeNull();
  });

  it('writes one sheet per table with a bold frozen header and plain-text cells', async () => {
    const buffer = await xlsxBuffer([
      {
        name: 'Hệ thống thông tin',
        columns: [{ header: 'Tên hệ thống', key: 'name' }, { header: 'Cấp độ', key: 'level', width: 10 }, { header: 'Ngày', key: 'date' }],
        rows: [
          { name: 'Cổng dịch vụ công tỉnh Bình Sơn', level: 3, date: '2026-07-01' },
          { name: '=HYPERLINK("http://x","bấm")', level: null, date: null },
          { name: { formula: 'A1*2' } as Record<string, unknown>, level: 1, date: new Date('2026-01-02T00:00:00Z') },
        ],
      },
      { name: 'Tồn tại [1/2]: thử?', columns: [{ header: '=cmd', key: 'a' }], rows: [] },
    ]);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = await load(buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Hệ thống thông tin', 'Tồn tại  1 2   thử']);
    const ws = wb.getWorksheet('Hệ thống thông tin')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getRow(1).getCell(1).value).toBe('Tên hệ thống');
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getCell('A2').value).toBe('Cổng dịch vụ công tỉnh Bình Sơn');
    expect(ws.getCell('B2').value).toBe(3);
    expect(ws.getCell('C2').type).toBe(ExcelJS.ValueType.Date);
    expect((ws.getCell('C2').value as Date).toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(ws.getCell('C2').numFmt).toBe('dd/mm/yyyy');
    const injected = ws.getCell('A3');
    expect(injected.type).toBe(ExcelJS.ValueType.String);
    expect(injected.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(injected.value).toBe('\'=HYPERLINK("http://x","bấm")');
    expect(ws.getCell('A4').type).toBe(ExcelJS.ValueType.String);
    expect((ws.getCell('C4').value as Date).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(ws.getColumn(2).width).toBe(10);
    // a header is guarded too
    expect(wb.worksheets[1]!.getCell('A1').value).toBe("'=cmd");
  });

  it('never writes a formula element into the sheet XML', async () => {
    const buffer = await xlsxBuffer([{ name: 'x', columns: [{ header: 'a', key: 'a' }], rows: [{ a: '=1+2' }, { a: '+cmd|" /C calc"!A0' }] }]);
    const { default: JSZip } = await import('jszip');
    const zip = await JSZip.loadAsync(buffer);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).not.toMatch(/<f[ >]/);
    expect(sheet).toContain('<pane');
    expect(sheet).toContain('state="frozen"');
  });
});
