// Headers, body limits, the sign-in gate, login and its rate limits, sessions (fixation, logout,
// revocation, timeouts), the open-redirect guard, the language switch and escaped output.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { systems } from '../../src/db/schema/systems.js';
import { sessions, users } from '../../src/db/schema/users.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { auditEntries, csrfFrom, lastAudit, login, makeApp, PASSWORD, seedFixture, testConfig, type App, type Fixture } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
});

afterEach(() => {
  vi.useRealTimers();
});

const sessionsOf = (userId: number) => db.select().from(sessions).where(eq(sessions.userId, userId)).all();

/** The value of the capdo.sid cookie a response sets, if any. */
function sidFrom(res: request.Response): string | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const c = raw?.find((s) => s.startsWith('capdo.sid='));
  return c?.split(';')[0];
}

/** A fresh agent with the login page loaded: its CSRF token and the pre-login session cookie. */
async function loginPage(a: App = app) {
  const agent = request.agent(a);
  const page = await agent.get('/login');
  return { agent, csrf: csrfFrom(page.text), sid: sidFrom(page), page };
}

describe('headers', () => {
  it('sends a strict Content-Security-Policy and no X-Powered-By', async () => {
    for (const url of ['/login', '/no-such-page']) {
      const res = await request(app).get(url);
      const csp = res.headers['content-security-policy'];
      expect(csp, url).toBeDefined();
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('limits and error pages', () => {
  it('answers 413 with the designed page to a body over the limit, before anything else runs', async () => {
    const big = 'x'.repeat(300 * 1024);
    const { agent, csrf } = await loginPage();
    const auditBefore = auditEntries(db).length;
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'admin', password: PASSWORD, filler: big });
    expect(res.status).toBe(413);
    expect(res.text).toContain('Dữ liệu gửi lên quá lớn');
    expect(auditEntries(db).length).toBe(auditBefore);

    const admin = await login(app, 'admin');
    const count = db.select().from(systems).all().length;
    const sys = await admin.post('/systems', { code: 'HT-01', nameVi: 'Hệ thống', notes: big });
    expect(sys.status).toBe(413);
    expect(sys.text).toContain('Dữ liệu gửi lên quá lớn');
    expect(db.select().from(systems).all().length).toBe(count);
  });

  it('answers an unknown route with the designed 404 page', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.get('/khong-co-trang-nay');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('Không tìm thấy trang');
    expect(res.text).toContain('<html lang="vi">');
  });

  it.each(['/', '/systems', '/systems/new', '/systems/1', '/systems/1/decisions/new', '/organisations', '/users', '/audit', '/account/password', '/systems?q=so%20y%20te&page=2'])(
    'redirects an anonymous GET %s to the sign-in page with next',
    async (url) => {
      const res = await request(app).get(url);
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    },
  );

  it('takes the user back to next after signing in', async () => {
    const { agent, csrf } = await loginPage();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'admin', password: PASSWORD, next: '/systems?q=y%20te' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/systems?q=y%20te');
  });
});

describe('signing in', () => {
  it('answers 401 to a wrong password and records login_failed', async () => {
    const { agent, csrf } = await loginPage();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'admin', password: 'sai-mat-khau-123' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(lastAudit(db)).toMatchObject({ action: 'login_failed', entityType: 'user', entityId: fx.user.admin, actorId: null, actorName: 'admin' });
    expect(sessionsOf(fx.user.admin)).toHaveLength(0);
    // still signed out
    expect((await agent.get('/')).status).toBe(303);
  });

  it('records login_failed for an unknown username too, with the same answer', async () => {
    const { agent, csrf } = await loginPage();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'khong-ton-tai', password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(lastAudit(db)).toMatchObject({ action: 'login_failed', entityId: null, actorName: 'khong-ton-tai' });
  });

  it('signs in with a fresh session id (no fixation) and records login', async () => {
    const { agent, csrf, sid } = await loginPage();
    expect(sid).toBeDefined();
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'owner', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const after = sidFrom(res);
    expect(after).toBeDefined();
    expect(after).not.toBe(sid);
    expect(lastAudit(db)).toMatchObject({ action: 'login', entityType: 'user', entityId: fx.user.owner, actorId: fx.user.owner });
    expect(sessionsOf(fx.user.owner)).toHaveLength(1);

    // the old (pre-login) session id does not carry the sign-in
    const old = await request(app).get('/').set('Cookie', sid!);
    expect(old.status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('ignores an open-redirect next', async () => {
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/login?next=//evil.example']) {
      const { agent, csrf } = await loginPage();
      const res = await agent.post('/login').type('form').send({ _csrf: csrf, username: 'admin', password: PASSWORD, next });
      expect(res.status, next).toBe(303);
      expect(res.headers.location, next).toBe('/');
    }
    // and the login page does not echo a foreign next into its form
    const page = await request(app).get('/login?next=//evil.example');
    expect(page.text).not.toContain('evil.example');
  });
});

describe('brute-force limits', () => {
  /** The app answering as if each request came from the address in its X-Test-Address header (127.0.0.1 without one). */
  const fromAddresses = (a: App) => (req: IncomingMessage & { ip?: string }, res: ServerResponse) => {
    Object.defineProperty(req, 'ip', { value: String(req.headers['x-test-address'] ?? '127.0.0.1'), configurable: true });
    return a(req as never, res as never);
  };
  async function signIn(a: App, username: string, password: string, address = '198.51.100.7') {
    const agent = request.agent(fromAddresses(a));
    const page = await agent.get('/login').set('X-Test-Address', address);
    return agent.post('/login').set('X-Test-Address', address).type('form').send({ _csrf: csrfFrom(page.text), username, password });
  }

  it('lets 40 different users sign in from one address within a minute, with the default limits', async () => {
    ({ app, db, fx } = await makeApp({ limits: DEFAULT_LIMITS }));
    const passwordHash = db.select().from(users).where(eq(users.id, fx.user.owner)).get()!.passwordHash;
    for (let i = 1; i <= 40; i++) db.insert(users).values({ username: `can.bo.${i}`, fullName: `Cán bộ ${i}`, role: 'viewer', organisationId: fx.org.deptA2, passwordHash }).run();
    const started = Date.now();
    const answers = [];
    for (let i = 1; i <= 40; i++) answers.push((await signIn(app, `can.bo.${i}`, PASSWORD)).status);
    expect(answers).toEqual(Array(40).fill(303));
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 60_000);

  it('throttles 6 bad passwords for one user from one address, while the same user signs in from another', async () => {
    ({ app, db, fx } = await makeApp({ limits: DEFAULT_LIMITS }));
    for (let i = 0; i < 5; i++) expect((await signIn(app, 'owner', `sai-mat-khau-${i}`)).status).toBe(401);
    const sixth = await signIn(app, 'owner', 'sai-mat-khau-5');
    expect(sixth.status).toBe(429);
    // the message names the limit hit (this account, from this address) and the wait
    expect(sixth.text).toContain('Tài khoản này đã bị nhập sai mật khẩu quá nhiều lần (từ 5 lần) từ địa chỉ mạng của bạn');
    expect(sixth.text).toContain('Vui lòng chờ 30 giây');
    expect(sixth.headers['retry-after']).toBe('30');
    expect(sixth.text).not.toContain('Tên đăng nhập hoặc mật khẩu không đúng');
    const failures = auditEntries(db).filter((e) => e.action === 'login_failed').length;
    expect(failures).toBe(5); // a throttled try is refused before the password is checked

    // the right password from the same address waits too (and case and spaces make no new key)
    expect((await signIn(app, ' OWNER ', PASSWORD)).status).toBe(429);
    expect(sessionsOf(fx.user.owner)).toHaveLength(0);
    // the real user, from the office, is not locked out
    expect((await signIn(app, 'owner', PASSWORD, '203.0.113.20')).status).toBe(303);
    expect(sessionsOf(fx.user.owner)).toHaveLength(1);
    // and another user from the throttled address is not either
    expect((await signIn(app, 'admin', PASSWORD)).status).toBe(303);
  });

  it('does not count successful sign-ins, and a success starts the pair again', async () => {
    ({ app, db, fx } = await makeApp({ limits: { loginPerUsername: 2, loginPerIp: 3 } }));
    for (let i = 0; i < 6; i++) await login(app, 'owner');
    expect(sessionsOf(fx.user.owner)).toHaveLength(6);
    expect((await signIn(app, 'owner', 'sai-1')).status).toBe(401);
    expect((await signIn(app, 'owner', PASSWORD)).status).toBe(303);
    expect((await signIn(app, 'owner', 'sai-2')).status).toBe(401);
    expect((await signIn(app, 'owner', PASSWORD)).status).toBe(303);
  });

  it('limits failures from one address across usernames, with its own message', async () => {
    ({ app, db, fx } = await makeApp({ limits: { loginPerIp: 3 } }));
    for (const username of ['a1', 'a2', 'a3']) expect((await signIn(app, username, 'sai-mat-khau')).status).toBe(401);
    const res = await signIn(app, 'viewer', PASSWORD);
    expect(res.status).toBe(429);
    expect(res.text).toContain('Địa chỉ mạng của bạn đã đăng nhập sai quá nhiều lần (từ 3 lần, với nhiều tên đăng nhập) trong 15 phút qua.');
    expect(sessionsOf(fx.user.viewer)).toHaveLength(0);
    expect((await signIn(app, 'viewer', PASSWORD, '203.0.113.20')).status).toBe(303);
  });

  it('keeps sign-in out of the general POST limit', async () => {
    ({ app, db, fx } = await makeApp({ limits: { postsPerIp: 3 } }));
    for (let i = 0; i < 6; i++) expect((await signIn(app, 'viewer', PASSWORD)).status).toBe(303);
  });

  it('limits POSTs per IP address in general', async () => {
    ({ app, db, fx } = await makeApp({ limits: { postsPerIp: 5 } }));
    const { agent, csrf } = await loginPage();
    for (let i = 0; i < 5; i++) {
      expect((await agent.post('/lang').type('form').send({ _csrf: csrf, lang: 'vi', next: '/login' })).status).toBe(303);
    }
    const res = await agent.post('/lang').type('form').send({ _csrf: csrf, lang: 'en', next: '/login' });
    expect(res.status).toBe(429);
    expect(res.text).toContain('Bạn gửi quá nhiều yêu cầu trong thời gian ngắn');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('capdo_lang=en');
    // GETs are not limited
    expect((await agent.get('/login')).status).toBe(200);
  });
});

describe('signing out', () => {
  it('destroys the session at logout', async () => {
    const owner = await login(app, 'owner');
    expect(sessionsOf(fx.user.owner)).toHaveLength(1);
    const res = await owner.post('/logout');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(sessionsOf(fx.user.owner)).toHaveLength(0);
    expect(lastAudit(db)).toMatchObject({ action: 'logout', actorId: fx.user.owner });
    const next = await owner.get('/systems');
    expect(next.status).toBe(303);
    expect(next.headers.location).toBe('/login?next=%2Fsystems');
  });

  it("signs out everywhere: another agent's session of the same user is revoked, other users keep theirs", async () => {
    const phone = await login(app, 'owner');
    const laptop = await login(app, 'owner');
    const admin = await login(app, 'admin');
    expect(sessionsOf(fx.user.owner)).toHaveLength(2);
    expect((await laptop.get('/')).status).toBe(200);

    const res = await phone.post('/logout-everywhere');
    expect(res.status).toBe(303);
    expect(sessionsOf(fx.user.owner)).toHaveLength(0);
    expect(lastAudit(db)).toMatchObject({ action: 'logout_everywhere', actorId: fx.user.owner });

    const again = await laptop.get('/');
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/login?next=%2F');
    expect(sessionsOf(fx.user.admin)).toHaveLength(1);
    expect((await admin.get('/')).status).toBe(200);
  });
});

describe('session timeouts', () => {
  async function appWith(env: Record<string, string>) {
    const d = openDatabase(':memory:');
    migrateDatabase(d);
    const f = await seedFixture(d);
    const a = createApp({ config: testConfig(env), db: d, limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 }, log: () => {} });
    return { app: a, db: d, fx: f };
  }

  /** Signs in and returns the session cookie, to send by hand (the agent's cookie jar would drop it by its own clock). */
  async function cookieFor(a: App, username: string): Promise<string> {
    const { agent, csrf } = await loginPage(a);
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, username, password: PASSWORD });
    expect(res.status).toBe(303);
    const sid = sidFrom(res);
    if (!sid) throw new Error('no session cookie');
    return sid;
  }

  it('ends a session after the absolute lifetime even while it is in use', async () => {
    const t = await appWith({ SESSION_ABSOLUTE_HOURS: '1', SESSION_IDLE_MINUTES: '120' });
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const cookie = await cookieFor(t.app, 'owner');
    const get = () => request(t.app).get('/systems').set('Cookie', cookie);

    vi.setSystemTime(start + 50 * 60_000);
    expect((await get()).status).toBe(200);

    vi.setSystemTime(start + 61 * 60_000);
    const res = await get();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fsystems');
    expect(t.db.select().from(sessions).where(eq(sessions.userId, t.fx.user.owner)).all()).toHaveLength(0);
  });

  it('ends a session after the idle timeout, and each request extends it', async () => {
    const t = await appWith({ SESSION_IDLE_MINUTES: '30' });
    const start = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start);
    const cookie = await cookieFor(t.app, 'owner');
    const get = () => request(t.app).get('/').set('Cookie', cookie);

    vi.setSystemTime(start + 25 * 60_000);
    expect((await get()).status).toBe(200);
    vi.setSystemTime(start + 50 * 60_000); // 25 minutes after the last request
    expect((await get()).status).toBe(200);
    vi.setSystemTime(start + 81 * 60_000); // 31 minutes idle
    const res = await get();
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F');
  });

  it('ends a session whose stored creation time is older than the absolute lifetime', async () => {
    const t = await appWith({ SESSION_ABSOLUTE_HOURS: '1' });
    const cookie = await cookieFor(t.app, 'owner');
    expect((await request(t.app).get('/').set('Cookie', cookie)).status).toBe(200);
    const row = t.db.select().from(sessions).where(eq(sessions.userId, t.fx.user.owner)).get()!;
    const data = JSON.parse(row.data) as { createdAt: number };
    expect(typeof data.createdAt).toBe('number');
    data.createdAt -= 2 * 3_600_000;
    t.db.update(sessions).set({ data: JSON.stringify(data) }).where(eq(sessions.sid, row.sid)).run();

    const res = await request(t.app).get('/').set('Cookie', cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2F');
  });
});

describe('language', () => {
  it('is Vietnamese by default and English after the switch', async () => {
    const admin = await login(app, 'admin');
    const vi_ = await admin.get('/');
    expect(vi_.text).toContain('<html lang="vi">');
    expect(vi_.text).toContain('Tổng quan');
    expect(vi_.text).not.toContain('Dashboard');

    const res = await admin.post('/lang', { lang: 'en', next: '/systems' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/systems');
    expect(String(res.headers['set-cookie'])).toMatch(/capdo_lang=en;.*HttpOnly/i);

    const en = await admin.get('/');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Dashboard');
    expect(en.text).not.toContain('Tổng quan');
  });

  it('ignores an unknown language', async () => {
    const admin = await login(app, 'admin');
    const res = await admin.post('/lang', { lang: 'fr', next: '//evil.example' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('capdo_lang');
    expect((await admin.get('/')).text).toContain('<html lang="vi">');
  });
});

describe('escaped output', () => {
  it('shows a system name with markup as text', async () => {
    const admin = await login(app, 'admin');
    const nameVi = '<script>alert(1)</script>';
    const res = await admin.post('/systems', {
      code: 'HT-XSS-01', nameVi, ownerId: String(fx.org.deptA2), operatorId: String(fx.org.deptA2),
      systemType: 'internal', lifecycleStatus: 'planned', hosting: 'own_premises', separation: 'logical',
    });
    expect(res.status).toBe(303);
    const row = db.select().from(systems).where(eq(systems.code, 'HT-XSS-01')).get()!;
    expect(row.nameVi).toBe(nameVi);

    for (const url of [`/systems/${row.id}`, '/systems', `/systems/${row.id}/decisions/new`]) {
      const page = await admin.get(url);
      expect(page.status, url).toBe(200);
      expect(page.text, url).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page.text, url).not.toContain('<script>alert(1)');
    }
  });
});
