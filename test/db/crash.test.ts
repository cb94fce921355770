// Crash safety: the real server (src/server.ts) in a child process, driven over HTTP with organisation
// creates, is SIGKILLed while requests are in flight; after a restart on the same file the database
// passes integrity_check and holds every write that was acknowledged (303) before the kill.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { csrfFrom } from '../helpers/app.js';
import { client, exited, freePort, startServer as start } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-crash-'));
const dbPath = join(dir, 'capdo.db');
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startServer(port: number): Promise<ChildProcess> {
  const { child } = await start(['--import', 'tsx', 'src/server.ts'], {
    PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, NODE_ENV: 'development', SEED_DEMO: 'true', SESSION_SECRET: 'crash-secret-crash-secret-crash-secret-1',
  });
  children.add(child);
  return child;
}

describe('crash safety', () => {
  it('keeps every acknowledged write and a sound file across a SIGKILL', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(port);

    const http = client(base);
    const loginPage = await http.get('/login');
    const login = await http.post('/login', { _csrf: csrfFrom(await loginPage.text()), username: 'admin', password: 'capdo-demo' });
    expect(login.status).toBe(303);
    const csrf = csrfFrom(await (await http.get('/account/password')).text());

    const peek = new Database(dbPath, { readonly: true, fileMustExist: true });
    const parentId = String((peek.prepare("SELECT organisation_id AS id FROM users WHERE username = 'admin'").get() as { id: number }).id);
    peek.close();

    const acknowledged: string[] = [];
    const create = async (i: number) => {
      const code = `CRASH-${i}`;
      const res = await http.post('/organisations', { _csrf: csrf, code, nameVi: `Đơn vị kiểm thử ${i}`, kind: 'agency', parentId });
      if (res.status !== 303) throw new Error(`create ${code}: ${res.status}`);
      acknowledged.push(code);
    };

    // 25 one after another, then a burst of 25 concurrent ones that the kill cuts into
    for (let i = 0; i < 25; i++) await create(i);
    const burst = Array.from({ length: 25 }, (_, k) => create(25 + k).catch(() => undefined));
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 1));
    server.kill('SIGKILL');
    await Promise.all(burst);
    await exited(server);
    expect(server.signalCode).toBe('SIGKILL');
    const ackedBeforeKill = [...acknowledged];
    expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(30);

    // restart on the same file: it opens, migrates (nothing to do) and serves again
    const restarted = await startServer(port);
    const again = client(base);
    expect((await again.get('/login')).status).toBe(200);

    const check = new Database(dbPath, { readonly: true, fileMustExist: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('foreign_key_check')).toEqual([]);
    const present = new Set((check.prepare("SELECT code FROM organisations WHERE code LIKE 'CRASH-%'").all() as { code: string }[]).map((r) => r.code));
    check.close();
    for (const code of ackedBeforeKill) expect(present.has(code), `${code} was acknowledged but is missing`).toBe(true);

    restarted.kill('SIGTERM');
    await exited(restarted);
  }, 90_000); // two server start-ups (tsx + demo seed) dominate: ~20 s idle, ~35 s on a loaded machine
});
