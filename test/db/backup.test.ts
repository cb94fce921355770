// npm run backup under write load: the CLI runs as a child process (async spawn, so this process's
// writer keeps inserting meanwhile); the copy passes integrity_check, has the migrations table and a
// row count between the counts before and after; a restored copy opens and reads. And the restore
// proof of docs/deploy.md on the demo data: `npm run backup` itself, then integrity_check and the row
// counts of every table equal to the source's.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { seedDemo } from '../../seeds/demo.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runBackup(args: string[], databasePath: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/db/backup-cli.ts', ...args], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** `npm run backup -- <target>`, exactly as an operator (or the systemd timer of docs/deploy.md) runs it. */
function npmRunBackup(target: string, databasePath: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'backup', '--', target], {
      env: { ...process.env, DATABASE_PATH: databasePath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/** Every table's row count (SQLite's own tables aside). */
function rowCounts(sqlite: Database.Database): Record<string, number> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (sqlite.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

const countOrgs = (sqlite: Database.Database) => (sqlite.prepare('SELECT count(*) AS n FROM organisations').get() as { n: number }).n;

function insertOrgs(db: Db, from: number, n: number): void {
  const stmt = db.$client.prepare("INSERT INTO organisations (code, name_vi, kind, search_text) VALUES (?, ?, 'agency', ?)");
  db.$client.transaction(() => {
    for (let i = from; i < from + n; i++) stmt.run(`ORG-${i}`, `Đơn vị thử nghiệm số ${i} ${'x'.repeat(200)}`, `org-${i}`);
  })();
}

describe('npm run backup', () => {
  it('takes a consistent copy while the database is being written, and the copy restores', async () => {
    const src = join(dir, 'live.db');
    const target = join(dir, 'backup.db');
    const db = openDatabase(src);
    migrateDatabase(db);
    insertOrgs(db, 0, 3000); // a few hundred pages, so the copy is not trivial

    let next = 3000;
    let failed: unknown;
    const writer = setInterval(() => {
      try {
        insertOrgs(db, next, 5);
        next += 5;
      } catch (err) {
        failed = err;
      }
    }, 2);
    const before = countOrgs(db.$client);
    let result: Awaited<ReturnType<typeof runBackup>>;
    try {
      result = await runBackup([target], src);
    } finally {
      clearInterval(writer);
    }
    const after = countOrgs(db.$client);
    expect(failed).toBeUndefined();
    expect(result.out).toMatch(/^backup written: .*backup\.db \(\d+ pages, integrity ok\)\n$/);
    expect(result.code).toBe(0);
    expect(after).toBeGreaterThan(before); // the writer really ran while the backup was taken

    const copy = new Database(target, { readonly: true, fileMustExist: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()).toBeTruthy();
    const inBackup = countOrgs(copy);
    copy.close();
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(after);

    // restore: the copy put in place of a (new) DATABASE_PATH opens, migrates (nothing to do) and reads
    const restored = join(dir, 'restored.db');
    copyFileSync(target, restored);
    const rdb = openDatabase(restored);
    migrateDatabase(rdb);
    expect(countOrgs(rdb.$client)).toBe(inBackup);
    expect(rdb.$client.prepare("SELECT code FROM organisations WHERE code = 'ORG-2999'").get()).toEqual({ code: 'ORG-2999' });
    rdb.$client.close();
    db.$client.close();
  }, 60_000);

  it('refuses to overwrite an existing file unless --force, and reports errors in one line', async () => {
    const src = join(dir, 'small.db');
    const db = openDatabase(src);
    migrateDatabase(db);
    db.$client.close();
    const target = join(dir, 'small-backup.db');
    writeFileSync(target, 'an older file');

    const again = await runBackup([target], src);
    expect(again.code).toBe(1);
    expect(again.out).toBe(`backup failed: ${target} already exists (use --force to overwrite)\n`);
    expect(readFileSync(target, 'utf8')).toBe('an older file');

    const forced = await runBackup([target, '--force'], src);
    expect(forced.code).toBe(0);
    const copy = new Database(target, { readonly: true, fileMustExist: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    const missing = await runBackup([join(dir, 'x.db')], join(dir, 'no-such.db'));
    expect(missing.code).toBe(1);
    expect(missing.out).toBe(`backup failed: no database at ${join(dir, 'no-such.db')}\n`);
    expect(existsSync(join(dir, 'no-such.db'))).toBe(false);
  }, 60_000);

  it('proves the restore: a backup of the demo data passes integrity_check and has every table\'s rows', async () => {
    const src = join(dir, 'demo.db');
    const target = join(dir, 'demo-backup.db');
    const db = openDatabase(src);
    migrateDatabase(db);
    await seedDemo(db);
    // the app's connection stays open and nothing is checkpointed: the newest pages are still in the -wal
    expect(existsSync(`${src}-wal`)).toBe(true);
    const source = rowCounts(db.$client);
    for (const table of ['organisations', 'systems', 'level_decisions', 'users', 'assessments', 'findings', 'operators', 'certificates', 'checklist_answers']) {
      expect(source[table], `demo rows in ${table}`).toBeGreaterThan(0);
    }

    const result = await npmRunBackup(target, src);
    expect(result.out).toMatch(/^backup written: .*demo-backup\.db \(\d+ pages, integrity ok\)\n$/);
    expect(result.code).toBe(0);

    const copy = new Database(target, { readonly: true, fileMustExist: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('foreign_key_check')).toEqual([]);
    expect(rowCounts(copy)).toEqual(source);
    copy.close();
    db.$client.close();
  }, 60_000);
});
