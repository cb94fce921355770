// What every official paper Capdo writes shares, as Decree 30/2020/NĐ-CP (Appendix I) lays it out: the
// Quốc hiệu and Tiêu ngữ, the issuing body's name and symbol, "Số: …/QĐ-…", the place and date line
// ("Bình Sơn, ngày 05 tháng 02 năm 2027": a day below 10 and a month below 3 take a leading zero), and
// the title of the head who signs. Pure text helpers: the PDF writer, the DOCX writer and the pages all
// take their wording from here, so the three say the same.
import { fold } from '../../i18n/format.js';
import type { Locale, T } from '../../i18n/index.js';

/** The header of an official paper (Decree 30/2020, Appendix I): the boxes every printed paper carries. */
export interface OfficialHeader {
  /** the issuer's direct parent body, upper case, not bold (box 2, first line); null at the top */
  parent: string | null;
  /** the issuing body (box 2), upper case, bold, underlined by a short line */
  issuer: string;
  /** "Số: …/BC-…" (box 3); null when the paper carries no number */
  number: string | null;
  nation: string;
  motto: string;
  /** "…, ngày … tháng … năm …" (box 4), italic */
  placeDate: string;
}

/** The organisation fields the headers read. */
export interface OrgNames {
  nameVi: string;
  nameEn: string | null;
  address: string | null;
}

export const orgName = (o: Pick<OrgNames, 'nameVi' | 'nameEn'>, locale: Locale): string => (locale === 'en' && o.nameEn ? o.nameEn : o.nameVi);

/** Quốc hiệu and Tiêu ngữ, exactly. */
export function nation(t: T): { nation: string; motto: string } {
  return { nation: t('doc.nation'), motto: t('doc.motto') };
}

/**
 * The date of an official paper: "ngày 05 tháng 02 năm 2027" (Decree 30/2020, Appendix I, II.4:
 * days below 10 and the months January and February with a leading zero); blanks to fill in by hand
 * when there is no date yet.
 */
export function officialDate(iso: string | null, t: T, year?: string): string {
  if (!iso) return year ? t('doc.dateBlankYear', { y: year }) : t('doc.dateBlank');
  const [y, m, d] = iso.slice(0, 10).split('-');
  // the month's words carry the zero of January and February ("tháng 01", "tháng 3")
  return t('doc.date', { d: d ?? '', month: t(`doc.month.${Number(m)}`), y: y ?? '' });
}

/**
 * The place of the place-and-date line: the province or city of the body's address (its last part,
 * without "tỉnh" / "thành phố"), as papers are dated ("Bình Sơn, ngày …"); dots to fill in when the
 * address says nothing usable.
 */
export function placeOf(address: string | null | undefined): string | null {
  const last = address?.split(',').pop()?.trim();
  if (!last) return null;
  const place = last.replace(/^(tỉnh|thành phố|tp\.?)\s+/i, '').trim();
  return place || null;
}

/** "Bình Sơn, ngày 05 tháng 02 năm 2027"; without a date, blanks to fill in (with the year when given). */
export function placeDate(address: string | null | undefined, iso: string | null, t: T, year?: string): string {
  return t('doc.placeDate', { place: placeOf(address) ?? t('doc.placeBlank'), date: officialDate(iso, t, year) });
}

/**
 * An article of the level criteria as papers cite it: '13.2.b' → "điểm b khoản 2 Điều 13", '16' → "Điều 16"
 * (the order of Vietnamese legal citations: point, clause, article).
 */
export function articleText(article: string, t: T): string {
  const [art = '', clause, point] = article.split('.');
  if (point) return t('doc.article.point', { art, clause: clause ?? '', point });
  if (clause) return t('doc.article.clause', { art, clause });
  return t('doc.article.article', { art });
}

/** "Nghị định số 331/2026/NĐ-CP" / "Nghị định số 85/2016/NĐ-CP". */
export function decreeName(regime: 'nd331' | 'nd85', t: T): string {
  return t(`doc.decree.${regime}`);
}

// words that give no letter to a body's symbol, and where the place name starts
const SMALL_WORDS = new Set(['va', 'cua', 'thuoc']);
const PLACE_WORDS = new Set(['tinh', 'thanh']);

/**
 * The issuing body's symbol in "Số: …/QĐ-UBND": the initials of its name before the place
 * ("Ủy ban nhân dân tỉnh Bình Sơn" → UBND, "Sở Khoa học và Công nghệ" → SKHCN, "Trung tâm Chuyển đổi số
 * tỉnh" → TTCĐS); "và" gives none. A draft only: the clerk corrects it when the body uses another.
 */
export function issuerSymbol(nameVi: string): string {
  const letters: string[] = [];
  for (const word of nameVi.split(/\s+/).filter(Boolean)) {
    const plain = fold(word).replace(/[^a-z0-9]/g, '');
    if (PLACE_WORDS.has(plain)) break;
    if (SMALL_WORDS.has(plain) || !plain) continue;
    const first = word[0]!;
    letters.push(first === 'đ' || first === 'Đ' ? 'Đ' : fold(first).toUpperCase());
  }
  return letters.join('') || 'CQ';
}

/** The kind of head who signs for a body, from its name (a draft: the clerk corrects the rest). */
export type HeadKind = 'chairman' | 'director' | 'minister' | 'chief' | 'head';

export function headKind(nameVi: string): HeadKind {
  const n = fold(nameVi);
  if (n.startsWith('uy ban nhan dan')) return 'chairman';
  if (n.startsWith('bo ')) return 'minister';
  if (n.startsWith('van phong')) return 'chief';
  if (/^(so|trung tam|benh vien|cong ty|vien|cuc)\b/.test(n)) return 'director';
  return 'head';
}

/** "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH SƠN": the authority that issues a decision, upper case. */
export function authorityLine(o: Pick<OrgNames, 'nameVi' | 'nameEn'>, t: T, locale: Locale): string {
  return `${t(`doc.head.${headKind(o.nameVi)}`)} ${orgName(o, locale)}`.toUpperCase();
}

/** Which law an annual report answers to: the decree in force when it is due. */
export type ReportBasis = 'nd331' | 'nd85';

/** Decree 331/2026/NĐ-CP took effect on 19 Aug 2026: a report due after it is its Mẫu 08, sent to BCA. */
export const ND331_IN_FORCE = '2026-08-19';

export function reportBasis(authorityDue: string): ReportBasis {
  return authorityDue >= ND331_IN_FORCE ? 'nd331' : 'nd85';
}
