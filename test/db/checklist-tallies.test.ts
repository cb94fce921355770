// checklist_tallies (drizzle/0017_checklist_tallies.sql) is what CHK-01 reads instead of counting every
// answer: after any sequence of inserts, status changes, moves and deletes of answers — whoever makes them —
// the tallies equal the answers counted from scratch; a database whose copy of the catalogues' levels is
// missing or wrong is put right, tallies included, by migrateDatabase.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { syncChecklistItemLevels } from '../../src/db/checklist-tallies.js';
import { catalogueItems, CHECKLIST_STATUSES } from '../../src/domain/catalog/index.js';

const CATALOGUES = ['tcvn-11930-2017', 'tcvn-14423-2026'] as const;

function fixture(): { db: Db; systems: number[] } {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const c = db.$client;
  const org = Number(c.prepare(`INSERT INTO organisations (code, name_vi, kind, search_text) VALUES ('T', 'Tỉnh', 'agency', 't')`).run().lastInsertRowid);
  const systems = [1, 2, 3].map((i) =>
    Number(c.prepare(`INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status, search_text) VALUES (?, ?, ?, ?, 'internal', 'in_operation', ?)`)
      .run(`S${i}`, `Hệ thống ${i}`, org, org, `s${i}`).lastInsertRowid));
  return { db, systems };
}

/** The tallies as the triggers keep them, without the rows whose counts are all zero. */
function tallies(db: Db): unknown[] {
  return db.$client.prepare('SELECT system_id, catalogue, l1, l2, l3, l4, l5 FROM checklist_tallies WHERE l1 OR l2 OR l3 OR l4 OR l5 ORDER BY system_id, catalogue').raw().all();
}

/** The answers counted from scratch, in JavaScript from the catalogues in the code. */
function counted(db: Db): unknown[] {
  const levelsOf = new Map<string, readonly number[]>(CATALOGUES.flatMap((c) => catalogueItems(c).map((i) => [`${c}|${i.id}`, i.levels] as const)));
  const weight: Record<string, number> = { met: 1, partly_met: 1024, not_met: 1048576, not_applicable: 1073741824 };
  const out = new Map<string, number[]>();
  const rows = db.$client.prepare<[], [number, string, string, string]>('SELECT system_id, catalogue, item_id, status FROM checklist_answers').raw().all();
  for (const [system, catalogue, item, status] of rows) {
    const levels = levelsOf.get(`${catalogue}|${item}`);
    if (!levels || !weight[status]) continue;
    const key = `${system}|${catalogue}`;
    const t = out.get(key) ?? [system, catalogue, 0, 0, 0, 0, 0];
    for (const l of levels) (t[1 + l] as number) += weight[status]!;
    out.set(key, t as number[]);
  }
  return [...out.values()].filter((t) => t.slice(2).some((n) => n !== 0)).sort((a, b) => (a[0]! - b[0]!) || String(a[1]).localeCompare(String(b[1])));
}

describe('the checklist tallies', () => {
  it('equal the answers counted from scratch after any sequence of writes', () => {
    const items = CATALOGUES.flatMap((c) => catalogueItems(c).slice(0, 12).map((i) => [c, i.id] as const));
    const write = fc.oneof(
      fc.record({ op: fc.constant('upsert' as const), s: fc.nat(2), item: fc.nat(items.length - 1), status: fc.constantFrom(...CHECKLIST_STATUSES) }),
      fc.record({ op: fc.constant('move' as const), s: fc.nat(2), item: fc.nat(items.length - 1), to: fc.nat(items.length - 1) }),
      fc.record({ op: fc.constant('delete' as const), s: fc.nat(2), item: fc.nat(items.length - 1) }),
      fc.record({ op: fc.constant('unknown' as const), s: fc.nat(2), status: fc.constantFrom(...CHECKLIST_STATUSES) }),
    );
    fc.assert(
      fc.property(fc.array(write, { maxLength: 40 }), (writes) => {
        const { db, systems } = fixture();
        const c = db.$client;
        for (const w of writes) {
          const system = systems[w.s]!;
          if (w.op === 'upsert') {
            const [cat, id] = items[w.item]!;
            c.prepare(`INSERT INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, ?, ?, ?)
                       ON CONFLICT (system_id, catalogue, item_id) DO UPDATE SET status = excluded.status`).run(system, cat, id, w.status);
          } else if (w.op === 'move') {
            const [cat, id] = items[w.item]!;
            const [toCat, toId] = items[w.to]!;
            c.prepare('UPDATE OR IGNORE checklist_answers SET catalogue = ?, item_id = ?, system_id = ? WHERE system_id = ? AND catalogue = ? AND item_id = ?')
              .run(toCat, toId, systems[(w.s + 1) % 3], system, cat, id);
          } else if (w.op === 'delete') {
            const [cat, id] = items[w.item]!;
            c.prepare('DELETE FROM checklist_answers WHERE system_id = ? AND catalogue = ? AND item_id = ?').run(system, cat, id);
          } else {
            // an item no catalogue lists counts nowhere
            c.prepare(`INSERT OR IGNORE INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, 'tcvn-14423-2026', 'NO-SUCH-ITEM', ?)`).run(system, w.status);
          }
        }
        expect(tallies(db)).toEqual(counted(db));
        // and a recount from the answers gives the same
        c.exec('DELETE FROM checklist_item_levels');
        expect(syncChecklistItemLevels(db)).toBe(true);
        expect(tallies(db)).toEqual(counted(db));
      }),
      { numRuns: 60 },
    );
  });

  it('are counted again when the copy of the catalogues is missing or wrong, and left alone when it is right', () => {
    const { db, systems } = fixture();
    const c = db.$client;
    const [item] = catalogueItems('tcvn-14423-2026');
    c.prepare(`INSERT INTO checklist_answers (system_id, catalogue, item_id, status) VALUES (?, 'tcvn-14423-2026', ?, 'met')`).run(systems[0], item!.id);
    expect(tallies(db)).toEqual(counted(db));
    expect(syncChecklistItemLevels(db)).toBe(false);
    // an older release knew other levels for the item, and its tallies followed them
    c.prepare(`UPDATE checklist_item_levels SET levels = 0 WHERE catalogue = 'tcvn-14423-2026' AND item_id = ?`).run(item!.id);
    c.exec('UPDATE checklist_tallies SET l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0');
    expect(tallies(db)).toEqual([]);
    migrateDatabase(db);
    expect(tallies(db)).toEqual(counted(db));
    expect(tallies(db)).not.toEqual([]);
  });
});
