// Production mode: `npm run build` compiles src/ to dist/ with tsc (the JSON catalogues with it) and copies
// the static files; plain `node dist/server.js` — no tsx — migrates a new database, serves the pages (views
// from the top level), the static files and the probes, logs JSON, carries no demo data, and stops on SIGTERM.
// (The full tsc build makes this the slowest test file: about 20 s of CPU.)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, freePort, startServer, type RunningServer } from '../helpers/server.js';

const dir = mkdtempSync(join(tmpdir(), 'capdo-build-'));
let server: RunningServer | undefined;

afterAll(() => {
  const child = server?.child;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function npmRunBuild(): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

const filesUnder = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)]));

describe('npm run build, then node dist/server.js', () => {
  it('compiles to dist/ and the compiled server serves pages, static files and the probes', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start:prod']).toBe('node dist/server.js');
    expect(pkg.scripts.start).toBe('tsx src/server.ts'); // the newcomer's path is unchanged

    const build = await npmRunBuild();
    expect(build.code, build.out).toBe(0);
    const files = filesUnder('dist');
    expect(files).toContain(join('dist', 'server.js'));
    expect(files).toContain(join('dist', 'public', 'app.css'));
    expect(files).toContain(join('dist', 'domain', 'catalog', 'tcvn-11930-2017.json'));
    expect(files).toContain(join('dist', 'domain', 'catalog', 'tcvn-14423-2026-outline.json'));
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(existsSync(join('dist', 'seeds'))).toBe(false); // no demo accounts in a production build

    const port = await freePort();
    const dbPath = join(dir, 'capdo.db');
    server = await startServer(['dist/server.js'], {
      PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: dbPath, UPLOAD_DIR: join(dir, 'uploads'), NODE_ENV: 'production', LOG_LEVEL: 'info',
      SESSION_SECRET: 'build-secret-build-secret-build-secret-12',
    });
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    let ready = await fetch(`${base}/readyz`);
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await fetch(`${base}/readyz`);
    }
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok', evaluation: 'ok' } });

    const css = await fetch(`${base}/static/app.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Đăng nhập');

    // every migration applied by the compiled server; no demo data in production
    const journal = JSON.parse(readFileSync(join('drizzle', 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    expect((db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
    expect((db.prepare('SELECT count(*) AS n FROM organisations').get() as { n: number }).n).toBe(0);
    db.close();

    // JSON lines, the request ones included (written asynchronously: wait for the one of GET /login)
    const lines = () => server!.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { msg: string; req?: { url: string } });
    for (let i = 0; i < 50 && !lines().some((l) => l.req?.url === '/login'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(lines().some((l) => l.req?.url === '/login'), server.output()).toBe(true);
    expect(lines().some((l) => l.msg === `Capdo is listening on http://localhost:${port}`)).toBe(true);

    server.child.kill('SIGTERM');
    await exited(server.child);
    expect(server.child.exitCode).toBe(0);
  }, 240_000);
});
