// What a failed sign-in leaves in the audit trail: the name typed, normalised (NFC, control and
// text-direction characters removed, trimmed, at most 64 characters) and marked as typed; the row is
// linked to an account only when the name typed is one.
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { typedUsername, TYPED_USERNAME_MAX } from '../../src/modules/auth/auth.service.js';
import { csrfFrom, lastAudit, login, makeApp, PASSWORD, type App, type Fixture } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
});

afterEach(() => app.close());

async function failSignIn(username: string, password = 'sai-mat-khau-123') {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password });
}

const UNREADABLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('a failed sign-in', () => {
  it('with a NUL in the name keeps the name without it, typed, linked to no account', async () => {
    const res = await failSignIn('adm\u0000in');
    expect(res.status).toBe(401);
    const row = lastAudit(db)!;
    expect(row).toMatchObject({ action: 'login_failed', entityType: 'user', entityId: null, actorId: null, organisationId: null, actorName: 'admin' });
    expect(row.changes).toEqual({ typedUsername: [null, 'admin'] });
    expect(JSON.stringify(row)).not.toMatch(/\\u0000/);
  });

  it('with an over-long name keeps the first 64 characters', async () => {
    const res = await failSignIn(`  ${'a'.repeat(5000)}  `);
    expect(res.status).toBe(401);
    const row = lastAudit(db)!;
    expect(row.action).toBe('login_failed');
    expect(row.actorName).toBe('a'.repeat(TYPED_USERNAME_MAX));
    expect(row.changes).toEqual({ typedUsername: [null, 'a'.repeat(TYPED_USERNAME_MAX)] });
  });

  it('with escape, C1, zero-width and text-direction characters keeps only what can be read, in NFC', async () => {
    await failSignIn('\u001b[31m\u202Enguye\u0302\u0303n\u0085\u200B\u2066van\u2069\uFEFF ');
    const row = lastAudit(db)!;
    expect(row.actorName).toBe('[31mnguyễnvan');
    expect(row.changes).toEqual({ typedUsername: [null, '[31mnguyễnvan'] });
  });

  it('with a wrong password for an account is linked to it, and says what was typed', async () => {
    await failSignIn('ADMIN');
    expect(lastAudit(db)).toMatchObject({ action: 'login_failed', entityId: fx.user.admin, actorName: 'admin', changes: { typedUsername: [null, 'ADMIN'] } });
  });

  it('shows in the audit log what was typed, worded as typed', async () => {
    await failSignIn('ADMIN');
    const admin = await login(app, 'admin');
    const page = await admin.get('/audit?entity=user');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đăng nhập thất bại');
    expect(page.text).toMatch(/Tên đăng nhập đã gõ \(không phải tên tài khoản đã xác thực\):<\/span>\s*<span class="after">ADMIN<\/span>/);
  });
});

describe('typedUsername', () => {
  it.each([
    ['  admin  ', 'admin'],
    ['a\u0000b\u0007c\u007fd\u009fe', 'abcde'],
    ['\u202Dx\u202Ay\u2067z', 'xyz'],
    ['e\u0323\u0302', 'ệ'],
    [`${'a'.repeat(63)}🛡️🛡️`, `${'a'.repeat(63)}🛡`],
    ['\u200B \u200B', ''],
  ])('%j → %j', (raw, expected) => {
    const out = typedUsername(raw);
    expect(out).toBe(expected);
    expect(Array.from(out).length).toBeLessThanOrEqual(TYPED_USERNAME_MAX);
    expect(out).not.toMatch(UNREADABLE);
    expect(out).not.toMatch(LONE_SURROGATE);
  });

  it('leaves a correct sign-in alone', async () => {
    const res = await request.agent(app).get('/login');
    expect(res.status).toBe(200);
    await login(app, 'admin', PASSWORD);
    expect(lastAudit(db)).toMatchObject({ action: 'login', actorName: 'admin', changes: null });
  });
});
