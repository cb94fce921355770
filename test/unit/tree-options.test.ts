// The organisation filter's options: escaped, indented, named per language, the chosen one marked.
import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../src/modules/organisations/organisations.service.js';
import { treeOptions } from '../../src/web/tree-options.js';

const node = (id: number, nameVi: string, nameEn: string | null, depth: number): TreeNode =>
  ({ org: { id, nameVi, nameEn }, depth, children: 0 }) as unknown as TreeNode;

const tree = [node(1, 'Ủy ban nhân dân tỉnh', 'Provincial People’s Committee', 0), node(2, 'Sở "Y tế" <A&B>', null, 1)];

describe('treeOptions', () => {
  it('escapes names, indents by depth and marks only the chosen organisation', () => {
    const html = treeOptions(tree, 'vi', 2);
    expect(html).toBe(
      '<option value="1">Ủy ban nhân dân tỉnh</option><option value="2" selected>\u00a0\u00a0Sở &#34;Y tế&#34; &lt;A&amp;B&gt;</option>',
    );
    expect(treeOptions(tree, 'vi', undefined)).not.toContain('selected');
    expect(treeOptions(tree, 'vi', '1')).toContain('<option value="1" selected>');
    expect(treeOptions(tree, 'vi', '1" onmouseover="x')).not.toContain('selected');
  });

  it('uses the English name where there is one', () => {
    expect(treeOptions(tree, 'en', undefined)).toContain('>Provincial People’s Committee<');
    expect(treeOptions(tree, 'en', undefined)).toContain('Sở &#34;Y tế&#34;');
  });
});
