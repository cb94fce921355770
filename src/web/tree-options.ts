// The organisation filter's <option> list (up to hundreds of organisations on every list page): escaped
// once per tree (the tree is kept until the next write) and language, then only the chosen one is marked.
/** One organisation of a tree as the filter lists it (organisations.service organisationTree). */
export interface TreeNode {
  org: { id: number; nameVi: string; nameEn: string | null };
  depth: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const built = new WeakMap<readonly TreeNode[], Map<string, string>>();

/** The options of `tree`, indented by depth, named in `locale`, `selected` (an organisation id) marked. */
export function treeOptions(tree: readonly TreeNode[], locale: string, selected: unknown): string {
  let byLocale = built.get(tree);
  if (!byLocale) built.set(tree, (byLocale = new Map()));
  let html = byLocale.get(locale);
  if (html === undefined) {
    html = tree
      .map((n) => `<option value="${n.org.id}">${'\u00a0\u00a0'.repeat(n.depth)}${escapeHtml(locale === 'en' && n.org.nameEn ? n.org.nameEn : n.org.nameVi)}</option>`)
      .join('');
    byLocale.set(locale, html);
  }
  const id = Number(selected);
  return Number.isInteger(id) && id > 0 ? html.replace(`<option value="${id}">`, `<option value="${id}" selected>`) : html;
}
