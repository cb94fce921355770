import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/web/csv.js';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('Sở Y tế')).toBe('Sở Y tế');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"');
  });

  it.each(['=1+1', '+84912345678', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])('guards %j against formula injection', (value) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted).toBe(`'${value}`);
  });

  it('guards and quotes at once', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('writes objects as JSON', () => {
    expect(csvCell({ role: ['viewer', 'admin'] })).toBe('"{""role"":[""viewer"",""admin""]}"');
  });

  it('writes dates as ISO timestamps', () => {
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and ends lines with CRLF', () => {
    const out = toCsv(['a', 'b'], [['Ủy ban', 1], ['=cmd', null]]);
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out.slice(1)).toBe("a,b\r\nỦy ban,1\r\n'=cmd,\r\n");
  });

  it('encodes to UTF-8 with the BOM bytes EF BB BF', () => {
    const bytes = Buffer.from(toCsv(['x'], []), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
