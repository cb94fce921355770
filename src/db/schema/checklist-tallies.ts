// CHK-01 counts a system's answers among the items of its level. Counting 20 000 systems' answers (a few
// million rows) on every evaluation is what a cold build cannot afford, so SQLite keeps the counts itself:
// triggers on checklist_answers add and take away each answer in checklist_tallies, per system, catalogue
// and level, using checklist_item_levels (the catalogues' items and their levels, copied from
// src/domain/catalog by migrateDatabase). Neither table is data of its own: both follow the answers and
// the code, so they have no change-log triggers (a change to an answer is logged on checklist_answers).
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Every catalogue item with the levels it applies at as a bit mask (bit L for level L). */
export const checklistItemLevels = sqliteTable(
  'checklist_item_levels',
  {
    catalogue: text('catalogue').notNull(),
    itemId: text('item_id').notNull(),
    levels: integer('levels').notNull(),
  },
  (t) => [primaryKey({ columns: [t.catalogue, t.itemId] })],
);

/**
 * A system's answers in one catalogue counted among the items of each level (l1…l5), packed in one number:
 * met + partly met × 2^10 + not met × 2^20 + not applicable × 2^30 (a catalogue has fewer than 1 024 items).
 * Written only by the triggers of checklist_answers (and rebuilt whole when the catalogues change).
 */
export const checklistTallies = sqliteTable(
  'checklist_tallies',
  {
    systemId: integer('system_id').notNull(),
    catalogue: text('catalogue').notNull(),
    l1: integer('l1').notNull().default(0),
    l2: integer('l2').notNull().default(0),
    l3: integer('l3').notNull().default(0),
    l4: integer('l4').notNull().default(0),
    l5: integer('l5').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.systemId, t.catalogue] })],
);
