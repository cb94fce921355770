// GET /healthz and GET /readyz: no session needed or created, status words only, 503 when not ready
// (database closed, a migration not applied, no evaluation yet or a stale one).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { EVALUATION_MAX_AGE_S } from '../../src/web/health.js';
import { makeApp, testConfig } from '../helpers/app.js';

function appOn(evaluationAge?: () => number | null) {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return { db, app: createApp({ config: testConfig(), db, evaluationAge }) };
}

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} without a session, sets no cookie and is not cached', async () => {
    const { app } = await makeApp();
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('still answers when the database is gone (the process is up)', async () => {
    const { app, db } = appOn();
    db.$client.close();
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});

describe('GET /readyz', () => {
  it('is ready on a migrated database, without a session, with status words only', async () => {
    const { app } = appOn();
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('reports the evaluation age, and is not ready before the first evaluation or with a stale one', async () => {
    let age: number | null = null;
    const { app } = appOn(() => age);
    const pending = await request(app).get('/readyz');
    expect(pending.status).toBe(503);
    expect(pending.body).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: 'ok', evaluation: 'pending' } });

    age = 42.4;
    const ok = await request(app).get('/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok', evaluation: 'ok' }, evaluationAgeSeconds: 42 });

    age = EVALUATION_MAX_AGE_S + 1;
    const stale = await request(app).get('/readyz');
    expect(stale.status).toBe(503);
    expect(stale.body).toMatchObject({ status: 'not_ready', checks: { evaluation: 'stale' }, evaluationAgeSeconds: EVALUATION_MAX_AGE_S + 1 });
  });

  it('is not ready while a migration is not applied (an older database before the upgrade)', async () => {
    const { app, db } = appOn();
    const newest = db.$client.prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as { hash: string; created_at: number };
    db.$client.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(newest.created_at);
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: 'pending' } });
    db.$client.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(newest.hash, newest.created_at);
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('is not ready when the database does not answer', async () => {
    const { app, db } = appOn(() => 1);
    db.$client.close();
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'not_ready', checks: { database: 'unavailable', migrations: 'unknown', evaluation: 'ok' }, evaluationAgeSeconds: 1 });
  });

  it('says not ready for an empty, never migrated database', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    db.$client.exec('DROP TABLE __drizzle_migrations');
    const res = await request(createApp({ config: testConfig(), db })).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.checks).toEqual({ database: 'ok', migrations: 'pending' });
  });
});
