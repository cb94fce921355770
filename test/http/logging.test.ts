// The JSON request log: one line per request with its id (kept from X-Request-Id), the user, the status
// and the time taken — and none of the secrets that pass through a sign-in, an operator save, the API
// and the calendar feed: passwords, session ids and cookies, CSRF tokens, bearer and feed tokens,
// national ID numbers.
import { Writable } from 'node:stream';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.js';
import { operators } from '../../src/db/schema/people.js';
import { createLogger, loggableUrl } from '../../src/web/logger.js';
import { DEFAULT_LIMITS } from '../../src/web/middleware.js';
import { csrfFrom, PASSWORD, seedFixture, testConfig, type Fixture } from '../helpers/app.js';

type Line = Record<string, unknown> & { msg: string; reqId?: string; userId?: number; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number };

let db: Db;
let fx: Fixture;
let app: ReturnType<typeof createApp>;
let raw: string[];

const lines = (): Line[] => raw.map((l) => JSON.parse(l) as Line);
const requestLine = (method: string, url: string) => {
  const found = lines().filter((l) => l.req?.method === method && l.req.url === url);
  expect(found, `one log line for ${method} ${url}`).toHaveLength(1);
  return found[0]!;
};

beforeEach(async () => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  fx = await seedFixture(db);
  raw = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  app = createApp({
    config: testConfig(),
    db,
    limits: { ...DEFAULT_LIMITS, loginPerIp: 1000, loginPerUsername: 1000 },
    logger: createLogger('info', sink),
  });
});

/** Signs in through the real form; returns the agent, the CSRF token and the session cookie as sent. */
async function signIn(username: string) {
  const agent = request.agent(app);
  const page = await agent.get('/login');
  const csrf = csrfFrom(page.text);
  const res = await agent.post('/login').set('X-Request-Id', 'sign-in-1').type('form').send({ _csrf: csrf, username, password: PASSWORD });
  expect(res.status).toBe(303);
  const cookie = res.headers['set-cookie']![0]!.split(';')[0]!.split('=')[1]!;
  const sessionCsrf = csrfFrom((await agent.get('/account/password')).text);
  return { agent, csrf: sessionCsrf, cookie, loginCsrf: csrf };
}

/** Every way a secret could be written: as is, URL-encoded, in JSON. */
function expectAbsent(secret: string, what: string) {
  const text = raw.join('\n');
  for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
    expect(text, `${what} in the log`).not.toContain(form);
  }
}

describe('the request log', () => {
  it('logs a sign-in with request id, user id, status and latency, and no password, session id, cookie or CSRF token', async () => {
    const { cookie, loginCsrf, csrf } = await signIn('admin');

    const line = requestLine('POST', '/login');
    expect(line).toMatchObject({ level: 'info', reqId: 'sign-in-1', userId: fx.user.admin, res: { statusCode: 303 } });
    expect(typeof line.responseTime).toBe('number');
    expect(typeof line.time).toBe('string');
    // every request has its line, with a generated id when the caller sent none
    const page = requestLine('GET', '/login');
    expect(page.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(page.userId).toBeUndefined();
    expect(requestLine('GET', '/account/password')).toMatchObject({ userId: fx.user.admin, res: { statusCode: 200 } });

    const sid = (db.$client.prepare('SELECT sid FROM sessions WHERE user_id = ?').get(fx.user.admin) as { sid: string }).sid;
    expectAbsent(PASSWORD, 'the password');
    expectAbsent(sid, 'the session id');
    expectAbsent(decodeURIComponent(cookie), 'the session cookie');
    expectAbsent(loginCsrf, 'the CSRF token of the sign-in form');
    expectAbsent(csrf, 'the session CSRF token');
    expect(raw.join('\n')).not.toMatch(/capdo\.sid|set-cookie|"cookie"/i);
  });

  it('logs an operator save without the national ID number', async () => {
    const { agent, csrf } = await signIn('owner');
    const nationalId = '001088012345';
    const res = await agent.post('/operators').type('form').send({
      _csrf: csrf, fullName: 'Nguyễn Văn An', organisationId: String(fx.org.deptA2), position: 'Trưởng phòng',
      email: 'an.nv@syt.example.vn', phone: '0912 345 678', nationalId: '0010 8801 2345',
    });
    expect(res.status).toBe(303);
    expect(db.select().from(operators).get()!.nationalId).toBe(nationalId); // the save happened

    expect(requestLine('POST', '/operators')).toMatchObject({ userId: fx.user.owner, res: { statusCode: 303 } });
    expectAbsent(nationalId, 'the national ID number');
    expectAbsent('0010 8801 2345', 'the national ID number as typed');
    expectAbsent(csrf, 'the CSRF token');
  });

  it('keeps API and calendar feed tokens, and search words, out of the lines', async () => {
    const admin = await signIn('admin');
    const created = await admin.agent.post('/api-tokens').type('form').send({ _csrf: admin.csrf, name: 'Kho dữ liệu', organisationId: String(fx.org.provA) });
    const apiToken = /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec(created.text)![1]!;
    expect((await request(app).get('/api/v1/systems').set('Authorization', `Bearer ${apiToken}`)).status).toBe(200);
    expect(requestLine('GET', '/api/v1/systems')).toMatchObject({ api: 'api:Kho dữ liệu', res: { statusCode: 200 } });

    const feed = await admin.agent.post('/calendar/token').type('form').send({ _csrf: admin.csrf });
    const feedPath = /(\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics)/.exec(feed.text)![1]!;
    expect((await request(app).get(feedPath)).status).toBe(200);
    requestLine('GET', '/calendar/feed/[redacted]');

    await admin.agent.get('/operators?q=001088012345&page=2');
    requestLine('GET', '/operators?q=[redacted]&page=2');

    expectAbsent(apiToken, 'the API token');
    expectAbsent(feedPath.slice('/calendar/feed/'.length, -'.ics'.length), 'the calendar feed token');
    expectAbsent('001088012345', 'a national ID number searched for');
    expect(raw.join('\n')).not.toMatch(/bearer|authorization/i);
  });

  it('returns the request id, keeping a plain one from the caller and replacing anything else', async () => {
    const kept = await request(app).get('/login').set('X-Request-Id', 'lb-7f3a.42:1');
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.42:1');
    const replaced = await request(app).get('/login').set('X-Request-Id', 'a b"}{"injected":1');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const made = await request(app).get('/login');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().map((l) => l.reqId)).toEqual(['lb-7f3a.42:1', replaced.headers['x-request-id'], made.headers['x-request-id']]);
  });

  it('writes an unexpected error with its stack under the request id, and the 500 line after it', async () => {
    const failing = createApp({ config: testConfig(), db, logger: createLogger('info', new Writable({ write: (c: Buffer, _e, done) => (raw.push(...String(c).split('\n').filter(Boolean)), done()) })) });
    db.$client.close(); // every page now fails on its first query
    const res = await request(failing).get('/login').set('X-Request-Id', 'broken-1');
    expect(res.status).toBe(500);
    const [error, done] = lines().filter((l) => l.reqId === 'broken-1');
    expect(error).toMatchObject({ level: 'error', msg: 'unexpected error', err: { type: 'TypeError' } });
    expect((error!.err as { stack: string }).stack).toContain('at ');
    expect(done).toMatchObject({ level: 'error', res: { statusCode: 500 } });
    expect(done!.err).toBeUndefined();
  });
});

describe('loggableUrl', () => {
  it('keeps paths and harmless query values, and replaces tokens and other values', () => {
    expect(loggableUrl('/systems/42/protection')).toBe('/systems/42/protection');
    expect(loggableUrl('/systems?level=3&status=in_operation&page=2&q=s%E1%BB%9F%20y%20t%E1%BA%BF')).toBe('/systems?level=3&status=in_operation&page=2&q=[redacted]');
    expect(loggableUrl('/login?next=%2Fsystems%2F4')).toBe('/login?next=[redacted]');
    expect(loggableUrl('/CALENDAR/Feed/abc.ics')).toBe('/CALENDAR/Feed/[redacted]');
    expect(loggableUrl('/calendar/feed/x')).toBe('/calendar/feed/[redacted]');
    expect(loggableUrl(`/anything/${'A1b2_-'.repeat(6)}`)).toBe('/anything/[redacted]');
    expect(loggableUrl(`/anything/${'A1b2_-'.repeat(6)}.pdf`)).toBe('/anything/[redacted].pdf');
    expect(loggableUrl('/gaps?')).toBe('/gaps');
  });
});
