// The one pagination helper.
export interface Page {
  page: number;
  perPage: number;
  total: number;
  pages: number;
  offset: number;
}

export function paginate(rawPage: unknown, total: number, perPage = 25): Page {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const n = typeof rawPage === 'string' && /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : 1;
  const page = Math.min(Math.max(1, n), pages);
  return { page, perPage, total, pages, offset: (page - 1) * perPage };
}

/** The current query string with one parameter replaced (for page links and sort headers). */
export function withQuery(query: Record<string, unknown>, changes: Record<string, string | number | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v !== '' && !(k in changes)) params.set(k, v);
  for (const [k, v] of Object.entries(changes)) if (v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '?';
}
