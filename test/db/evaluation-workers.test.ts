// The evaluation rebuilt off the main thread (src/workers, src/modules/evaluation/evaluation-store.ts): on a
// database file, with a pool of worker threads, the first build and the rebuild after an organisation change
// run in a worker on its own read-only connection. Meanwhile the main thread answers at once: before the
// first build with the actor's own scope worked out here, during a rebuild with the evaluation it had,
// marked stale; once the worker's batches have landed, the store equals an evaluation worked out from scratch.
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { organisations } from '../../src/db/schema/organisations.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { todayIso } from '../../src/i18n/format.js';
import { actorFor, type Actor } from '../../src/modules/access/index.js';
import { storeFor, useWorkers } from '../../src/modules/evaluation/evaluation-store.js';
import { evaluateAway, evaluationAge } from '../../src/modules/evaluation/index.js';
import { annualReport, annualReportAway } from '../../src/modules/annual-report/annual-report.service.js';
import { rosterRows, rosterRowsAway } from '../../src/modules/operators/operators.service.js';
import { reportFile } from '../../src/modules/annual-report/annual-report.files.js';
import { binary } from '../helpers/pdf.js';
import { ThreadPool } from '../../src/workers/pool.js';
import { createApp } from '../../src/app.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { login, testConfig } from '../helpers/app.js';
import { engineConfig, evaluateScope, evaluateScopeCached } from '../helpers/evaluation.js';

const CONFIG = engineConfig();
const asOf = todayIso();
let dir: string;
let db: Db;
let pool: ThreadPool;
let admin: Actor;
let viewer: Actor;
const failures: unknown[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'capdo-workers-'));
  db = openDatabase(join(dir, 'capdo.db'));
  migrateDatabase(db);
  await seedDemo(db);
  pool = new ThreadPool({ databasePath: join(dir, 'capdo.db'), size: 1 });
  useWorkers(db, pool, (err) => failures.push(err));
  const user = (name: string) => db.select().from(users).where(eq(users.username, name)).get()!;
  admin = actorFor(db, user('admin'));
  viewer = actorFor(db, user('admin.bo'));
}, 60_000);

afterAll(async () => {
  await pool.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What the evaluation of a scope says, comparable: each system's rule states and each organisation's. */
const summary = (ev: ReturnType<typeof evaluateScope>) => ({
  systems: ev.systems.map((e) => [e.system.id, e.system.nameVi, e.results.map((r) => `${r.rule}:${r.state}`)]),
  organisations: ev.organisations.map((e) => [e.organisation.id, e.organisation.nameVi, e.results.map((r) => `${r.rule}:${r.state}`)]),
});

describe('the evaluation built in a worker thread', () => {
  it('answers before its first build with the actor’s own scope, then from the store the worker built', async () => {
    const store = storeFor(db, asOf, CONFIG);
    expect(store.built).toBe(false);
    expect(store.refreshing).toBe(true);
    expect(evaluationAge(db, CONFIG), '/readyz: pending').toBeNull();
    // nothing was built on this thread: a request now is answered for the ministry admin's scope only
    const early = evaluateScopeCached(db, viewer, { asOf });
    expect(early.staleness).toBeNull();
    expect(summary(early)).toEqual(summary(evaluateScope(db, viewer, { asOf })));
    expect(early.systems.length).toBeGreaterThan(0);
    expect(early.systems.length).toBeLessThan(db.select().from(systems).all().length);
    expect(store.built).toBe(false);

    await store.settled();
    expect(failures).toEqual([]);
    expect(store.built).toBe(true);
    expect(store.rebuilds).toBe(1);
    expect(evaluationAge(db, CONFIG)).toBeLessThan(60);
    expect(pool.threads).toBe(1);
    const built = evaluateScopeCached(db, admin, { asOf });
    expect(built.staleness).toBeNull();
    expect(built.systems.length).toBeGreaterThan(0);
    expect(summary(built)).toEqual(summary(evaluateScope(db, admin, { asOf })));
    expect(built.gapRows()).toEqual(evaluateScope(db, admin, { asOf }).gapRows());
  });

  it('during a rebuild after an organisation change answers with what it had, marked stale, then catches up', async () => {
    const app = createApp({ config: testConfig(), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
    const session = await login(app, 'admin', 'capdo-demo');
    const STALE = 'Kết quả đánh giá đang được cập nhật sau một thay đổi';
    expect((await session.get('/gaps')).text).not.toContain(STALE);
    const store = storeFor(db, asOf, CONFIG);
    const before = evaluateScopeCached(db, admin, { asOf });
    const org = before.organisations[0]!.organisation;
    // the rebuild's answer is held back until the pages have been read, so that it cannot land first
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const run = pool.run.bind(pool);
    pool.run = (async (job: string, args: unknown, onPiece?: (piece: unknown) => void) => {
      const out = await run(job, args, onPiece);
      await gate;
      return out;
    }) as typeof pool.run;
    db.update(organisations).set({ nameVi: `${org.nameVi} (đổi tên)` }).where(eq(organisations.id, org.id)).run();

    const during = evaluateScopeCached(db, admin, { asOf });
    expect(store.refreshing).toBe(true);
    expect(during.staleness?.since).toBe(store.syncedAt);
    expect(during.organisations.find((e) => e.organisation.id === org.id)?.organisation.nameVi).toBe(org.nameVi);
    // the pages say so
    const gaps = await session.get('/gaps');
    expect(gaps.status).toBe(200);
    expect(gaps.text).toContain(STALE);
    expect((await session.get('/')).text).toContain(STALE);

    release();
    pool.run = run;
    await store.settled();
    expect(failures).toEqual([]);
    expect(store.rebuilds).toBe(2);
    const after = evaluateScopeCached(db, admin, { asOf });
    expect(after.staleness).toBeNull();
    expect((await session.get('/gaps')).text).not.toContain(STALE);
    expect(after.organisations.find((e) => e.organisation.id === org.id)?.organisation.nameVi).toBe(`${org.nameVi} (đổi tên)`);
    expect(summary(after)).toEqual(summary(evaluateScope(db, admin, { asOf })));
  });

  it('works out another date in a worker thread, the event loop free meanwhile, and the routes’ services then find it kept', async () => {
    const app = createApp({ config: testConfig(), db, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
    const session = await login(app, 'admin', 'capdo-demo');
    const past = '2025-03-01';
    const jobs: string[] = [];
    const run = pool.run.bind(pool);
    pool.run = ((job: string, args: unknown, onPiece?: (piece: unknown) => void) => {
      jobs.push(job);
      return run(job, args, onPiece);
    }) as typeof pool.run;
    try {
      // while the worker evaluates, this thread goes on turning its event loop
      let turns = 0;
      const ticker = setInterval(() => (turns += 1), 1);
      const away = await evaluateAway(db, admin, { asOf: past }, CONFIG);
      clearInterval(ticker);
      expect(jobs).toEqual(['evaluation.scope']);
      expect(turns).toBeGreaterThan(0);
      expect(summary(away)).toEqual(summary(evaluateScope(db, admin, { asOf: past })));
      expect(away.gapRows()).toEqual(evaluateScope(db, admin, { asOf: past }).gapRows());
      // the sync entry point (the services behind the routes) answers with the same evaluation, nothing redone
      expect(evaluateScopeCached(db, admin, { asOf: past })).toBe(away);
      // a narrower actor gets its own scope, worked out in the worker too
      const ministry = await evaluateAway(db, viewer, { asOf: past }, CONFIG);
      expect(summary(ministry)).toEqual(summary(evaluateScope(db, viewer, { asOf: past })));
      // and a subtree picked on a page
      const subtree = [...admin.scope].filter((id) => id !== admin.organisationId).slice(0, 3);
      const narrowed = await evaluateAway(db, admin, { asOf: past, orgIds: subtree }, CONFIG);
      expect(summary(narrowed)).toEqual(summary(evaluateScope(db, admin, { asOf: past, orgIds: subtree })));
      // the pages that take a date go through it: the gaps page, the API, the gaps export, the annual report
      jobs.length = 0;
      expect((await session.get('/gaps?asOf=2024-06-30')).status).toBe(200);
      expect(jobs).toEqual(['evaluation.scope']);
      const org = admin.organisationId;
      // the annual report is worked out whole in the worker: the same report as here, the same page
      jobs.length = 0;
      const page = await session.get(`/organisations/${org}/annual-report?year=2024`);
      expect(page.status).toBe(200);
      expect(jobs).toEqual(['annual-report']);
      expect(await annualReportAway(db, admin, org, 2024)).toEqual(annualReport(db, admin, org, 2024));
      // its PDF and Word file are made whole in the worker and arrive whole
      jobs.length = 0;
      const pdf = await session.get(`/organisations/${org}/annual-report/pdf?year=2024`).buffer(true).parse(binary);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const docx = await session.get(`/organisations/${org}/annual-report/docx?year=2024`).buffer(true).parse(binary);
      expect(docx.headers['content-disposition']).toMatch(/\.docx"$/);
      expect(jobs).toEqual(['annual-report.file', 'annual-report.file']);
      const made = await reportFile(db, { actor: admin, orgId: org, year: 2024, engine: undefined, today: todayIso(), format: 'docx', locale: 'vi' });
      expect((docx.body as Buffer).length).toBeGreaterThan(made.bytes.length / 2);
      // the roster too
      jobs.length = 0;
      expect((await session.get('/operators/roster')).status).toBe(200);
      expect(jobs).toEqual(['roster']);
      expect(await rosterRowsAway(db, admin, {})).toEqual(rosterRows(db, admin, {}));
      // another organisation's report is refused before any work is sent off
      jobs.length = 0;
      const outside = db.select().from(organisations).all().find((o) => !viewer.scope.has(o.id))!;
      await expect(annualReportAway(db, viewer, outside.id, 2024)).rejects.toThrow();
      expect(jobs).toEqual([]);
      jobs.length = 0;
      expect((await session.get('/exports/gaps.csv?asOf=2024-03-31')).status).toBe(200);
      expect(jobs).toEqual(['evaluation.scope']);
    } finally {
      pool.run = run;
    }
  });
});
