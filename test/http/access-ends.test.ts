// Access that ends with its reason: a password reset ends the user's sessions, calendar feed and the API
// tokens they created; a deactivation ends the same; changing one's own password signs out the other
// sessions; an engagement whose contract has ended gives its auditors nothing.
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { calendarTokens } from '../../src/db/schema/assessments.js';
import { apiTokens } from '../../src/db/schema/compliance.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { sessions, users } from '../../src/db/schema/users.js';
import { addDays } from '../../src/domain/dates.js';
import { todayIso } from '../../src/i18n/format.js';
import { hashPassword } from '../../src/modules/users/password.js';
import { auditEntries, login, makeApp, PASSWORD, type App, type Fixture, type Session } from '../helpers/app.js';

let app: App;
let db: Db;
let fx: Fixture;
let deputyId: number;

beforeEach(async () => {
  ({ app, db, fx } = await makeApp());
  // an admin of a department, below the province's admin, who makes a feed and an API token
  deputyId = db.insert(users).values({ username: 'admin.syt', fullName: 'Quản trị Sở Y tế', role: 'admin', organisationId: fx.org.deptA2, passwordHash: await hashPassword(PASSWORD) }).returning().get().id;
});

const sessionsOf = (id: number) => db.select().from(sessions).where(eq(sessions.userId, id)).all().length;
const bearer = (token: string) => request(app).get('/api/v1/systems').set('Authorization', `Bearer ${token}`);

/** The deputy's feed address and API token, made through the real forms. */
async function credentials(s: Session): Promise<{ feed: string; token: string }> {
  const feedPage = await s.post('/calendar/token');
  expect(feedPage.status).toBe(201);
  const feed = /(\/calendar\/feed\/[A-Za-z0-9_-]{43}\.ics)/.exec(feedPage.text)![1]!;
  const tokenPage = await s.post('/api-tokens', { name: 'Kho dữ liệu Sở Y tế', organisationId: String(fx.org.deptA2) });
  expect(tokenPage.status).toBe(201);
  const token = /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec(tokenPage.text)![1]!;
  expect((await request(app).get(feed)).status).toBe(200);
  expect((await bearer(token)).status).toBe(200);
  return { feed, token };
}

describe('a password reset', () => {
  it('ends the sessions, the calendar feed and the API tokens the user created, audited in the same write', async () => {
    const deputy = await login(app, 'admin.syt');
    const { feed, token } = await credentials(deputy);
    // a token another admin made for the same organisation is not the deputy's: it stays
    const admin = await login(app, 'admin');
    const other = /id="api-token" type="text" value="([A-Za-z0-9_-]{43})"/.exec((await admin.post('/api-tokens', { name: 'Cổng tỉnh', organisationId: String(fx.org.deptA2) })).text)![1]!;

    const before = auditEntries(db).length;
    expect((await admin.post(`/users/${deputyId}/reset-password`, { confirm: '1' })).status).toBe(200);

    expect(sessionsOf(deputyId)).toBe(0);
    expect((await request(app).get(feed)).status).toBe(404);
    expect((await bearer(token)).status).toBe(401);
    expect((await bearer(other)).status).toBe(200);
    expect(db.select().from(calendarTokens).where(eq(calendarTokens.userId, deputyId)).all()).toHaveLength(0);
    const entries = auditEntries(db).slice(before).filter((e) => e.action !== 'login');
    expect(entries.map((e) => [e.action, e.entityType, e.actorId])).toEqual([
      ['delete', 'calendar_token', fx.user.admin],
      ['revoke', 'api_token', fx.user.admin],
      ['password_reset', 'user', fx.user.admin],
    ]);
  });
});

describe('a deactivation', () => {
  it('ends the API tokens the user created and the calendar feed, not only the sessions', async () => {
    const deputy = await login(app, 'admin.syt');
    const { feed, token } = await credentials(deputy);
    const admin = await login(app, 'admin');
    expect((await admin.post(`/users/${deputyId}/deactivate`, { confirm: '1' })).status).toBe(303);
    expect((await bearer(token)).status).toBe(401);
    expect(db.select().from(apiTokens).where(eq(apiTokens.createdBy, deputyId)).get()!.revokedAt).not.toBeNull();
    // reactivating gives the password back, not the old feed address nor the token
    expect((await admin.post(`/users/${deputyId}/activate`, { confirm: '1' })).status).toBe(303);
    expect((await request(app).get(feed)).status).toBe(404);
    expect((await bearer(token)).status).toBe(401);
  });
});

describe('changing one’s own password', () => {
  it('signs out every other session of the user, keeps this one and other users’', async () => {
    const laptop = await login(app, 'owner');
    const phone = await login(app, 'owner');
    const admin = await login(app, 'admin');
    expect(sessionsOf(fx.user.owner)).toBe(2);
    const res = await laptop.post('/account/password', { current: PASSWORD, password: 'mat-khau-moi-rat-dai-2026', confirm: 'mat-khau-moi-rat-dai-2026' });
    expect(res.status).toBe(303);
    expect(sessionsOf(fx.user.owner)).toBe(1);
    expect((await laptop.get('/systems')).status).toBe(200);
    const gone = await phone.get('/systems');
    expect(gone.status).toBe(303);
    expect(gone.headers.location).toMatch(/^\/login/);
    expect((await admin.get('/systems')).status).toBe(200);
    expect(auditEntries(db).at(-1)).toMatchObject({ action: 'password_change', actorId: fx.user.owner, changes: { otherSessionsEnded: [null, 1] } });
  });

  it('tells the user before they change it', async () => {
    const owner = await login(app, 'owner');
    expect((await owner.get('/account/password')).text).toContain('mọi phiên đăng nhập khác của bạn');
  });
});

describe('an engagement whose contract has ended', () => {
  it('gives the auditor no access after its end date, and access up to that day', async () => {
    const row = { code: 'A-HD', nameVi: 'Hệ thống hợp đồng đã hết', ownerId: fx.org.deptA2, operatorId: fx.org.deptA2, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-01' } as const;
    const systemId = db.insert(systems).values(row).returning().get().id;
    const today = todayIso();
    const engagementId = db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider, contractNumber: 'HĐ-01', startDate: '2025-01-01', endDate: today }).returning().get().id;
    const auditor = await login(app, 'auditor');
    expect((await auditor.get(`/systems/${systemId}`)).status).toBe(200);

    db.update(engagements).set({ endDate: addDays(today, -1) }).where(eq(engagements.id, engagementId)).run();
    const next = await login(app, 'auditor');
    expect((await next.get(`/systems/${systemId}`)).status).toBe(404);
    expect((await next.get('/systems')).text).not.toContain('Hệ thống hợp đồng đã hết');
    const write = await next.agent.post(`/systems/${systemId}/assessments`).field('_csrf', next.csrf).field('kind', 'periodic');
    expect(write.status).toBe(404);
  });
});
