// The baseline requirement catalogues (docs/rules.md §6), the checklist arithmetic (CHK-01) and the crosswalk from
// TCVN 11930:2017 to TCVN 14423:2026 (the move from Decree 85 to Decree 331). The JSON files are copied
// verbatim from the catalogue work; they are checked once, at module load, so a malformed edit or a
// crosswalk id that names no item fails at start-up instead of in a page.
//
// What reaches a page: titles, conditions, level notes and cadences in the user's language, and the
// citation of the system's level (`itemCitation`). The `source`, `note`, `why` and `nd331_mapping` fields
// are maintainers' remarks (English, with the secondary source's repository paths): kept, never shown.
import { z } from 'zod';
import type { Regime } from '../level-criteria.js';
import crosswalkJson from './crosswalk-11930-14423.json' with { type: 'json' };
import tcvn11930 from './tcvn-11930-2017.json' with { type: 'json' };
import tcvn14423Items from './tcvn-14423-2026-items.json' with { type: 'json' };
import tcvn14423Outline from './tcvn-14423-2026-outline.json' with { type: 'json' };

/** What a checklist item can be answered (docs/rules.md §6). */
export const CHECKLIST_STATUSES = ['met', 'partly_met', 'not_met', 'not_applicable', 'not_assessed'] as const;

export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
export type CatalogueId = 'tcvn-11930-2017' | 'tcvn-14423-2026';
export const CATALOGUE_IDS = ['tcvn-11930-2017', 'tcvn-14423-2026'] as const satisfies readonly CatalogueId[];
export const AREAS = ['management', 'technical', 'design'] as const;
export type Area = (typeof AREAS)[number];

const level = z.number().int().min(1).max(5);
const byLevel = z.partialRecord(z.enum(['1', '2', '3', '4', '5']), z.string().min(1));
const cadence = z.looseObject({
  activity_vi: z.string().min(1),
  activity_en: z.string().min(1),
  by_level: byLevel,
  by_level_vi: byLevel,
});

// Every field of the JSON is kept (looseObject); the ones the app reads are typed here.
const itemSchema = z.looseObject({
  // TCVN 11930: "M.POL.1"; TCVN 14423: "RISK-01" (and "A.PHYS", Appendix A as one item)
  id: z.string().regex(/^[A-Z][A-Z0-9.-]*$/),
  /** TCVN 14423 items: the outline group (heading) the item belongs to */
  group_id: z.string().optional(),
  area: z.enum(AREAS),
  group: z.string().min(1),
  group_vi: z.string().min(1),
  title_vi: z.string().min(1),
  title_en: z.string().min(1),
  min_level: level,
  /** explicit, and may skip a level (TCVN 14423: NET-29, NET-34, NET-43, IR-01, IR-03) */
  levels: z.array(level).min(1),
  source: z.string().min(1), // maintainers only
  condition: z.string().optional(),
  condition_vi: z.string().optional(),
  note: z.string().optional(), // maintainers only
  basis: z.enum(['appendix', 'article']).optional(), // TCVN 11930 only: TT12's appendices or its body (Art. 9.6–9.10)
  unverified: z.boolean().optional(), // TCVN 14423 only: from a secondary source
  /** TCVN 11930: the item of Circular 12's appendix for each level, e.g. "Appendix III, Part I item 1.1.1" */
  source_by_level: byLevel.optional(),
  /** TCVN 11930: the standard's clause for each level */
  tcvn_11930_ref: byLevel.optional(),
  /** TCVN 14423: the sub-clause for each level (clause 3 = level 1 … clause 7 = level 5) */
  tcvn_14423_sections: byLevel.optional(),
  level_notes: byLevel.optional(),
  level_notes_vi: byLevel.optional(),
  level_highlights: byLevel.optional(),
  level_highlights_vi: byLevel.optional(),
  cadence: z.array(cadence).optional(),
});

export type CatalogueItem = z.infer<typeof itemSchema>;
export type Cadence = z.infer<typeof cadence>;

function load(id: string, raw: unknown): readonly CatalogueItem[] {
  const items = z.array(itemSchema).parse(raw);
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw new Error(`catalogue ${id}: duplicate item ids`);
  for (const i of items) {
    if (Math.min(...i.levels) !== i.min_level) throw new Error(`catalogue ${id}: ${i.id} min_level is not its lowest level`);
  }
  return Object.freeze(items.map((i) => Object.freeze(i)));
}

// TCVN 14423:2026 checklists use the requirement rows (items); the outline's 19 groups are their headings.
const CATALOGUES: Record<CatalogueId, readonly CatalogueItem[]> = {
  'tcvn-11930-2017': load('tcvn-11930-2017', tcvn11930),
  'tcvn-14423-2026': load('tcvn-14423-2026', tcvn14423Items),
};

/** A heading of the TCVN 14423 outline: the group an item belongs to, with its clause per level. */
export type CatalogueGroup = CatalogueItem;
const GROUPS_14423: readonly CatalogueGroup[] = load('tcvn-14423-2026-outline', tcvn14423Outline);

(function checkGroups() {
  const groupIds = new Set(GROUPS_14423.map((g) => g.id));
  for (const item of CATALOGUES['tcvn-14423-2026']) {
    if (!item.group_id || !groupIds.has(item.group_id)) throw new Error(`catalogue tcvn-14423-2026: ${item.id} names no outline group (${item.group_id ?? '—'})`);
  }
  for (const g of GROUPS_14423) {
    if (!CATALOGUES['tcvn-14423-2026'].some((i) => i.group_id === g.id)) throw new Error(`catalogue tcvn-14423-2026: group ${g.id} has no item`);
  }
})();

/** TCVN 14423:2026 is known only through a volunteer paraphrase (v0.1): the UI says so. */
export const UNVERIFIED: Record<CatalogueId, boolean> = { 'tcvn-11930-2017': false, 'tcvn-14423-2026': true };

/** Decree 85/2016 → Circular 12/2022's appendices (TCVN 11930:2017); Decree 331/2026 → TCVN 14423:2026. */
export function catalogueFor(regime: Regime): CatalogueId {
  return regime === 'nd85' ? 'tcvn-11930-2017' : 'tcvn-14423-2026';
}

export function catalogueItems(id: CatalogueId): readonly CatalogueItem[] {
  return CATALOGUES[id];
}

const INDEX: Record<CatalogueId, ReadonlyMap<string, CatalogueItem>> = {
  'tcvn-11930-2017': new Map(CATALOGUES['tcvn-11930-2017'].map((i) => [i.id, i])),
  'tcvn-14423-2026': new Map(CATALOGUES['tcvn-14423-2026'].map((i) => [i.id, i])),
};

export function findItem(id: CatalogueId, itemId: string): CatalogueItem | undefined {
  return INDEX[id].get(itemId);
}

/** The outline headings of a catalogue, in order (TCVN 14423); none for TCVN 11930, whose items carry their group. */
export function catalogueGroups(id: CatalogueId): readonly CatalogueGroup[] {
  return id === 'tcvn-14423-2026' ? GROUPS_14423 : [];
}

export function findGroup(id: CatalogueId, groupId: string): CatalogueGroup | undefined {
  return catalogueGroups(id).find((g) => g.id === groupId);
}

/** A system's checklist: the items of its regime's catalogue whose levels include its level, in catalogue order. */
export function applicableItems(regime: Regime, level: number): CatalogueItem[] {
  return CATALOGUES[catalogueFor(regime)].filter((i) => i.levels.includes(level));
}

// ---- citations ----

/**
 * One part of an item's citation at a level: an i18n key (chk.cite.<key>) and its parameters. The views
 * join the parts with " · ", e.g. "Thông tư 12/2022/TT-BTTTT, Phụ lục III, Phần I, mục 1.1.1 · TCVN 11930:2017 §7.1.1.1"
 * or "TCVN 14423:2026 §5.10.2.4 b".
 */
export interface CitationPart {
  key: 'tcvn14423' | 'tt12Appendix' | 'tt12AppendixItem' | 'tt12Article' | 'tt12ArticlePoint' | 'tcvn11930';
  params: Record<string, string>;
}

const APPENDIX = /^Appendix ([IV]+), Part (\S+?)(?: item (\S+))?$/;
const ARTICLE = /(\d+)\((\d+)\)(?:\(([a-z])\))?/g;

/**
 * Circular 12's body (Art. 9.6–9.10) as the article items cite it: "TT12/2022 Art. 9(9)(a), 9(10)(a)". Art 9.9
 * is the level-3 case and Art 9.10 the levels 4–5 case of a system on a rented data centre or cloud; the
 * other clauses apply at every level.
 */
function articleAt(source: string, level: number): CitationPart | null {
  const refs = [...source.matchAll(ARTICLE)].map((m) => ({ article: m[1]!, clause: m[2]!, point: m[3] ?? null }));
  const ref = refs.find((r) => (r.article === '9' && r.clause === '9' ? level === 3 : r.article === '9' && r.clause === '10' ? level >= 4 : true));
  if (!ref) return null;
  return ref.point
    ? { key: 'tt12ArticlePoint', params: { article: ref.article, clause: ref.clause, point: ref.point } }
    : { key: 'tt12Article', params: { article: ref.article, clause: ref.clause } };
}

/** The citation of an item at a level (empty when the item does not apply at that level). */
export function itemCitation(id: CatalogueId, item: CatalogueItem, lvl: number): CitationPart[] {
  if (!item.levels.includes(lvl)) return [];
  const key = String(lvl) as '1';
  if (id === 'tcvn-14423-2026') {
    const section = item.tcvn_14423_sections?.[key];
    return section ? [{ key: 'tcvn14423', params: { section } }] : [];
  }
  const parts: CitationPart[] = [];
  const appendix = item.source_by_level?.[key];
  const m = appendix ? APPENDIX.exec(appendix) : null;
  if (m) {
    parts.push(m[3]
      ? { key: 'tt12AppendixItem', params: { appendix: m[1]!, part: m[2]!, item: m[3] } }
      : { key: 'tt12Appendix', params: { appendix: m[1]!, part: m[2]! } });
  } else if (item.basis === 'article') {
    const a = articleAt(item.source, lvl);
    if (a) parts.push(a);
  }
  const clause = item.tcvn_11930_ref?.[key];
  if (clause) parts.push({ key: 'tcvn11930', params: { clause } });
  return parts;
}

/** The heading's clause of a TCVN 14423 group at a level, e.g. "5.10". */
export function groupSection(group: CatalogueGroup, lvl: number): string | null {
  return group.tcvn_14423_sections?.[String(lvl) as '1'] ?? null;
}

/** A text of the catalogue in both languages (the views show the one of the user's language). */
export interface Bilingual {
  vi: string;
  en: string;
}

/** The item's (or group's) note for a level: TCVN 11930's level_notes, TCVN 14423's level_highlights. */
export function levelNote(item: CatalogueItem, lvl: number): Bilingual | null {
  const key = String(lvl) as '1';
  const vi = item.level_notes_vi?.[key] ?? item.level_highlights_vi?.[key];
  const en = item.level_notes?.[key] ?? item.level_highlights?.[key];
  return vi && en ? { vi, en } : null;
}

/** The item's condition, in both languages (null when it has none or no Vietnamese twin). */
export function conditionOf(item: CatalogueItem): Bilingual | null {
  // the catalogue's English text quotes its sources' Vietnamese flag "[CẦN ĐỐI CHIẾU]" (to be checked): said in English
  return item.condition && item.condition_vi ? { vi: item.condition_vi, en: item.condition.replace(/\[CẦN ĐỐI CHIẾU\]/g, '"to be checked"') } : null;
}

/** The cadences of an item at a level: "Rà soát quy định quản lý tài khoản: ≥ 1 lần/năm". */
export function cadencesAt(item: CatalogueItem, lvl: number): Array<{ activity: Bilingual; frequency: Bilingual }> {
  const key = String(lvl) as '1';
  return (item.cadence ?? []).flatMap((c) => {
    const vi = c.by_level_vi[key];
    const en = c.by_level[key];
    return vi && en ? [{ activity: { vi: c.activity_vi, en: c.activity_en }, frequency: { vi, en } }] : [];
  });
}

// ---- CHK-01 ----

export interface ChecklistStats {
  applicable: number;
  met: number;
  partlyMet: number;
  notMet: number;
  notApplicable: number;
  notAssessed: number;
  /** met ÷ (applicable − not applicable), rounded down; 0 when nothing is left to meet. */
  percentMet: number;
}

/**
 * CHK-01's numbers. Items without an answer count as not assessed; answers for items that are not in
 * `items` (another level or catalogue) are ignored here but stay stored.
 */
export function checklistStats(
  items: readonly { id: string }[],
  answers: Iterable<{ itemId: string; status: ChecklistStatus }>,
): ChecklistStats {
  const byItem = new Map<string, ChecklistStatus>();
  for (const a of answers) byItem.set(a.itemId, a.status);
  const n = { met: 0, partlyMet: 0, notMet: 0, notApplicable: 0 };
  for (const item of items) {
    switch (byItem.get(item.id)) {
      case 'met': n.met += 1; break;
      case 'partly_met': n.partlyMet += 1; break;
      case 'not_met': n.notMet += 1; break;
      case 'not_applicable': n.notApplicable += 1; break;
      default: break; // not assessed, answered or not
    }
  }
  return statsFromCounts(items.length, n);
}

/** CHK-01's numbers from the counts of applicable items answered met, partly met, not met and not applicable. */
export function statsFromCounts(applicable: number, n: Pick<ChecklistStats, 'met' | 'partlyMet' | 'notMet' | 'notApplicable'>): ChecklistStats {
  const base = applicable - n.notApplicable;
  return {
    applicable, met: n.met, partlyMet: n.partlyMet, notMet: n.notMet, notApplicable: n.notApplicable,
    notAssessed: applicable - n.met - n.partlyMet - n.notMet - n.notApplicable,
    percentMet: base > 0 ? Math.floor((n.met * 100) / base) : 0,
  };
}

// ---- the crosswalk TCVN 11930:2017 → TCVN 14423:2026 ----

/**
 * How a new item relates to an old one (read old → new): `equivalent` — the same control at the same
 * strength, so a compliant old answer carries over as is; `partial` — the new item is stricter or broader,
 * so the old answer is partial evidence; `related` — same topic, different control: context only.
 */
export const RELATIONS = ['equivalent', 'partial', 'related'] as const;
export type Relation = (typeof RELATIONS)[number];

const crosswalkSchema = z.looseObject({
  links: z.array(z.looseObject({ from: z.string().min(1), to: z.string().min(1), relation: z.enum(RELATIONS), why: z.string() })),
  new_only: z.array(z.string().min(1)),
  old_only: z.array(z.string().min(1)),
});

export interface CrosswalkLink {
  /** a TCVN 11930:2017 item */
  from: string;
  /** a TCVN 14423:2026 item */
  to: string;
  relation: Relation;
}

export interface Crosswalk {
  links: readonly CrosswalkLink[];
  /** TCVN 14423 items with no old counterpart */
  newOnly: ReadonlySet<string>;
  /** TCVN 11930 items with no new counterpart */
  oldOnly: ReadonlySet<string>;
}

/**
 * What is wrong with a crosswalk against the two catalogues: every id must name an item of its side,
 * a link must not repeat, and a new-only (old-only) item must have no link. Empty when it is sound.
 */
export function crosswalkProblems(raw: unknown, oldItems: readonly { id: string }[], newItems: readonly { id: string }[]): string[] {
  const parsed = crosswalkSchema.safeParse(raw);
  if (!parsed.success) return [`not a crosswalk: ${parsed.error.issues[0]?.message ?? 'invalid'}`];
  const c = parsed.data;
  const oldIds = new Set(oldItems.map((i) => i.id));
  const newIds = new Set(newItems.map((i) => i.id));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const l of c.links) {
    if (!oldIds.has(l.from)) problems.push(`link ${l.from} → ${l.to}: ${l.from} is not a TCVN 11930 item`);
    if (!newIds.has(l.to)) problems.push(`link ${l.from} → ${l.to}: ${l.to} is not a TCVN 14423 item`);
    const key = `${l.from}>${l.to}`;
    if (seen.has(key)) problems.push(`link ${l.from} → ${l.to} listed twice`);
    seen.add(key);
  }
  const targets = new Set(c.links.map((l) => l.to));
  const sources = new Set(c.links.map((l) => l.from));
  for (const id of c.new_only) {
    if (!newIds.has(id)) problems.push(`new_only ${id} is not a TCVN 14423 item`);
    else if (targets.has(id)) problems.push(`new_only ${id} also has a link`);
  }
  for (const id of c.old_only) {
    if (!oldIds.has(id)) problems.push(`old_only ${id} is not a TCVN 11930 item`);
    else if (sources.has(id)) problems.push(`old_only ${id} also has a link`);
  }
  return problems;
}

function loadCrosswalk(raw: unknown): Crosswalk {
  const problems = crosswalkProblems(raw, CATALOGUES['tcvn-11930-2017'], CATALOGUES['tcvn-14423-2026']);
  if (problems.length) throw new Error(`crosswalk 11930 → 14423: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5})` : ''}`);
  const c = crosswalkSchema.parse(raw);
  return Object.freeze({
    links: Object.freeze(c.links.map((l) => Object.freeze({ from: l.from, to: l.to, relation: l.relation }))),
    newOnly: new Set(c.new_only),
    oldOnly: new Set(c.old_only),
  });
}

export const CROSSWALK: Crosswalk = loadCrosswalk(crosswalkJson);
