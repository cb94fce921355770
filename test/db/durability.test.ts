// An acknowledged write survives a power cut: the app's connection commits with synchronous = FULL (the
// WAL is fsynced at every commit), in WAL mode; only the benchmark's bulk generator trades it, for its
// one transaction, and gives it back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { generate } from '../../bench/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FULL = 2; // PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA

describe('the database connection', () => {
  it('is what the server opens: WAL, synchronous = FULL, foreign keys on, a busy timeout', () => {
    const db = openDatabase(join(dir, 'capdo.db')); // src/server.ts opens DATABASE_PATH with this
    const c = db.$client;
    expect(c.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.pragma('synchronous', { simple: true })).toBe(FULL);
    expect(c.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.pragma('busy_timeout', { simple: true })).toBe(5000);
    c.close();
  });

  it('is back to FULL after the benchmark generator’s bulk transaction', () => {
    const db = openDatabase(join(dir, 'bench.db'));
    migrateDatabase(db);
    generate(db, { organisations: 5, systems: 10, operators: 10, assessments: 10 });
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(FULL);
    db.$client.close();
  });
});
