// The wording every official paper shares (src/modules/documents/official.ts), as Decree 30/2020/NĐ-CP sets it.
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import {
  articleText, authorityLine, headKind, issuerSymbol, nation, officialDate, placeDate, placeOf, reportBasis,
} from '../../src/modules/print/official.js';

const vi = translator('vi');
const en = translator('en');

describe('the national header', () => {
  it('is "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc", exactly', () => {
    expect(nation(vi)).toEqual({ nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', motto: 'Độc lập - Tự do - Hạnh phúc' });
    expect(nation(en).nation).toBe('SOCIALIST REPUBLIC OF VIET NAM');
  });
});

describe('the date of a paper', () => {
  it('puts a zero before a day below 10 and before the months January and February only', () => {
    expect(officialDate('2027-02-05', vi)).toBe('ngày 05 tháng 02 năm 2027');
    expect(officialDate('2027-01-31', vi)).toBe('ngày 31 tháng 01 năm 2027');
    expect(officialDate('2026-03-09', vi)).toBe('ngày 09 tháng 3 năm 2026');
    expect(officialDate('2026-10-14', vi)).toBe('ngày 14 tháng 10 năm 2026');
    expect(officialDate('2026-10-14', en)).toBe('14 October 2026');
  });

  it('leaves blanks to fill in by hand when there is no date yet', () => {
    expect(officialDate(null, vi)).toBe('ngày ...... tháng ...... năm ......');
    expect(officialDate(null, vi, '2026')).toBe('ngày ...... tháng ...... năm 2026');
  });

  it('is preceded by the province or city of the body’s address', () => {
    expect(placeOf('Số 1 đường Trần Hưng Đạo, phường Đông Hải, tỉnh Bình Sơn')).toBe('Bình Sơn');
    expect(placeOf('Số 18 Nguyễn Du, quận Hai Bà Trưng, thành phố Hà Nội')).toBe('Hà Nội');
    expect(placeOf('Hà Nội')).toBe('Hà Nội');
    expect(placeOf(null)).toBeNull();
    expect(placeOf('  ')).toBeNull();
    expect(placeDate('phường Đông Hải, tỉnh Bình Sơn', '2026-12-03', vi)).toBe('Bình Sơn, ngày 03 tháng 12 năm 2026');
    expect(placeDate(null, null, vi)).toBe('............, ngày ...... tháng ...... năm ......');
  });
});

describe('the issuing body', () => {
  it('has a symbol made of the initials of its name, before the place ("và" gives none)', () => {
    expect(issuerSymbol('Ủy ban nhân dân tỉnh Bình Sơn')).toBe('UBND');
    expect(issuerSymbol('Sở Khoa học và Công nghệ')).toBe('SKHCN');
    expect(issuerSymbol('Trung tâm Chuyển đổi số tỉnh')).toBe('TTCĐS');
    expect(issuerSymbol('Bộ Hạ tầng và Dữ liệu số')).toBe('BHTDLS');
    expect(issuerSymbol('')).toBe('CQ');
  });

  it('is signed for by its head, whose title comes from the kind of body', () => {
    expect(headKind('Ủy ban nhân dân tỉnh Bình Sơn')).toBe('chairman');
    expect(headKind('Sở Y tế')).toBe('director');
    expect(headKind('Bộ Hạ tầng và Dữ liệu số')).toBe('minister');
    expect(headKind('Văn phòng Ủy ban nhân dân tỉnh')).toBe('chief');
    expect(headKind('Ban Quản lý dự án')).toBe('head');
    expect(authorityLine({ nameVi: 'Ủy ban nhân dân tỉnh Bình Sơn', nameEn: null }, vi, 'vi')).toBe('CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN');
    expect(authorityLine({ nameVi: 'Sở Khoa học và Công nghệ', nameEn: null }, vi, 'vi')).toBe('GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ');
  });
});

describe('citations', () => {
  it('name the point, clause and article in the Vietnamese order', () => {
    expect(articleText('13.2.b', vi)).toBe('điểm b khoản 2 Điều 13');
    expect(articleText('11.1', vi)).toBe('khoản 1 Điều 11');
    expect(articleText('16', vi)).toBe('Điều 16');
    expect(articleText('13.2.b', en)).toBe('Art 13(2)(b)');
  });

  it('send an annual report due after 19 Aug 2026 under Decree 331 (Mẫu 08, to BCA), an earlier one under Circular 12', () => {
    expect(reportBasis('2026-12-25')).toBe('nd331');
    expect(reportBasis('2025-12-25')).toBe('nd85');
  });
});
