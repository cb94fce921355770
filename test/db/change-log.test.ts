// The change log SQLite writes itself (drizzle/0010_change_log_triggers.sql): every data table has its three
// triggers, so a write from anywhere — the app, a CLI, the sqlite3 shell, another process — reaches the
// evaluation. A new table without them fails here until it gets them (or is named below as not a fact).
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';

/**
 * Tables that are not facts any rule reads: the legal audit trail and the change log themselves, sign-in
 * state, API and feed credentials, mail bookkeeping, drizzle's own table. Each one is here for a reason.
 */
const NOT_FACTS = new Set([
  '__drizzle_migrations',
  'fact_changes', // the change log itself
  'audit_log', // the legal record, append-only; nothing is computed from it
  'sessions', // sign-in state
  'users', // accounts: who may see what is read per request, never cached (src/modules/access)
  'api_tokens', // credentials, checked per request
  'mail_outbox', // messages waiting or sent
  'mail_preferences', // each user's mail choices
  'mail_digest_state', // when the digest last ran
  'security_events', // refused writes, append-only (its own triggers refuse update and delete); no rule reads them
  'checklist_tallies', // counts kept by triggers from checklist_answers, whose own changes are logged
  'checklist_item_levels', // the catalogues' levels, copied at migrate; no user writes them
]);

describe('the change log', () => {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  const triggers = db.$client.prepare("SELECT tbl_name AS t, name FROM sqlite_master WHERE type = 'trigger'").all() as { t: string; name: string }[];

  it('names only tables that exist among those that are not facts', () => {
    expect([...NOT_FACTS].filter((t) => !tables.includes(t))).toEqual([]);
  });

  it.each(tables.filter((t) => !NOT_FACTS.has(t)))('has insert, update and delete triggers on %s', (table) => {
    // its change-log triggers (a table may have others too, e.g. the checklist tallies kept from checklist_answers)
    const mine = triggers.filter((x) => x.t === table && x.name.includes('_changes_')).map((x) => x.name).sort();
    expect(mine).toEqual([`${table}_changes_delete`, `${table}_changes_insert`, `${table}_changes_update`]);
  });

  it('records a raw insert, update and delete of a fact table, naming the system', () => {
    const c = db.$client;
    c.exec(`INSERT INTO organisations (code, name_vi, kind) VALUES ('X', 'Đơn vị thử', 'agency')`);
    const org = c.prepare("SELECT id FROM organisations WHERE code = 'X'").pluck().get() as number;
    c.prepare(`INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type, lifecycle_status, search_text) VALUES ('S-1', 'Thử', ?, ?, 'internal', 'planned', 's-1')`).run(org, org);
    const sys = c.prepare("SELECT id FROM systems WHERE code = 'S-1'").pluck().get() as number;
    const before = c.prepare('SELECT max(id) FROM fact_changes').pluck().get() as number;
    c.prepare(`INSERT INTO level_decisions (system_id, regime, answers, computed_level, proposed_level, dossier_status) VALUES (?, 'nd331', '{}', 2, 2, 'draft')`).run(sys);
    c.prepare("UPDATE level_decisions SET dossier_status = 'submitted' WHERE system_id = ?").run(sys);
    c.prepare('DELETE FROM level_decisions WHERE system_id = ?').run(sys);
    const rows = c.prepare('SELECT table_name AS t, system_id AS s FROM fact_changes WHERE id > ? ORDER BY id').all(before);
    expect(rows).toEqual([
      { t: 'level_decisions', s: sys },
      { t: 'level_decisions', s: sys },
      { t: 'level_decisions', s: sys },
    ]);
  });
});
