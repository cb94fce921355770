import { fold } from '../i18n/format.js';

/** The folded text a row is searched by: code and both names, lower-case, no diacritics. */
export function searchTextFor(row: { code: string; nameVi: string; nameEn?: string | null }): string {
  return fold([row.code, row.nameVi, row.nameEn ?? ''].join(' '));
}
