import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CHECKLIST_STATUSES } from '../../src/db/schema/compliance.js';
import { dictionaries } from '../../src/i18n/index.js';
import {
  applicableItems, CATALOGUE_IDS, catalogueFor, catalogueGroups, catalogueItems, checklistStats, CROSSWALK, crosswalkProblems, itemCitation,
  UNVERIFIED, type CatalogueItem,
} from '../../src/domain/catalog/index.js';

type RawItem = Record<string, unknown> & { id: string; levels: number[]; group_id?: string };
const raw = (file: string) => JSON.parse(readFileSync(new URL(`../../src/domain/catalog/${file}`, import.meta.url), 'utf8')) as RawItem[];
const json11930 = raw('tcvn-11930-2017.json');
const json14423 = raw('tcvn-14423-2026-items.json');
const jsonOutline = raw('tcvn-14423-2026-outline.json');
const jsonCrosswalk = JSON.parse(readFileSync(new URL('../../src/domain/catalog/crosswalk-11930-14423.json', import.meta.url), 'utf8')) as {
  links: Array<{ from: string; to: string; relation: string }>; new_only: string[]; old_only: string[];
};
const LEVELS = [1, 2, 3, 4, 5] as const;
const count = (items: readonly CatalogueItem[], level: number, keep: (i: CatalogueItem) => boolean = () => true) =>
  items.filter((i) => i.levels.includes(level) && keep(i)).length;

describe('the catalogues', () => {
  it('load every item with every field of the JSON, source included', () => {
    expect(catalogueItems('tcvn-11930-2017')).toEqual(json11930);
    expect(catalogueItems('tcvn-14423-2026')).toEqual(json14423);
    expect(catalogueGroups('tcvn-14423-2026')).toEqual(jsonOutline);
    expect(catalogueGroups('tcvn-11930-2017')).toEqual([]);
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

  it('match the counts of the catalogue notes for TCVN 14423:2026: 282 requirement rows under 19 outline groups', () => {
    const items = catalogueItems('tcvn-14423-2026');
    expect(items).toHaveLength(282);
    expect(LEVELS.map((l) => applicableItems('nd331', l).length)).toEqual([112, 131, 202, 265, 279]);
    expect(items.every((i) => i.unverified === true)).toBe(true);
    // every item sits under one of the outline's headings, and every heading has items
    const groups = new Set(jsonOutline.map((g) => g.id));
    expect(groups.size).toBe(19);
    for (const i of items) expect(groups.has(i.group_id!), i.id).toBe(true);
    for (const g of groups) expect(items.some((i) => i.group_id === g), g).toBe(true);
  });

  it('gives a level 3 system under Decree 331 exactly the items whose levels include 3, skipped levels respected', () => {
    const expected = json14423.filter((i) => i.levels.includes(3)).map((i) => i.id);
    expect(applicableItems('nd331', 3).map((i) => i.id)).toEqual(expected);
    expect(expected).toHaveLength(202);
    // levels may skip one: NET-43 applies at 2 and 4 but not 3; NET-34 at 1, 3, 4, 5 but not 2; IR-01 stops after 3
    expect(expected).not.toContain('NET-43');
    expect(applicableItems('nd331', 4).map((i) => i.id)).toContain('NET-43');
    expect(applicableItems('nd331', 2).map((i) => i.id)).not.toContain('NET-34');
    expect(expected).toContain('NET-34');
    expect(expected).toContain('IR-01');
    expect(applicableItems('nd331', 4).map((i) => i.id)).not.toContain('IR-01');
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

describe('citations', () => {
  const item = (c: 'tcvn-11930-2017' | 'tcvn-14423-2026', id: string) => catalogueItems(c).find((i) => i.id === id)!;

  it('cite the TCVN 14423 sub-clause of the system’s level', () => {
    expect(itemCitation('tcvn-14423-2026', item('tcvn-14423-2026', 'RISK-01'), 1)).toEqual([{ key: 'tcvn14423', params: { section: '3.1 a' } }]);
    expect(itemCitation('tcvn-14423-2026', item('tcvn-14423-2026', 'RISK-01'), 3)).toEqual([{ key: 'tcvn14423', params: { section: '5.1.2.1 a' } }]);
    // not at a level the item skips
    expect(itemCitation('tcvn-14423-2026', item('tcvn-14423-2026', 'NET-43'), 3)).toEqual([]);
    // every item cites something at every level it applies to
    for (const c of CATALOGUE_IDS) {
      for (const i of catalogueItems(c)) for (const l of i.levels) expect(itemCitation(c, i, l).length, `${i.id} @${l}`).toBeGreaterThan(0);
    }
  });

  it('cite Circular 12’s appendix of the level (and TCVN 11930’s clause), or its article, never the maintainers’ source text', () => {
    expect(itemCitation('tcvn-11930-2017', item('tcvn-11930-2017', 'M.POL.1'), 3)).toEqual([
      { key: 'tt12AppendixItem', params: { appendix: 'III', part: 'I', item: '1.1.1' } },
      { key: 'tcvn11930', params: { clause: '7.1.1.1' } },
    ]);
    expect(itemCitation('tcvn-11930-2017', item('tcvn-11930-2017', 'M.GEN.REG'), 2)).toEqual([{ key: 'tt12Article', params: { article: '9', clause: '7' } }]);
    // hosting on a rented data centre: Art 9.9 at level 3, Art 9.10 at levels 4–5
    expect(itemCitation('tcvn-11930-2017', item('tcvn-11930-2017', 'D.HOST.SYS'), 3)).toEqual([{ key: 'tt12ArticlePoint', params: { article: '9', clause: '9', point: 'a' } }]);
    expect(itemCitation('tcvn-11930-2017', item('tcvn-11930-2017', 'D.HOST.SYS'), 5)).toEqual([{ key: 'tt12ArticlePoint', params: { article: '9', clause: '10', point: 'a' } }]);
    for (const c of ['tcvn14423', 'tcvn11930', 'tt12Appendix', 'tt12AppendixItem', 'tt12Article', 'tt12ArticlePoint']) {
      expect(dictionaries.vi[`chk.cite.${c}`], c).toBeTruthy();
      expect(dictionaries.en[`chk.cite.${c}`], c).toBeTruthy();
    }
  });
});

describe('the crosswalk TCVN 11930:2017 → TCVN 14423:2026', () => {
  const oldIds = new Set(json11930.map((i) => i.id));
  const newIds = new Set(json14423.map((i) => i.id));

  it('is loaded whole, and every id resolves to an item of its catalogue', () => {
    expect(CROSSWALK.links).toHaveLength(jsonCrosswalk.links.length);
    expect(CROSSWALK.links.map((l) => `${l.from}>${l.to}:${l.relation}`)).toEqual(jsonCrosswalk.links.map((l) => `${l.from}>${l.to}:${l.relation}`));
    for (const l of CROSSWALK.links) {
      expect(oldIds.has(l.from), l.from).toBe(true);
      expect(newIds.has(l.to), l.to).toBe(true);
    }
    for (const id of CROSSWALK.newOnly) expect(newIds.has(id), id).toBe(true);
    for (const id of CROSSWALK.oldOnly) expect(oldIds.has(id), id).toBe(true);
    expect([CROSSWALK.links.length, CROSSWALK.newOnly.size, CROSSWALK.oldOnly.size]).toEqual([227, 112, 8]);
    expect(crosswalkProblems(jsonCrosswalk, catalogueItems('tcvn-11930-2017'), catalogueItems('tcvn-14423-2026'))).toEqual([]);
  });

  it('accounts for every new item (linked or new-only) and every old item (linked or old-only)', () => {
    const targets = new Set(CROSSWALK.links.map((l) => l.to));
    const sources = new Set(CROSSWALK.links.map((l) => l.from));
    expect([...newIds].filter((id) => !targets.has(id) && !CROSSWALK.newOnly.has(id))).toEqual([]);
    expect([...oldIds].filter((id) => !sources.has(id) && !CROSSWALK.oldOnly.has(id))).toEqual([]);
  });

  it('finds an id that names no item, a repeated link, and a new-only item that is also linked (the start-up check)', () => {
    const broken = {
      ...jsonCrosswalk,
      links: [...jsonCrosswalk.links, { from: 'M.NO.SUCH', to: 'RISK-01', relation: 'partial', why: '' }, { from: 'M.POL.1', to: 'RISK-99', relation: 'related', why: '' }, jsonCrosswalk.links[0]],
      new_only: [...jsonCrosswalk.new_only, jsonCrosswalk.links[0]!.to],
    };
    const problems = crosswalkProblems(broken, catalogueItems('tcvn-11930-2017'), catalogueItems('tcvn-14423-2026'));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('M.NO.SUCH is not a TCVN 11930 item'),
      expect.stringContaining('RISK-99 is not a TCVN 14423 item'),
      expect.stringContaining('listed twice'),
      expect.stringContaining(`new_only ${jsonCrosswalk.links[0]!.to} also has a link`),
    ]));
    expect(crosswalkProblems({ links: 'nope' }, [], [])).toHaveLength(1);
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
