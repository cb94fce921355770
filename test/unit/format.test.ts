import { describe, expect, it } from 'vitest';
import { fold, formatDate, formatDateTime, parseDateInput, todayIso } from '../../src/i18n/format.js';

describe('fold', () => {
  it.each([
    ['Sở Khoa học và Công nghệ', 'so khoa hoc va cong nghe'],
    ['ĐẶC BIỆT  Quan trọng', 'dac biet quan trong'],
    ['Ủy ban nhân dân tỉnh', 'uy ban nhan dan tinh'],
    ['Bệnh viện Đa khoa', 'benh vien da khoa'],
  ])('%s → %s', (input, out) => expect(fold(input)).toBe(out));

  it('folds decomposed (NFD) input the same as composed', () => {
    expect(fold('Sở'.normalize('NFD'))).toBe('so');
  });
});

describe('dates', () => {
  it('shows ISO dates as dd/mm/yyyy', () => {
    expect(formatDate('2026-08-19')).toBe('19/08/2026');
    expect(formatDate(null)).toBe('');
  });

  it('shows timestamps in Vietnam time (UTC+7)', () => {
    // 18:30 UTC on 31 Dec is already 1 Jan in Hà Nội
    expect(formatDate('2026-12-31T18:30:00.000Z')).toBe('01/01/2027');
    expect(formatDateTime('2026-12-31T18:30:00.000Z')).toBe('01/01/2027 01:30');
  });

  it('takes today in Vietnam, not UTC', () => {
    expect(todayIso(new Date('2026-11-23T17:30:00Z'))).toBe('2026-11-24');
    expect(todayIso(new Date('2026-11-23T16:59:00Z'))).toBe('2026-11-23');
  });

  it.each([
    ['19/08/2026', '2026-08-19'],
    ['1/7/2027', '2027-07-01'],
    ['2026-08-19', '2026-08-19'],
    [' 05/12/2026 ', '2026-12-05'],
  ])('parses %s', (input, out) => expect(parseDateInput(input)).toBe(out));

  it.each(['31/02/2026', '29/02/2026', '00/01/2026', '12/13/2026', '2026/08/19', 'hôm nay', '', '1/1/1800'])('rejects %s', (input) =>
    expect(parseDateInput(input)).toBeNull(),
  );

  it('accepts 29 February in a leap year', () => expect(parseDateInput('29/02/2028')).toBe('2028-02-29'));
});
