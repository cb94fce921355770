// The committed migrations: they apply from zero (memory and file), re-applying is a no-op, the
// pragmas hold, and the constraints the app relies on are enforced by the database itself.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';

const journal = JSON.parse(readFileSync(new URL('../../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: { tag: string }[] };
const TABLES = ['audit_log', 'level_decisions', 'organisations', 'sessions', 'systems', 'users'];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function schemaOf(db: Db): { type: string; name: string; sql: string | null }[] {
  return db.$client
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as { type: string; name: string; sql: string | null }[];
}

const names = (db: Db, type: string) => schemaOf(db).filter((r) => r.type === type).map((r) => r.name);
const appliedCount = (db: Db) => (db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;

describe('applying the migrations', () => {
  it('builds the whole schema on an empty in-memory database', () => {
    const db = openDatabase(':memory:');
    expect(names(db, 'table')).toEqual([]);
    migrateDatabase(db);
    expect(names(db, 'table')).toEqual(expect.arrayContaining(TABLES));
    expect(names(db, 'trigger')).toEqual(expect.arrayContaining(['audit_log_no_delete', 'audit_log_no_update', 'systems_changes_insert', 'systems_changes_update', 'systems_changes_delete']));
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['systems_code_unique', 'users_username_unique', 'sessions_user_idx']));
    expect(journal.entries.length).toBeGreaterThanOrEqual(2);
    expect(appliedCount(db)).toBe(journal.entries.length);
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('builds a file database in a new folder; re-applying is a no-op and keeps the data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capdo-migrate-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'capdo.db');

    const first = openDatabase(path);
    migrateDatabase(first);
    expect(names(first, 'table')).toEqual(expect.arrayContaining(TABLES));
    expect(first.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(first.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    first.$client.prepare("INSERT INTO organisations (code, name_vi) VALUES ('TINH-A', 'Ủy ban nhân dân tỉnh An Hòa')").run();
    const schemaBefore = schemaOf(first);
    first.$client.close();

    const again = openDatabase(path);
    expect(again.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(again.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(() => migrateDatabase(again)).not.toThrow();
    expect(() => migrateDatabase(again)).not.toThrow();
    expect(appliedCount(again)).toBe(journal.entries.length);
    expect(schemaOf(again)).toEqual(schemaBefore);
    expect(again.$client.prepare('SELECT code FROM organisations').all()).toEqual([{ code: 'TINH-A' }]);
    again.$client.close();
  });
});

describe('constraints', () => {
  let db: Db;
  let orgId: number;
  let systemId: number;
  const run = (sql: string, ...params: unknown[]) => db.$client.prepare(sql).run(...params);

  beforeEach(() => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
    orgId = Number(run("INSERT INTO organisations (code, name_vi) VALUES ('SO-YT', 'Sở Y tế')").lastInsertRowid);
    systemId = Number(
      run("INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type) VALUES ('HT-01', 'Hệ thống một cửa', ?, ?, 'internal')", orgId, orgId)
        .lastInsertRowid,
    );
  });

  it('refuses a system whose owner does not exist (foreign keys on)', () => {
    expect(() => run("INSERT INTO systems (code, name_vi, owner_id, operator_id, system_type) VALUES ('HT-02', 'X', 999999, ?, 'internal')", orgId)).toThrow(
      /FOREIGN KEY constraint failed/,
    );
    expect(db.$client.prepare('SELECT count(*) AS n FROM systems').get()).toEqual({ n: 1 });
  });

  it('refuses to delete an organisation a system references', () => {
    expect(() => run('DELETE FROM organisations WHERE id = ?', orgId)).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.$client.prepare('SELECT count(*) AS n FROM organisations').get()).toEqual({ n: 1 });
    // an unreferenced one can go
    const spare = Number(run("INSERT INTO organisations (code, name_vi) VALUES ('SO-KHCN', 'Sở KH&CN')").lastInsertRowid);
    expect(run('DELETE FROM organisations WHERE id = ?', spare).changes).toBe(1);
  });

  it('keeps audit_log append-only', () => {
    const id = Number(run("INSERT INTO audit_log (action, entity_type, summary) VALUES ('create', 'system', 'trước')").lastInsertRowid);
    expect(() => run("UPDATE audit_log SET summary = 'sau' WHERE id = ?", id)).toThrow(/append-only/);
    expect(() => run('DELETE FROM audit_log WHERE id = ?', id)).toThrow(/append-only/);
    expect(() => run('DELETE FROM audit_log')).toThrow(/append-only/);
    expect(db.$client.prepare('SELECT id, summary FROM audit_log').all()).toEqual([{ id, summary: 'trước' }]);
  });

  it('refuses a proposed level below the computed one, or outside 1–5', () => {
    const insert = (computed: number, proposed: number) =>
      run("INSERT INTO level_decisions (system_id, regime, answers, computed_level, proposed_level) VALUES (?, 'nd331', '{}', ?, ?)", systemId, computed, proposed);
    expect(() => insert(3, 2)).toThrow(/CHECK constraint failed/);
    expect(() => insert(0, 1)).toThrow(/CHECK constraint failed/);
    expect(() => insert(5, 6)).toThrow(/CHECK constraint failed/);
    expect(db.$client.prepare('SELECT count(*) AS n FROM level_decisions').get()).toEqual({ n: 0 });
    expect(insert(3, 3).changes).toBe(1);
    expect(insert(3, 4).changes).toBe(1);
    expect(() => run('UPDATE level_decisions SET proposed_level = 2')).toThrow(/CHECK constraint failed/);
  });

  it('refuses a go-live date that is not yyyy-mm-dd', () => {
    expect(() => run("UPDATE systems SET go_live_date = '01/03/2024' WHERE id = ?", systemId)).toThrow(/CHECK constraint failed/);
    expect(run("UPDATE systems SET go_live_date = '2024-03-01' WHERE id = ?", systemId).changes).toBe(1);
  });
});
