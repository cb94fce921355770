// Text helpers the rules need: folding Vietnamese for comparisons and search.

/** Lower-case and strip Vietnamese diacritics, for search and comparison ("Sở Khoa học" → "so khoa hoc"). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
