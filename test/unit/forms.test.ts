// The field builders: what single-line and multi-line text fields keep out, and the one spelling of an id.
import { describe, expect, it } from 'vitest';
import { optId, optLongText, optText, parseId, reqId, reqLongText, reqText } from '../../src/web/forms.js';

const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i));
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

const message = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : r.error!.issues[0]!.message);

describe('multi-line text (textareas)', () => {
  it.each([...C0.filter((c) => !'\t\n\r'.includes(c)), '\u007F', ...C1, ...BIDI].map((c) => [c.charCodeAt(0).toString(16)]))('refuses U+%s', (hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    expect(message(optLongText(100).safeParse(`Dòng một${c}dòng hai`))).toBe('v.controlChars');
    expect(message(reqLongText(100).safeParse(`Dòng một${c}dòng hai`))).toBe('v.controlChars');
  });

  it('keeps line breaks (stored as LF) and tabs', () => {
    expect(optLongText(100).parse('  Dòng một\r\n\tdòng hai\rdòng ba\n  ')).toBe('Dòng một\n\tdòng hai\ndòng ba');
    expect(reqLongText(100).parse('a\r\n\r\nb')).toBe('a\n\nb');
  });

  it('is empty as null (optional) or required', () => {
    expect(optLongText(10).parse('  ')).toBeNull();
    expect(message(reqLongText(10).safeParse('  '))).toBe('v.required');
    expect(message(reqLongText(3).safeParse('abcd'))).toBe('v.tooLong');
  });
});

describe('single-line text', () => {
  it.each([...C0.filter((c) => !'\t\n\r'.includes(c)), '\u007F', ...C1, ...BIDI].map((c) => [c.charCodeAt(0).toString(16)]))('refuses U+%s', (hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    expect(message(reqText(100).safeParse(`Sở${c}Y tế`))).toBe('v.controlChars');
    expect(message(optText(100).safeParse(`Sở${c}Y tế`))).toBe('v.controlChars');
  });

  it('keeps Vietnamese, emoji and the marks that do not reorder text, in NFC', () => {
    expect(reqText(100).parse(' He\u0323\u0302 tho\u0302\u0301ng 🛡️ ')).toBe('Hệ thống 🛡️');
    expect(reqText(100).parse('a\u200Eb')).toBe('a\u200Eb'); // a left-to-right mark overrides nothing
  });
});

describe('ids', () => {
  it.each(['1', '7', '42', '999999999'])('%s is canonical', (s) => {
    expect(parseId(s)).toBe(Number(s));
    expect(reqId.parse(s)).toBe(Number(s));
    expect(optId.parse(s)).toBe(Number(s));
  });

  it.each(['0', '007', '07', '+7', '-7', ' 7', '7 ', '7.0', '7e0', '0x7', '１', '٧', '1000000000', '', '7\u0000'])('%j is not', (s) => {
    expect(parseId(s)).toBeNull();
    // a form field is trimmed first, like every field: " 7" in a form is 7; in a URL it is not an id
    if (s.trim() === s) expect(reqId.safeParse(s).success).toBe(false);
  });

  it('is refused in any other shape', () => {
    expect(parseId(7)).toBeNull();
    expect(parseId(['7'])).toBeNull();
    expect(parseId(undefined)).toBeNull();
  });
});
