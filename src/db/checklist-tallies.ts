// The catalogues' items and their levels, copied into checklist_item_levels for the triggers that keep
// checklist_tallies (drizzle/0017_checklist_tallies.sql). Run with the migrations: when the code's
// catalogues differ from the copy (a new release, a new database), the copy is replaced and every tally
// counted again from the answers, in one transaction.
import { CATALOGUE_IDS, catalogueItems } from '../domain/catalog/index.js';
import type Database from 'better-sqlite3';

/** [catalogue, item id, levels as a bit mask (bit L for level L)] of every item, as the code has them. */
function itemRows(): [string, string, number][] {
  return CATALOGUE_IDS.flatMap((c) => catalogueItems(c).map((i): [string, string, number] => [c, i.id, i.levels.reduce((m, l) => m | (1 << l), 0)]));
}

/** An answer's status as one of the packed counts (met, partly met × 2^10, not met × 2^20, not applicable × 2^30). */
const PACKED = `CASE a.status WHEN 'met' THEN 1 WHEN 'partly_met' THEN 1024 WHEN 'not_met' THEN 1048576 WHEN 'not_applicable' THEN 1073741824 ELSE 0 END`;

/** One packed count (a tally's l1…l5) read back: how many answers of each status. */
export function unpackTally(packed: number): { met: number; partlyMet: number; notMet: number; notApplicable: number } {
  const field = (shift: number) => Math.floor(packed / 2 ** shift) % 1024;
  return { met: field(0), partlyMet: field(10), notMet: field(20), notApplicable: field(30) };
}

const LEVEL_SUMS = [1, 2, 3, 4, 5].map((l) => `sum((${PACKED}) * ((i.levels >> ${l}) & 1))`).join(', ');

/** Brings checklist_item_levels in line with the code; true when it had to (and the tallies were counted again). */
export function syncChecklistItemLevels(db: { $client: Database.Database }): boolean {
  const c = db.$client;
  const rows = itemRows();
  const stored = new Map(c.prepare<[], [string, string, number]>('SELECT catalogue, item_id, levels FROM checklist_item_levels').raw().all().map(([cat, id, levels]) => [`${cat}|${id}`, levels]));
  if (stored.size === rows.length && rows.every(([cat, id, levels]) => stored.get(`${cat}|${id}`) === levels)) return false;
  const insert = c.prepare('INSERT INTO checklist_item_levels (catalogue, item_id, levels) VALUES (?, ?, ?)');
  c.transaction(() => {
    c.exec('DELETE FROM checklist_item_levels');
    for (const row of rows) insert.run(...row);
    c.exec('DELETE FROM checklist_tallies');
    c.exec(`INSERT INTO checklist_tallies (system_id, catalogue, l1, l2, l3, l4, l5)
      SELECT a.system_id, a.catalogue, ${LEVEL_SUMS} FROM checklist_answers a
        JOIN checklist_item_levels i ON i.catalogue = a.catalogue AND i.item_id = a.item_id
       GROUP BY a.system_id, a.catalogue`);
  })();
  return true;
}
