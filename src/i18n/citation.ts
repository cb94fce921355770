// Legal citations are written once, in Vietnamese, next to the rules (src/domain). In English they are
// rendered with English names for the kinds of document and their parts, and the documents' numbers in
// the usual romanised form (331/2026/NĐ-CP → 331/2026/ND-CP), so no Vietnamese word or abbreviation is
// left inside an English sentence.
import type { Locale } from './index.js';

/** Whole phrases first, then the parts of a document, then the numbering codes. Order matters. */
const EN: readonly [RegExp, string][] = [
  [/Luật An ninh mạng số /g, 'Law on Cybersecurity No. '],
  [/Nghị định /g, 'Decree '],
  [/Quyết định /g, 'Decision '],
  [/Thông tư /g, 'Circular '],
  [/Chỉ thị /g, 'Directive '],
  [/Phụ lục /g, 'Appendices '],
  [/\bNĐ (\d+) Đ(\d+)/g, 'Decree $1 Art. $2'],
  [/Điều /g, 'Article '],
  [/khoản /g, 'clause '],
  [/điểm đ(?!\p{L})/gu, 'point dd'],
  [/điểm /g, 'point '],
  [/mục /g, 'section '],
  [/nhiệm vụ /g, 'task '],
  [/\.đ(?!\p{L})/gu, '.dd'],
  [/NĐ-CP/g, 'ND-CP'],
  [/QĐ-/g, 'QD-'],
];

/** A citation in the reader's language (Vietnamese: as written). */
export function citationIn(text: string | null | undefined, locale: Locale): string {
  if (!text) return '';
  if (locale !== 'en') return text;
  return EN.reduce((s, [re, to]) => s.replace(re, to), text);
}
