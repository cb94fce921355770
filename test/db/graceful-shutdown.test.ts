// Graceful shutdown: the real server (src/server.ts) in a child process receives SIGTERM while a slow
// client is still sending a form (an organisation create, body half sent). New connections are refused at
// once; the request in flight is answered and its write kept; the process then closes the database — the
// WAL is checkpointed into the file and removed — and exits 0.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { csrfFrom, PASSWORD, seedFixture } from '../helpers/app.js';
import { client, exited, freePort, startServer } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-shutdown-'));
const dbPath = join(dir, 'capdo.db');
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the error code of a new TCP connection (undefined when it is accepted). */
function tryConnect(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(undefined)));
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('on SIGTERM refuses new connections, finishes the request in flight, closes the database and exits 0', async () => {
    // a database with users, so the server starts without the demo (fast)
    const setup = openDatabase(dbPath);
    migrateDatabase(setup);
    const fx = await seedFixture(setup);
    setup.$client.close();

    const port = await freePort();
    const server = await startServer(['--import', 'tsx', 'src/server.ts'], {
      PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, NODE_ENV: 'development', SEED_DEMO: 'false', LOG_LEVEL: 'info',
      SESSION_SECRET: 'shutdown-secret-shutdown-secret-shutdown-1',
    });
    child = server.child;

    const http = client(`http://127.0.0.1:${port}`);
    const login = await http.post('/login', { _csrf: csrfFrom(await (await http.get('/login')).text()), username: 'admin', password: PASSWORD });
    expect(login.status).toBe(303);
    const csrf = csrfFrom(await (await http.get('/account/password')).text());

    // a slow client: the form's first half now, the rest after the signal
    const body = new URLSearchParams({ _csrf: csrf, code: 'SHUTDOWN-1', nameVi: 'Đơn vị tạo trong lúc dừng máy chủ', kind: 'agency', parentId: String(fx.org.provA) }).toString();
    const half = Math.floor(body.length / 2);
    const inFlight = httpRequest({
      host: '127.0.0.1', port, method: 'POST', path: '/organisations',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie: http.cookie() },
    });
    const answered = new Promise<IncomingMessage>((resolve, reject) => {
      inFlight.once('response', resolve);
      inFlight.once('error', reject);
    });
    inFlight.write(body.slice(0, half));
    await sleep(300); // the server has the request line, the headers and half of the form

    child.kill('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (!server.output().includes('SIGTERM received')) {
      if (Date.now() > deadline) throw new Error(`no shutdown line:\n${server.output()}`);
      await sleep(20);
    }
    // no new connection is accepted while the request is still open
    let refused: string | undefined;
    for (let i = 0; i < 50 && refused === undefined; i++) {
      refused = await tryConnect(port);
      if (refused === undefined) await sleep(20);
    }
    expect(refused).toBe('ECONNREFUSED');
    await sleep(300);
    expect(child.exitCode, 'the process waits for the request in flight').toBeNull();

    inFlight.end(body.slice(half));
    const res = await answered;
    res.resume();
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/organisations\/\d+$/);

    const finished = Date.now();
    await exited(child);
    expect(child.exitCode).toBe(0);
    expect(Date.now() - finished, 'idle keep-alive connections do not hold the exit').toBeLessThan(3_000);
    expect(server.output()).toContain('stopped: database closed');

    // closed cleanly: the WAL was checkpointed into the file and removed; the write is in the file
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const check = new Database(dbPath, { readonly: true, fileMustExist: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare("SELECT name_vi AS name FROM organisations WHERE code = 'SHUTDOWN-1'").get()).toEqual({ name: 'Đơn vị tạo trong lúc dừng máy chủ' });
    check.close();
  }, 60_000);
});
