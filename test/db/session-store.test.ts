// The session store's touch: a busy session is pushed back at most once a minute, so most requests write nothing.
import { describe, expect, it } from 'vitest';
import type session from 'express-session';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { SqliteSessionStore } from '../../src/web/session-store.js';

const at = (ms: number) => ({ cookie: { expires: new Date(ms), originalMaxAge: 1_800_000 } }) as unknown as session.SessionData;

describe('SqliteSessionStore.touch', () => {
  it('moves the expiry only when it moves by more than a minute', () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const store = new SqliteSessionStore(db, 1_800_000);
    const expiry = () => db.$client.prepare<[], { e: number }>("SELECT expires_at AS e FROM sessions WHERE sid = 's1'").get()!.e;
    const t0 = Date.now() + 1_800_000;
    store.set('s1', at(t0), () => {});
    store.touch('s1', at(t0 + 30_000));
    expect(expiry()).toBe(t0); // 30 s later: nothing written
    store.touch('s1', at(t0 + 61_000));
    expect(expiry()).toBe(t0 + 61_000);
    store.close();
  });
});
