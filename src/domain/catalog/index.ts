// The baseline requirement catalogues (RULES §6) and the checklist arithmetic (CHK-01). The JSON files are
// copied verbatim from the catalogue work (see its NOTES.md for the counts and judgement calls); they are
// checked once, at module load, so a malformed edit fails at start-up instead of in a page.
import { z } from 'zod';
import type { Regime } from '../level-criteria.js';
import tcvn11930 from './tcvn-11930-2017.json' with { type: 'json' };
import tcvn14423 from './tcvn-14423-2026-outline.json' with { type: 'json' };

/** What a checklist item can be answered (RULES.md §6). */
export const CHECKLIST_STATUSES = ['met', 'partly_met', 'not_met', 'not_applicable', 'not_assessed'] as const;

export type ChecklistStatus = (typeof CHECKLIST_STATUSES)[number];
export type CatalogueId = 'tcvn-11930-2017' | 'tcvn-14423-2026';
export const CATALOGUE_IDS = ['tcvn-11930-2017', 'tcvn-14423-2026'] as const satisfies readonly CatalogueId[];
export const AREAS = ['management', 'technical', 'design'] as const;
export type Area = (typeof AREAS)[number];

const level = z.number().int().min(1).max(5);

// Every field of the JSON is kept (looseObject); the ones the app reads are typed here.
const itemSchema = z.looseObject({
  id: z.string().regex(/^[A-Z][A-Z0-9.]*$/),
  area: z.enum(AREAS),
  group: z.string().min(1),
  group_vi: z.string().min(1),
  title_vi: z.string().min(1),
  title_en: z.string().min(1),
  min_level: level,
  levels: z.array(level).min(1),
  source: z.string().min(1),
  condition: z.string().optional(),
  note: z.string().optional(),
  basis: z.enum(['appendix', 'article']).optional(), // TCVN 11930 only: TT12's appendices or its body (Art. 9.6–9.10)
  unverified: z.boolean().optional(), // TCVN 14423 only: from a secondary source
});

export type CatalogueItem = z.infer<typeof itemSchema>;

function load(id: CatalogueId, raw: unknown): readonly CatalogueItem[] {
  const items = z.array(itemSchema).parse(raw);
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw new Error(`catalogue ${id}: duplicate item ids`);
  return Object.freeze(items.map((i) => Object.freeze(i)));
}

const CATALOGUES: Record<CatalogueId, readonly CatalogueItem[]> = {
  'tcvn-11930-2017': load('tcvn-11930-2017', tcvn11930),
  'tcvn-14423-2026': load('tcvn-14423-2026', tcvn14423),
};

/** TCVN 14423:2026 is known only through a volunteer paraphrase (v0.1): the UI says so. */
export const UNVERIFIED: Record<CatalogueId, boolean> = { 'tcvn-11930-2017': false, 'tcvn-14423-2026': true };

/** Decree 85/2016 → Circular 12/2022's appendices (TCVN 11930:2017); Decree 331/2026 → TCVN 14423:2026. */
export function catalogueFor(regime: Regime): CatalogueId {
  return regime === 'nd85' ? 'tcvn-11930-2017' : 'tcvn-14423-2026';
}

export function catalogueItems(id: CatalogueId): readonly CatalogueItem[] {
  return CATALOGUES[id];
}

export function findItem(id: CatalogueId, itemId: string): CatalogueItem | undefined {
  return CATALOGUES[id].find((i) => i.id === itemId);
}

/** A system's checklist: the items of its regime's catalogue whose levels include its level, in catalogue order. */
export function applicableItems(regime: Regime, level: number): CatalogueItem[] {
  return CATALOGUES[catalogueFor(regime)].filter((i) => i.levels.includes(level));
}

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
