import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/web/csv.js';
import { isFormula, readAsSpreadsheet } from '../helpers/spreadsheet-csv.js';

describe('csvCell', () => {
  it('quotes every field, plain text and numbers too', () => {
    expect(csvCell('Sở Y tế')).toBe('"Sở Y tế"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(-3)).toBe('"-3"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell(true)).toBe('"true"');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"');
  });

  it.each(['=1+1', '+84912345678', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('guards %j against formula injection', (value) => {
    const cell = csvCell(value);
    expect(cell.slice(1, -1).replace(/""/g, '"')).toBe(`'${value}`);
  });

  it('guards and quotes at once', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes objects as JSON', () => {
    expect(csvCell({ role: ['viewer', 'admin'] })).toBe('"{""role"":[""viewer"",""admin""]}"');
  });

  it('writes dates as ISO timestamps', () => {
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('"2026-01-02T03:04:05.000Z"');
  });
});

describe('a CSV opened with either list separator', () => {
  // a formula hidden after the other separator: the per-cell guard only sees the field's first character
  const hostile = ['Sep;=1+1;y', 'a,=1+1', 'x;@SUM(A1)', 'b;-2+3', 'c;+1', 'say "x";=1+1', 'dòng 1\n=1+1;z', '=1+1'];
  const file = toCsv(['Tên', 'Ghi chú'], hostile.map((v) => [v, `${v};${v}`]));

  it.each([',', ';'] as const)('has no cell a spreadsheet with %j evaluates', (sep) => {
    const cells = readAsSpreadsheet(file, sep).flat();
    expect(cells.length).toBeGreaterThan(hostile.length);
    expect(cells.filter(isFormula)).toEqual([]);
  });

  it('reads back every value with the comma, an apostrophe before each formula character that opens a cell or follows a ; or a line break', () => {
    const rows = readAsSpreadsheet(file, ',');
    expect(rows.slice(1).map((r) => r[0])).toEqual(["Sep;'=1+1;y", "a,=1+1", "x;'@SUM(A1)", "b;'-2+3", "c;'+1", `say "x";'=1+1`, "dòng 1\n'=1+1;z", "'=1+1"]);
    expect(readAsSpreadsheet(toCsv(['x'], [['Sở A; Sở B, Sở C\nghi chú: 1-2']]), ',')[1]).toEqual(['Sở A; Sở B, Sở C\nghi chú: 1-2']);
  });

  it('would not hold unquoted: the test parser sees the formula in `Sep;=1+1;y` with ;', () => {
    expect(readAsSpreadsheet('Sep;=1+1;y\r\n', ';').flat().filter(isFormula)).toEqual(['=1+1']);
  });
});

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const out = toCsv(['a', 'b'], [['Ủy ban', 1], ['=cmd', null]]);
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.slice(1)).toBe('"a","b"\r\n"Ủy ban","1"\r\n"\'=cmd",""\r\n');
  });

  it('encodes to UTF-8 with the BOM bytes EF BB BF', () => {
    const bytes = Buffer.from(toCsv(['x'], []), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
