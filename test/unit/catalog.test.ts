import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKLIST_STATUSES } from '../../src/db/schema/compliance.js';
import { dictionaries } from '../../src/i18n/index.js';
import {
  applicableItems, CATALOGUE_IDS, catalogueFor, catalogueItems, checklistStats, UNVERIFIED, type CatalogueItem,
} from '../../src/domain/catalog/index.js';

const raw = (file: string) => JSON.parse(readFileSync(new URL(`../../src/domain/catalog/${file}`, import.meta.url), 'utf8')) as Array<Record<string, unknown> & { id: string; levels: number[] }>;
const json11930 = raw('tcvn-11930-2017.json');
const json14423 = raw('tcvn-14423-2026-outline.json');
const LEVELS = [1, 2, 3, 4, 5] as const;
const count = (items: readonly CatalogueItem[], level: number, keep: (i: CatalogueItem) => boolean = () => true) =>
  items.filter((i) => i.levels.includes(level) && keep(i)).length;

describe('the catalogues', () => {
  it('load every item with every field of the JSON, source included', () => {
    expect(catalogueItems('tcvn-11930-2017')).toEqual(json11930);
    expect(catalogueItems('tcvn-14423-2026')).toEqual(json14423);
    for (const item of [...catalogueItems('tcvn-11930-2017'), ...catalogueItems('tcvn-14423-2026')]) {
      expect(item.source, item.id).toMatch(/\S/);
    }
    expect((catalogueItems('tcvn-11930-2017')[0] as Record<string, unknown>).source_by_level).toBeTruthy();
  });

  it('match the counts of NOTES.md for TCVN 11930:2017 (appendix items, then with the 7 article items)', () => {
    const items = catalogueItems('tcvn-11930-2017');
    expect(LEVELS.map((l) => count(items, l, (i) => i.basis === 'appendix'))).toEqual([34, 46, 66, 68, 70]);
    expect(LEVELS.map((l) => count(items, l, (i) => i.basis === 'article'))).toEqual([3, 3, 6, 7, 7]);
    expect(LEVELS.map((l) => count(items, l))).toEqual([37, 49, 72, 75, 77]);
    expect(LEVELS.map((l) => applicableItems('nd85', l).length)).toEqual([37, 49, 72, 75, 77]);
  });

  it('match the counts of NOTES.md for the TCVN 14423:2026 outline (groups, then with A.PHYS)', () => {
    const items = catalogueItems('tcvn-14423-2026');
    expect(LEVELS.map((l) => count(items, l, (i) => i.id !== 'A.PHYS'))).toEqual([15, 15, 18, 18, 18]);
    expect(LEVELS.map((l) => applicableItems('nd331', l).length)).toEqual([16, 16, 19, 19, 19]);
    expect(items.every((i) => i.unverified === true)).toBe(true);
  });

  it('gives a level 3 system under Decree 85 exactly the JSON items whose levels include 3', () => {
    const expected = json11930.filter((i) => i.levels.includes(3)).map((i) => i.id);
    expect(applicableItems('nd85', 3).map((i) => i.id)).toEqual(expected);
    expect(expected).toHaveLength(72);
    // a level-4 item (device-management zone, PAM) is not there; a level-1 one is
    const level4Only = json11930.filter((i) => Math.min(...i.levels) === 4).map((i) => i.id);
    expect(level4Only.length).toBeGreaterThan(0);
    for (const id of level4Only) expect(expected).not.toContain(id);
    expect(expected).toContain('M.POL.1');
  });

  it('pick the catalogue by regime, and flag only TCVN 14423 as unverified', () => {
    expect(catalogueFor('nd85')).toBe('tcvn-11930-2017');
    expect(catalogueFor('nd331')).toBe('tcvn-14423-2026');
    expect(UNVERIFIED).toEqual({ 'tcvn-11930-2017': false, 'tcvn-14423-2026': true });
  });

  it('have a label for every catalogue, area and status in both languages', () => {
    const keys = [
      ...CATALOGUE_IDS.flatMap((id) => [`chk.catalogue.${id}`, `chk.catalogueShort.${id}`]),
      ...['management', 'technical', 'design'].map((a) => `chk.area.${a}`),
      ...CHECKLIST_STATUSES.map((s) => `chk.status.${s}`),
    ];
    for (const k of keys) {
      expect(dictionaries.vi[k], k).toBeTruthy();
      expect(dictionaries.en[k], k).toBeTruthy();
    }
  });
});

describe('checklistStats (CHK-01)', () => {
  const items = [{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }];

  it('counts items without answers as not assessed, at 0 %', () => {
    expect(checklistStats(items, [])).toEqual({ applicable: 4, met: 0, partlyMet: 0, notMet: 0, notApplicable: 0, notAssessed: 4, percentMet: 0 });
    expect(checklistStats([], []).percentMet).toBe(0);
  });

  it('counts by status and leaves not-applicable items out of the percentage, rounding down', () => {
    const s = checklistStats(items, [
      { itemId: 'A', status: 'met' }, { itemId: 'B', status: 'partly_met' }, { itemId: 'C', status: 'not_met' }, { itemId: 'D', status: 'not_applicable' },
    ]);
    expect(s).toEqual({ applicable: 4, met: 1, partlyMet: 1, notMet: 1, notApplicable: 1, notAssessed: 0, percentMet: 33 });
    expect(checklistStats(items, ['A', 'B', 'C'].map((itemId) => ({ itemId, status: 'met' as const }))).percentMet).toBe(75);
  });

  it('gives 0 % when every item is not applicable (nothing left to meet)', () => {
    const s = checklistStats(items, items.map((i) => ({ itemId: i.id, status: 'not_applicable' as const })));
    expect(s).toMatchObject({ notApplicable: 4, met: 0, notAssessed: 0, percentMet: 0 });
  });

  it('ignores answers for items that no longer apply', () => {
    const s = checklistStats(items.slice(0, 2), [
      { itemId: 'A', status: 'met' }, { itemId: 'C', status: 'met' }, { itemId: 'Z', status: 'not_met' },
    ]);
    expect(s).toEqual({ applicable: 2, met: 1, partlyMet: 0, notMet: 0, notApplicable: 0, notAssessed: 1, percentMet: 50 });
  });

  it('reaches 100 % only when every remaining item is met', () => {
    const s = checklistStats(items, [
      { itemId: 'A', status: 'met' }, { itemId: 'B', status: 'met' }, { itemId: 'C', status: 'met' }, { itemId: 'D', status: 'not_applicable' },
    ]);
    expect(s.percentMet).toBe(100);
  });
});
