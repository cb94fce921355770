// The iCalendar writer: CRLF everywhere, 75-octet folding that never splits a UTF-8 sequence, TEXT escaping.
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, icsCalendar, utcStamp } from '../../src/modules/calendar/ics.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
/** Undo folding (RFC 5545 §3.1): a CRLF followed by one space or tab disappears. */
const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');

describe('escapeText', () => {
  it('escapes backslash, semicolon and comma, and writes newlines as \\n', () => {
    expect(escapeText('a\\b;c,d')).toBe('a\\\\b\\;c\\,d');
    expect(escapeText('dòng 1\r\ndòng 2\ndòng 3\rdòng 4')).toBe('dòng 1\\ndòng 2\\ndòng 3\\ndòng 4');
  });

  it('leaves colons and quotes alone, drops other control characters, and composes to NFC', () => {
    expect(escapeText('Ghi chú: "Sở"\u0007')).toBe('Ghi chú: "Sở"');
    const decomposed = 'Sở Y tế'.normalize('NFD');
    expect(escapeText(decomposed)).toBe('Sở Y tế'.normalize('NFC'));
  });
});

describe('foldLine', () => {
  it('leaves a line of 75 octets alone and folds the 76th onto a continuation line', () => {
    const exact = 'X'.repeat(75);
    expect(foldLine(exact)).toBe(exact);
    const folded = foldLine('X'.repeat(76));
    expect(folded).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('keeps every physical line within 75 octets, the leading space included', () => {
    const line = `SUMMARY:${'A'.repeat(300)}`;
    const parts = foldLine(line).split('\r\n');
    expect(parts.length).toBeGreaterThan(4);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(unfold(foldLine(line))).toBe(line);
  });

  it('never splits a multi-byte Vietnamese character across lines', () => {
    // "ệ" is 3 octets, "ờ" is 3, "đ" is 2: a boundary at 75 octets falls inside one of them unless avoided
    const text = `SUMMARY:${'Kiểm tra, đánh giá định kỳ hệ thống thông tin cấp độ 3 của Sở Y tế tỉnh An Hòa — '.repeat(4)}`;
    const folded = foldLine(text);
    const parts = folded.split('\r\n');
    for (const p of parts) {
      expect(octets(p)).toBeLessThanOrEqual(75);
      // each physical line is valid UTF-8 on its own: decoding its bytes gives back the same text
      const bytes = Buffer.from(p, 'utf8');
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(p);
    }
    expect(unfold(folded)).toBe(text);
  });

  it('folds right before a 3-octet character that would cross the limit', () => {
    const line = `${'a'.repeat(74)}ệ`; // 74 + 3 = 77 octets
    expect(foldLine(line)).toBe(`${'a'.repeat(74)}\r\n ệ`);
  });

  it('keeps a 4-octet character (surrogate pair) whole', () => {
    const line = `${'a'.repeat(73)}😀b`;
    const parts = foldLine(line).split('\r\n');
    expect(parts[0]).toBe('a'.repeat(73));
    expect(parts[1]).toBe(' 😀b');
  });
});

describe('icsCalendar', () => {
  const stamp = new Date('2025-11-01T03:04:05.678Z');
  const ics = icsCalendar({
    name: 'Capdo — lịch kiểm tra, đánh giá',
    stamp,
    events: [
      {
        uid: 'asm-12-2025-12-14@capdo',
        date: '2025-12-14',
        summary: 'Hạn kiểm tra, đánh giá định kỳ: Cổng dịch vụ công; bản 2, mới',
        description: 'Dòng một\nDòng hai',
        url: 'https://capdo.example.vn/systems/12',
        categories: ['ASM-01'],
      },
    ],
  });

  it('ends every line with CRLF and has no bare LF or CR', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('writes an all-day VEVENT with a stable UID, DTSTAMP and escaped text', () => {
    const text = unfold(ics);
    expect(text).toContain('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:');
    expect(text).toContain('BEGIN:VEVENT\r\nUID:asm-12-2025-12-14@capdo\r\n');
    expect(text).toContain(`DTSTAMP:${utcStamp(stamp)}\r\n`);
    expect(utcStamp(stamp)).toBe('20251101T030405Z');
    expect(text).toContain('DTSTART;VALUE=DATE:20251214\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20251215\r\n');
    expect(text).toContain('SUMMARY:Hạn kiểm tra\\, đánh giá định kỳ: Cổng dịch vụ công\\; bản 2\\, mới\r\n');
    expect(text).toContain('DESCRIPTION:Dòng một\\nDòng hai\r\n');
    expect(text).toContain('URL:https://capdo.example.vn/systems/12\r\n');
    expect(text).toContain('END:VEVENT\r\nEND:VCALENDAR\r\n');
  });

  it('folds every long line', () => {
    for (const line of ics.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('rolls an all-day event at the end of a month or year over to the next day', () => {
    const out = icsCalendar({ name: 'x', stamp, events: [{ uid: 'a@capdo', date: '2025-12-31', summary: 's' }] });
    expect(out).toContain('DTEND;VALUE=DATE:20260101\r\n');
  });
});
