// The daily digest through a real SMTP server: per user, in their language, for exactly what they may
// see, from the one due list adapter; sent only when something changed or something is overdue; the
// certificate-expiry notices of the same daily job; and the scheduler's time of day.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { annualReports } from '../../src/db/schema/compliance.js';
import { mailOutbox, mailPreferences } from '../../src/db/schema/mail.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates, operatorAssignments, operators } from '../../src/db/schema/people.js';
import { engagements, layer2Monitoring } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { formatDate } from '../../src/i18n/format.js';
import { actorFor } from '../../src/modules/access/index.js';
import { describeItem } from '../../src/modules/calendar/calendar.service.js';
import { engineConfig } from '../helpers/evaluation.js';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { dueItemsFor, runDailyJob, startMailScheduler } from '../../src/modules/reminders/index.js';
import { mailSettings } from '../../src/modules/mail/mail-render.js';
import { deliverPending } from '../../src/modules/mail/mail-sender.js';
import { login, makeApp, makeDemoApp, testConfig, type App, type Fixture } from '../helpers/app.js';
import { startSmtp, type Smtp } from '../helpers/smtp.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { DEMO_TODAY } from '../../seeds/demo-protection.js';

const FROM = 'Capdo Bình Sơn <capdo@binhson.gov.vn>';
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const userNamed = (db: Db, username: string) => db.select().from(users).where(eq(users.username, username)).get()!;

describe('the digest of the demo owner', () => {
  let smtp: Smtp;
  let db: Db;
  let app: App;

  beforeAll(async () => {
    smtp = await startSmtp();
    const env = { SMTP_URL: smtp.url, MAIL_FROM: FROM, APP_URL: 'https://capdo.binhson.gov.vn' };
    ({ db, app } = await makeDemoApp({ env }));
    const report = runDailyJob(db, engineConfig(), { today: DEMO_TODAY });
    expect(report.digests).toBeGreaterThan(0);
    expect(report.withoutEmail).toBe(0);
    await deliverPending(db, mailSettings(testConfig(env)));
    await smtp.settled();
  }, 60_000);

  afterAll(() => smtp.close());

  const mailTo = (username: string) => {
    const u = userNamed(db, username);
    const got = smtp.received.filter((m) => m.to.includes(u.email!));
    expect(got, username).toHaveLength(1);
    return got[0]!.mail;
  };

  it('lists exactly the items of the due list adapter, each with its date, what is due and a link', () => {
    const owner = userNamed(db, 'owner');
    const items = dueItemsFor(db, actorFor(db, owner), engineConfig(), DEMO_TODAY, addDays(DEMO_TODAY, 30));
    expect(items.length).toBeGreaterThan(5);
    const mail = mailTo('owner');
    const lines = mail.text!.split('\n').filter((l) => l.startsWith('* '));
    expect(lines).toHaveLength(items.length);
    // the same items, in the same order (overdue first, then by date)
    expect(lines).toEqual(items.map((i) => expect.stringMatching(new RegExp(`^\\* ${formatDate(i.date).replace(/\//g, '\\/')} \\(.+\\) — ${escape(describeItem(i, 'vi'))}$`))));
    for (const i of items) {
      expect(mail.text).toContain(describeItem(i, 'vi'));
      // each line links where to act on it
      expect(mail.html).toContain(`href="https://capdo.binhson.gov.vn${i.url.replace(/&/g, '&amp;')}"`);
    }
    const overdue = items.filter((i) => i.overdue).length;
    expect(mail.subject).toBe(
      overdue
        ? `Nhắc việc ngày ${formatDate(DEMO_TODAY)}: ${overdue} việc quá hạn, ${items.length - overdue} việc đến hạn trong 30 ngày tới`
        : `Nhắc việc ngày ${formatDate(DEMO_TODAY)}: ${items.length} việc đến hạn trong 30 ngày tới`,
    );
    expect(mail.from?.value[0]).toEqual({ name: 'Capdo Bình Sơn — Ủy ban nhân dân tỉnh Bình Sơn', address: 'capdo@binhson.gov.vn' });
  });

  it('shows the admin the demo’s outbox: the digests just sent, the delivered finding notice, the refused dossier notice', async () => {
    const admin = await login(app, 'admin', DEMO_PASSWORD);
    const page = await admin.get('/outbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nhắc việc ngày 24/11/2026');
    expect(page.text).toContain('Tồn tại mức nghiêm trọng trên hệ thống');
    const failed = await admin.get('/outbox?status=failed');
    expect(failed.text).toContain('Recipient address rejected');
    expect(failed.text).toContain('Không gửi được sau 1 lần');
    // the ministry's admin reads mail in English
    const bo = smtp.received.find((m) => m.to.includes(userNamed(db, 'admin.bo').email!))!.mail;
    expect(bo.subject).toMatch(/^Reminders for 24\/11\/2026: /);
  });

  it('gives each user their own scope: the auditor’s lists only the systems its company is engaged on', () => {
    const auditor = userNamed(db, 'auditor');
    const items = dueItemsFor(db, actorFor(db, auditor), engineConfig(), DEMO_TODAY, addDays(DEMO_TODAY, 30));
    const engaged = new Set(db.select().from(engagements).all().filter((e) => e.revokedAt === null && e.assessorId === auditor.organisationId).map((e) => e.systemId));
    expect(items.every((i) => i.systems.every((s) => engaged.has(s.id)))).toBe(true);
    const got = smtp.received.filter((m) => m.to.includes(auditor.email!));
    if (!items.length) expect(got).toEqual([]);
    else expect(got[0]!.mail.text!.split('\n').filter((l) => l.startsWith('* '))).toHaveLength(items.length);
    // the annual report is the state body's, not the assessment company's
    expect(items.some((i) => i.rule === 'REP-01')).toBe(false);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('when a digest is sent', () => {
  let db: Db;
  let fx: Fixture;
  const D = '2026-04-01';
  const EMAIL = { owner: 'chu.quan@syt.anhoa.gov.vn', admin: 'admin@anhoa.gov.vn', viewer: 'xem@anhoa.gov.vn', ownerA1: 'skhcn@anhoa.gov.vn' };

  beforeEach(async () => {
    ({ db, fx } = await makeApp());
    for (const [k, email] of Object.entries(EMAIL)) db.update(users).set({ email }).where(eq(users.id, fx.user[k as keyof typeof EMAIL])).run();
    // a system of Sở Y tế with no level yet: its one dated duty is the monitoring contract ending on D+20
    const id = db
      .insert(systems)
      .values({ code: 'SYT-CDS', nameVi: 'Cổng dữ liệu y tế', ownerId: fx.org.deptA2, operatorId: fx.org.deptA2, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2025-01-01' })
      .returning()
      .get().id;
    db.insert(layer2Monitoring).values({ systemId: id, mode: 'provider', providerId: fx.org.provider, contractNumber: '08/2025/HĐ-GS', startDate: '2025-04-21', endDate: addDays(D, 20) }).run();
    // the 2025 annual reports are in (else REP-01's would be overdue in every digest)
    const owners = [...new Set(db.select().from(systems).all().map((s) => s.ownerId))];
    db.insert(annualReports).values(owners.map((organisationId) => ({ organisationId, year: 2025, internalDate: '2025-12-18', authorityDate: '2025-12-22' }))).run();
  });

  const digests = () => db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'digest')).orderBy(mailOutbox.id).all();
  const queuedOn = (day: string) => digests().filter((r) => r.dedupeKey?.endsWith(`:${day}`)).map((r) => r.toAddress).sort();

  it('to each user who can see something due, once a day; not again while nothing changed; again when an item moves closer; every day while something is overdue', () => {
    const first = runDailyJob(db, engineConfig(), { today: D });
    // Sở Y tế's owner and the province's admin and viewer see the system; Sở KH&CN's user does not; the others have no address
    expect(queuedOn(D)).toEqual([EMAIL.admin, EMAIL.owner, EMAIL.viewer].sort());
    expect(first).toMatchObject({ digests: 3, unchanged: 1, withoutEmail: 2 });
    expect(digests()[0]!.subject).toBe('Nhắc việc ngày 01/04/2026: 1 việc đến hạn trong 30 ngày tới');

    // the same day again (a restart, cron and the scheduler both): nothing more
    expect(runDailyJob(db, engineConfig(), { today: D }).digests).toBe(0);
    // the next days: the same list
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 1) }).digests).toBe(0);
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 12) }).digests).toBe(0);
    // 7 days before: the item moves from "within 30 days" to "within 7 days"
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 13) }).digests).toBe(3);
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 14) }).digests).toBe(0);
    // ended, no new contract: overdue, so every day
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 21) }).digests).toBe(3);
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 22) }).digests).toBe(3);
    expect(digests().filter((r) => r.dedupeKey?.endsWith(addDays(D, 22)))[0]!.subject).toBe('Nhắc việc ngày 23/04/2026: 1 việc quá hạn, 0 việc đến hạn trong 30 ngày tới');
  });

  it('replaces a digest still waiting to be sent by the newer one', () => {
    runDailyJob(db, engineConfig(), { today: D });
    runDailyJob(db, engineConfig(), { today: addDays(D, 13) });
    const owner = digests().filter((r) => r.toAddress === EMAIL.owner);
    expect(owner.map((r) => [r.status, r.lastError])).toEqual([['cancelled', 'mail.cancel.superseded'], ['pending', null]]);
  });

  it('respects the choices: digest off, and the language', () => {
    db.insert(mailPreferences).values([{ userId: fx.user.viewer, digest: false }, { userId: fx.user.admin, locale: 'en' }]).run();
    runDailyJob(db, engineConfig(), { today: D });
    expect(queuedOn(D)).toEqual([EMAIL.admin, EMAIL.owner].sort());
    const admin = digests().find((r) => r.toAddress === EMAIL.admin)!;
    expect(admin.subject).toBe('Reminders for 01/04/2026: 1 due in the next 30 days');
    expect(admin.locale).toBe('en');
  });

  it('sends the certificate-expiry notices of people running a level 3–5 system, once per certificate and expiry date', () => {
    const sys = db.select().from(systems).get()!;
    db.insert(levelDecisions).values({ systemId: sys.id, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved', approvalDate: '2026-03-01', approvalNumber: '2/QĐ' }).run();
    reconcileLevelsInForce(db); // written behind the app's back: the level column catches up (the server does it every minute)
    db.update(systems).set({ securityUnitId: fx.org.deptA1 }).where(eq(systems.id, sys.id)).run();
    const op = db.insert(operators).values({ fullName: 'Đỗ Thị Hằng', organisationId: fx.org.deptA2 }).returning().get().id;
    db.insert(operatorAssignments).values({ operatorId: op, systemId: sys.id, role: 'administrator', fromDate: '2025-06-01' }).run();
    const cert = { operatorId: op, name: 'Chứng nhận chuyên sâu ATTT', issuer: 'Cục An toàn thông tin', issueDate: '2023-05-01' };
    db.insert(certificates).values([
      { ...cert, kind: 'national_in_depth', number: 'CS-7', expiryDate: addDays(D, 25) },
      { ...cert, kind: 'national_in_depth', number: 'CS-8', expiryDate: addDays(D, 45) }, // not yet
      { ...cert, kind: 'international', name: 'CISSP', number: 'CISSP-1', expiryDate: addDays(D, 10) }, // does not count for HR-01
    ]).run();
    expect(runDailyJob(db, engineConfig(), { today: D }).certificateNotices).toBe(2);
    const notices = db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'certificate')).all();
    // the owner's users (Sở Y tế) and the security unit's (Sở KH&CN)
    expect(notices.map((r) => r.toAddress).sort()).toEqual([EMAIL.owner, EMAIL.ownerA1].sort());
    expect(notices[0]!.subject).toBe(`Chứng nhận của Đỗ Thị Hằng hết hạn ngày ${formatDate(addDays(D, 25))}`);
    expect(runDailyJob(db, engineConfig(), { today: addDays(D, 1) }).certificateNotices).toBe(0);
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'certificate')).all()).toHaveLength(2);
  });
});

describe('the in-process scheduler', () => {
  it('runs the daily job at DIGEST_TIME in Vietnam time, and not at all with DIGEST_TIME=off', async () => {
    const { db } = await makeApp();
    const at = startMailScheduler(db, testConfig({ DIGEST_TIME: '07:30' }), { info: () => {}, error: () => {} }, { catchUp: false });
    const next = at.nextDigest()!;
    // 07:30 in Asia/Ho_Chi_Minh is 00:30 UTC
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([0, 30]);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    at.stop();
    const off = startMailScheduler(db, testConfig({ DIGEST_TIME: 'off' }), { info: () => {}, error: () => {} }, { catchUp: false });
    expect(off.nextDigest()).toBeNull();
    off.stop();
  });
});
