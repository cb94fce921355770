// Citations in English carry no Vietnamese word or abbreviation; in Vietnamese they are as written.
import { describe, expect, it } from 'vitest';
import { CADENCE_CITATIONS } from '../../src/domain/cadence.js';
import { authorities } from '../../src/domain/dossier.js';
import { PEOPLE_CITATIONS } from '../../src/domain/people.js';
import { READINESS_CITATIONS } from '../../src/domain/readiness.js';
import { RULE_PACK } from '../../src/domain/rules/index.js';
import { citationIn } from '../../src/i18n/citation.js';

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

const all = [
  ...RULE_PACK.map((r) => r.citation),
  ...Object.values(PEOPLE_CITATIONS), ...Object.values(CADENCE_CITATIONS), ...Object.values(READINESS_CITATIONS),
  ...([1, 2, 3, 4, 5] as const).flatMap((l) => (['nd331', 'nd85'] as const).map((r) => authorities(l, r).article)),
];

describe('citations in the reader\'s language', () => {
  it('has citations to check', () => {
    expect(all.length).toBeGreaterThan(30);
    expect(all.some((c) => VIETNAMESE.test(c))).toBe(true);
  });

  it.each(all)('in English: %s', (c) => {
    const en = citationIn(c, 'en');
    expect(en).not.toMatch(VIETNAMESE);
    expect(en).not.toMatch(/\b(NĐ|QĐ|Đ\d)/);
  });

  it('reads as English', () => {
    expect(citationIn('Nghị định 331/2026/NĐ-CP, Điều 31 khoản 2 điểm a; Quyết định 964/QĐ-TTg, mục IV.5.a', 'en'))
      .toBe('Decree 331/2026/ND-CP, Article 31 clause 2 point a; Decision 964/QD-TTg, section IV.5.a');
    expect(citationIn('NĐ 331 Đ18.3', 'en')).toBe('Decree 331 Art. 18.3');
    expect(citationIn('Chỉ thị 14/CT-TTg, khoản 1 điểm đ', 'en')).toBe('Directive 14/CT-TTg, clause 1 point dd');
  });

  it('leaves Vietnamese as written', () => {
    for (const c of all) expect(citationIn(c, 'vi')).toBe(c);
  });
});
