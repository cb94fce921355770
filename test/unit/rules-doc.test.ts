// docs/rules.md says the rules as the code implements them; this keeps the two from drifting apart:
// every rule of the pack has its section there (in pack order) with its citation, default severity, basis
// and Vietnamese title exactly as the code has them, no rule id appears there that the pack does not have,
// and the level criteria table lists every criterion with its articles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../../src/domain/level-criteria.js';
import { PACK_VERSION, RULE_IDS, RULE_PACK } from '../../src/domain/rules/index.js';
import { dictionaries } from '../../src/i18n/index.js';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/rules.md'), 'utf8');

/** The rule sections: `### <id> — <title>` up to the next heading of level 1–3. */
function ruleSections(doc: string): Map<string, { title: string; body: string }> {
  const sections = new Map<string, { title: string; body: string }>();
  const headings = [...doc.matchAll(/^### (\S+) — (.+)$/gm)];
  for (const h of headings) {
    const start = h.index + h[0].length;
    const next = doc.slice(start).search(/^#{1,3} /m);
    const body = next === -1 ? doc.slice(start) : doc.slice(start, start + next);
    if (sections.has(h[1]!)) throw new Error(`docs/rules.md: two sections for ${h[1]}`);
    sections.set(h[1]!, { title: h[2]!.trim(), body });
  }
  return sections;
}

/** The second cell of the `| <field> | … |` row of a section's table. */
function row(body: string, field: string): string | null {
  const m = new RegExp(`^\\| ${field} \\| (.*) \\|$`, 'm').exec(body);
  return m ? m[1]!.trim() : null;
}

const sections = ruleSections(DOC);
const vi = dictionaries.vi as Record<string, string>;

describe('docs/rules.md', () => {
  it('has one section per rule of the pack, in pack order, and none for a rule the pack lacks', () => {
    expect([...sections.keys()]).toEqual(RULE_PACK.map((r) => r.id));
  });

  it.each(RULE_PACK.map((r) => [r.id, r] as const))('%s: id, citation, severity, basis and title as the pack has them', (id, rule) => {
    const s = sections.get(id);
    expect(s, `no section for ${id}`).toBeDefined();
    expect(s!.title).toBe(vi[`rule.${id}.title`]);
    expect(row(s!.body, 'id')).toBe(`\`${id}\``);
    expect(row(s!.body, 'citation')).toBe(rule.citation);
    expect(row(s!.body, 'severity')).toMatch(new RegExp(`^\`${rule.severity}\``));
    expect(row(s!.body, 'basis')).toMatch(new RegExp(`^\`${rule.basis}\``));
    for (const field of ['what', 'applies to', 'dates', 'states']) expect(row(s!.body, field), `${id}: ${field}`).toBeTruthy();
  });

  it('names no rule id the pack does not have', () => {
    // every token shaped like a rule id of one of the pack's families (LVL-…, L4-…, ASM-…, …)
    const families = [...new Set(RULE_IDS.map((id) => id.replace(/-\d+$/, '')))];
    const named = new Set([...DOC.matchAll(new RegExp(`\\b(?:${families.join('|')})-\\d+\\b`, 'g'))].map((m) => m[0]));
    const known = new Set<string>(RULE_IDS);
    expect([...named].filter((id) => !known.has(id))).toEqual([]);
    // and every rule is named (its section at least)
    expect(RULE_IDS.filter((id) => !named.has(id))).toEqual([]);
  });

  it('lists every level criterion with its level and its article under each regime', () => {
    for (const c of CRITERIA) {
      const m = new RegExp(`^\\| \`${c.id}\` \\| (\\d) \\| [^|]+ \\| ([^|]+) \\| ([^|]+) \\|$`, 'm').exec(DOC);
      expect(m, `criterion ${c.id}`).not.toBeNull();
      expect(Number(m![1])).toBe(c.level);
      expect(m![2]!.trim()).toBe(c.articles.nd331 ?? '—');
      expect(m![3]!.trim()).toBe(c.articles.nd85 ?? '—');
    }
    const listed = [...DOC.matchAll(/^\| `([a-z0-9-]+)` \| \d \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(CRITERIA.map((c) => c.id));
  });

  it('names the rule pack version it describes', () => {
    expect(DOC).toContain(`rule pack version \`${PACK_VERSION}\``);
  });
});
