// Mail through a real SMTP server in this process: event notices written in the event's transaction,
// delivered with retries and backoff, well-formed (UTF-8 Vietnamese, text + HTML, Message-ID, one-click
// unsubscribe), each user's choices, and the admins' outbox.
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { assessments, findings } from '../../src/db/schema/assessments.js';
import { mailOutbox, mailPreferences } from '../../src/db/schema/mail.js';
import { levelDecisions } from '../../src/db/schema/level-decisions.js';
import { certificates, operatorAssignments, operators } from '../../src/db/schema/people.js';
import { engagements } from '../../src/db/schema/protection.js';
import { systems } from '../../src/db/schema/systems.js';
import { users } from '../../src/db/schema/users.js';
import { todayIso } from '../../src/i18n/format.js';
import { mailSettings, type MailSettings } from '../../src/modules/mail/mail-render.js';
import { deliverPending, retryDelayMs } from '../../src/modules/mail/mail-sender.js';
import { unsubscribeToken } from '../../src/modules/mail/preferences.service.js';
import { reconcileLevelsInForce } from '../../src/modules/levels/levels.service.js';
import { auditEntries, csrfFrom, login, makeApp, testConfig, type App, type Fixture } from '../helpers/app.js';
import { closedPort, startSmtp, type Smtp } from '../helpers/smtp.js';

const FROM = 'Capdo <capdo@anhoa.gov.vn>';
const APP_URL = 'https://capdo.anhoa.gov.vn';
const TODAY = todayIso();
const daysFromToday = (n: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

let smtp: Smtp;
let app: App;
let db: Db;
let fx: Fixture;
let settings: MailSettings;
let systemId: number;
let assessmentId: number;

const EMAIL: Record<keyof Fixture['user'], string> = {
  admin: 'admin@anhoa.gov.vn', owner: 'chu.quan@syt.anhoa.gov.vn', ownerA1: 'chuyen.trach@skhcn.anhoa.gov.vn', viewer: 'xem@anhoa.gov.vn',
  auditor: 'danh.gia@kiemdinh.vn', adminB: 'admin@baclam.gov.vn',
};

async function setup(env: Record<string, string>) {
  ({ app, db, fx } = await makeApp({ env: { APP_URL, ...env } }));
  settings = mailSettings(testConfig({ APP_URL, ...env }));
  for (const [k, email] of Object.entries(EMAIL)) db.update(users).set({ email }).where(eq(users.id, fx.user[k as keyof Fixture['user']])).run();
  // Sở Y tế owns the hospital system, Bệnh viện runs it, Sở KH&CN is its security unit; the provider is engaged to assess it
  systemId = db
    .insert(systems)
    .values({
      code: 'BV-HIS', nameVi: 'Phần mềm quản lý bệnh viện đa khoa', nameEn: 'Hospital information system', ownerId: fx.org.deptA2,
      operatorId: fx.org.unitA21, securityUnitId: fx.org.deptA1, systemType: 'internal', lifecycleStatus: 'in_operation', goLiveDate: '2024-01-15',
    })
    .returning()
    .get().id;
  db.insert(engagements).values({ systemId, assessorKind: 'provider', assessorId: fx.org.provider, contractNumber: '12/2026/HĐ-KĐ', startDate: '2026-01-01' }).run();
  assessmentId = db.insert(assessments).values({ systemId, assessorId: fx.org.provider, kind: 'periodic', performedDate: daysFromToday(-2), result: 'passed_with_findings' }).returning().get().id;
}

/** A message's header lines, unfolded (RFC 5322 §2.2.3: a line break before white space is not part of the value). */
const unfold = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n(?=[ \t])/g, '').replace(/\r\n/g, '\n');

const outbox = () => db.select().from(mailOutbox).orderBy(mailOutbox.id).all();
const finding = (severity: string, title = 'Máy chủ cơ sở dữ liệu chưa vá lỗ hổng nghiêm trọng') => ({
  title, severity, dueDate: daysFromToday(30), status: 'open', remediationPlan: 'Cập nhật bản vá, rà soát cấu hình tường lửa',
});
const recordFinding = async (severity: string, as = 'auditor') => (await login(app, as)).post(`/systems/${systemId}/assessments/${assessmentId}/findings`, finding(severity));

beforeEach(async () => {
  smtp = await startSmtp();
});

afterEach(async () => {
  await smtp.close();
});

describe('a finding recorded through the form', () => {
  beforeEach(() => setup({ SMTP_URL: smtp.url, MAIL_FROM: FROM }));

  it('writes exactly one notice per user of the owner and the security unit, in the same transaction, and delivers it once', async () => {
    expect((await recordFinding('critical')).status).toBe(303);
    const rows = outbox();
    // the owner's user (Sở Y tế) and the security unit's (Sở KH&CN): not the province admin, the viewer, the auditor who wrote it, nor province B
    expect(rows.map((r) => r.toAddress).sort()).toEqual([EMAIL.owner, EMAIL.ownerA1].sort());
    expect(rows.every((r) => r.kind === 'finding' && r.status === 'pending')).toBe(true);
    // the row was written with the finding and its audit entry
    const f = db.select().from(findings).get()!;
    expect(auditEntries(db).some((a) => a.entityType === 'finding' && a.entityId === f.id)).toBe(true);

    const report = await deliverPending(db, settings);
    expect(report).toMatchObject({ configured: true, sent: 2, retrying: 0, failed: 0 });
    await smtp.settled();
    expect(smtp.received.map((m) => m.to).flat().sort()).toEqual([EMAIL.owner, EMAIL.ownerA1].sort());
    for (const r of outbox()) {
      expect(r.status).toBe('sent');
      expect(r.serverResponse).toMatch(/^250 /);
      expect(r.attempts).toBe(1);
    }
    // a second run sends nothing more
    expect((await deliverPending(db, settings)).sent).toBe(0);
    await smtp.settled();
    expect(smtp.received).toHaveLength(2);
  });

  it('is a well-formed Vietnamese mail: exact UTF-8 subject, text and HTML parts, Message-ID, one-click unsubscribe, the organisation in the sender, no image', async () => {
    await recordFinding('critical');
    await deliverPending(db, settings);
    await smtp.settled();
    const row = outbox().find((r) => r.toAddress === EMAIL.owner)!;
    const got = smtp.received.find((m) => m.to.includes(EMAIL.owner))!;
    const m = got.mail;
    expect(row.subject).toBe('Tồn tại mức nghiêm trọng trên hệ thống “Phần mềm quản lý bệnh viện đa khoa”');
    expect(m.subject).toBe(row.subject);
    expect(got.raw).toMatch(/^Subject: =\?UTF-8\?/m); // encoded, not raw 8-bit
    expect(m.messageId).toBe(`<${row.messageId}@anhoa.gov.vn>`);
    expect(m.from?.value[0]).toEqual({ name: 'Capdo — Ủy ban nhân dân tỉnh An Hòa', address: 'capdo@anhoa.gov.vn' });
    expect(m.to && !Array.isArray(m.to) ? m.to.value[0] : null).toEqual({ name: 'Người dùng owner', address: EMAIL.owner });
    expect(m.text).toContain('Kính gửi Người dùng owner,');
    expect(m.text).toContain('vừa ghi nhận một tồn tại mức nghiêm trọng');
    expect(m.text).toContain('Máy chủ cơ sở dữ liệu chưa vá lỗ hổng nghiêm trọng');
    expect(m.text).toContain(`${APP_URL}/systems/${systemId}/assessments/${assessmentId}`);
    expect(m.html).toContain('Phần mềm quản lý bệnh viện đa khoa');
    expect(m.html).toContain(`href="${APP_URL}/systems/${systemId}/assessments/${assessmentId}"`);
    expect(m.html).not.toMatch(/<img|<script|url\(/i);
    expect(m.attachments).toHaveLength(0);
    expect(got.raw).toMatch(/Content-Type: text\/plain; charset=utf-8/i);
    expect(got.raw).toMatch(/Content-Type: text\/html; charset=utf-8/i);
    const unsubscribe = `${APP_URL}/unsubscribe/${unsubscribeToken(settings.secret, fx.user.owner, 'finding')}`;
    const headers = unfold(got.raw);
    expect(headers).toContain(`List-Unsubscribe: <${unsubscribe}>`);
    expect(headers).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(headers).toContain('Auto-Submitted: auto-generated');
  });

  it('writes in the language each recipient chose', async () => {
    db.insert(mailPreferences).values({ userId: fx.user.ownerA1, locale: 'en' }).run();
    await recordFinding('high');
    await deliverPending(db, settings);
    await smtp.settled();
    const en = smtp.received.find((m) => m.to.includes(EMAIL.ownerA1))!.mail;
    expect(en.subject).toBe('New high finding on “Hospital information system”');
    expect(en.text).toContain('Dear Người dùng owner1,');
    const vi = smtp.received.find((m) => m.to.includes(EMAIL.owner))!.mail;
    expect(vi.subject).toBe('Tồn tại mức cao trên hệ thống “Phần mềm quản lý bệnh viện đa khoa”');
  });

  it('sends nothing for a medium finding, and one notice when it is raised to high — not again when raised further', async () => {
    const auditor = await login(app, 'auditor');
    await auditor.post(`/systems/${systemId}/assessments/${assessmentId}/findings`, finding('medium'));
    expect(outbox()).toEqual([]);
    const f = db.select().from(findings).get()!;
    const edit = (severity: string) => auditor.post(`/systems/${systemId}/assessments/${assessmentId}/findings/${f.id}/edit`, finding(severity));
    expect((await edit('high')).status).toBe(303);
    expect(outbox()).toHaveLength(2);
    expect((await edit('critical')).status).toBe(303);
    expect(outbox()).toHaveLength(2);
  });

  it('sends nothing for a critical finding recorded as already fixed (history being entered)', async () => {
    const res = await (await login(app, 'auditor')).post(`/systems/${systemId}/assessments/${assessmentId}/findings`, {
      ...finding('critical'), status: 'fixed', closedDate: daysFromToday(-1).split('-').reverse().join('/'),
    });
    expect(res.status).toBe(303);
    expect(outbox()).toEqual([]);
  });

  it('cancels, rather than sends, a message to an account deactivated after it was written', async () => {
    await recordFinding('critical');
    db.update(users).set({ active: false }).where(eq(users.id, fx.user.ownerA1)).run();
    expect(await deliverPending(db, settings)).toMatchObject({ sent: 1 });
    await smtp.settled();
    expect(smtp.received.map((m) => m.to).flat()).toEqual([EMAIL.owner]);
    expect(outbox().find((r) => r.toAddress === EMAIL.ownerA1)).toMatchObject({ status: 'cancelled', lastError: 'mail.cancel.inactive' });
  });

  it('leaves out the user who recorded it, users without an address, and users who turned findings off', async () => {
    db.update(users).set({ email: null }).where(eq(users.id, fx.user.ownerA1)).run();
    await recordFinding('critical', 'owner');
    expect(outbox()).toEqual([]);
    db.update(users).set({ email: EMAIL.ownerA1 }).where(eq(users.id, fx.user.ownerA1)).run();
    db.insert(mailPreferences).values({ userId: fx.user.ownerA1, finding: false }).run();
    await recordFinding('critical', 'admin');
    expect(outbox().map((r) => r.toAddress)).toEqual([EMAIL.owner]);
  });

  it('writes nothing when the finding is refused (422): the notice shares its transaction', async () => {
    const auditor = await login(app, 'auditor');
    const res = await auditor.post(`/systems/${systemId}/assessments/${assessmentId}/findings`, { ...finding('critical'), dueDate: '31/02/2026' });
    expect(res.status).toBe(422);
    expect(db.select().from(findings).all()).toEqual([]);
    expect(outbox()).toEqual([]);
  });
});

describe('the one-click unsubscribe link', () => {
  beforeEach(() => setup({ SMTP_URL: smtp.url, MAIL_FROM: FROM }));

  async function linkFromMail(): Promise<string> {
    await recordFinding('critical');
    await deliverPending(db, settings);
    await smtp.settled();
    const raw = smtp.received.find((m) => m.to.includes(EMAIL.owner))!.raw;
    return /List-Unsubscribe: <([^>]+)>/.exec(unfold(raw))![1]!.replace(APP_URL, '');
  }
  const prefsOf = (userId: number) => db.select().from(mailPreferences).where(eq(mailPreferences.userId, userId)).get();

  it('turns only that preference off, without a session, by the RFC 8058 POST (GET changes nothing)', async () => {
    const path = await linkFromMail();
    const page = await request(app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ngừng gửi thông báo về tồn tại mức nghiêm trọng và cao tới địa chỉ ch•••@syt.anhoa.gov.vn?');
    expect(prefsOf(fx.user.owner)).toBeUndefined();

    const before = auditEntries(db).length;
    const res = await request(app).post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Đã ngừng gửi');
    expect(prefsOf(fx.user.owner)).toMatchObject({ finding: false, digest: true, dossier: true, certificate: true, engagement: true });
    // the other user's choices are untouched
    expect(prefsOf(fx.user.ownerA1)).toBeUndefined();
    const entries = auditEntries(db).slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'unsubscribe', entityType: 'mail_preferences', entityId: fx.user.owner, actorId: fx.user.owner, changes: { finding: [true, false] } });

    // again (RFC 8058 allows a multipart body too): nothing changes, nothing is audited
    expect((await request(app).post(path).field('List-Unsubscribe', 'One-Click')).status).toBe(200);
    expect(auditEntries(db)).toHaveLength(before + 1);

    // the next critical finding reaches only the other user
    db.delete(mailOutbox).run();
    await recordFinding('critical');
    expect(outbox().map((r) => r.toAddress)).toEqual([EMAIL.ownerA1]);
  });

  it('answers 404 to a forged, altered or deactivated user’s link, and changes nothing', async () => {
    const good = unsubscribeToken(settings.secret, fx.user.owner, 'digest');
    const forged = unsubscribeToken('another-secret-another-secret-another!', fx.user.owner, 'digest');
    const otherUser = good.replace(`${fx.user.owner}.`, `${fx.user.ownerA1}.`);
    const otherKind = good.replace('.digest.', '.finding.');
    for (const token of [forged, otherUser, otherKind, 'abc', `${fx.user.owner}.nosuchkind.${'a'.repeat(43)}`]) {
      expect((await request(app).get(`/unsubscribe/${token}`)).status, token).toBe(404);
      expect((await request(app).post(`/unsubscribe/${token}`).type('form').send('List-Unsubscribe=One-Click')).status, token).toBe(404);
    }
    db.update(users).set({ active: false }).where(eq(users.id, fx.user.owner)).run();
    expect((await request(app).post(`/unsubscribe/${good}`)).status).toBe(404);
    expect(db.select().from(mailPreferences).all()).toEqual([]);
  });
});

describe('the sender when the mail server is down', () => {
  it('leaves the rows pending with the error and a growing wait; a later run delivers each exactly once', async () => {
    const port = await closedPort();
    await setup({ SMTP_URL: `smtp://u:p@127.0.0.1:${port}`, MAIL_FROM: FROM });
    await recordFinding('critical');
    const t0 = new Date();
    const first = await deliverPending(db, settings, { now: t0 });
    expect(first).toMatchObject({ sent: 0, retrying: 2, failed: 0 });
    for (const r of outbox()) {
      expect(r.status).toBe('pending');
      expect(r.attempts).toBe(1);
      expect(r.lastError).toMatch(/ECONNREFUSED/);
      expect(Date.parse(r.nextAttemptAt)).toBe(t0.getTime() + retryDelayMs(1));
    }
    // not due yet: nothing is tried
    expect(await deliverPending(db, settings, { now: new Date(t0.getTime() + 30_000) })).toMatchObject({ sent: 0, retrying: 0 });
    const t1 = new Date(t0.getTime() + retryDelayMs(1));
    expect(await deliverPending(db, settings, { now: t1 })).toMatchObject({ retrying: 2 });
    expect(outbox().map((r) => Date.parse(r.nextAttemptAt))).toEqual([t1.getTime() + retryDelayMs(2), t1.getTime() + retryDelayMs(2)]);
    expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));

    // the server is back, on the configured port
    await smtp.close();
    smtp = await startSmtp({}, port);
    const up = { ...settings, smtpUrl: `${smtp.url.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`)}` };
    const later = new Date(t1.getTime() + retryDelayMs(2));
    expect(await deliverPending(db, up, { now: later })).toMatchObject({ sent: 2, retrying: 0, failed: 0 });
    expect(await deliverPending(db, up, { now: new Date(later.getTime() + 3_600_000) })).toMatchObject({ sent: 0 });
    await smtp.settled();
    const ids = smtp.received.map((m) => m.mail.messageId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids)).toEqual(new Set(outbox().map((r) => `<${r.messageId}@anhoa.gov.vn>`)));
    expect(outbox().every((r) => r.status === 'sent' && r.attempts === 3)).toBe(true);
  });

  it('gives up after MAIL_MAX_ATTEMPTS, and at once on a permanent refusal (5xx), with the error for the admins', async () => {
    const port = await closedPort();
    await setup({ SMTP_URL: `smtp://u:p@127.0.0.1:${port}`, MAIL_FROM: FROM, MAIL_MAX_ATTEMPTS: '2' });
    await recordFinding('critical');
    let now = new Date();
    await deliverPending(db, settings, { now });
    now = new Date(now.getTime() + retryDelayMs(1));
    expect(await deliverPending(db, settings, { now })).toMatchObject({ failed: 2 });
    expect(outbox().map((r) => [r.status, r.attempts])).toEqual([['failed', 2], ['failed', 2]]);

    const admin = await login(app, 'admin');
    const page = await admin.get('/outbox?status=failed');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Không gửi được sau 2 lần');
    expect(page.text).toContain('ECONNREFUSED');

    // a refusing server: 550 for one mailbox is final after one attempt
    const refusing = await startSmtp({ refuse: (a) => a === EMAIL.owner });
    const s2 = { ...settings, smtpUrl: refusing.url, maxAttempts: 8 };
    const row = outbox().find((r) => r.toAddress === EMAIL.owner)!;
    const retry = await admin.post(`/outbox/${row.id}/retry`);
    expect(retry.status).toBe(303);
    expect(db.select().from(mailOutbox).where(eq(mailOutbox.id, row.id)).get()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(auditEntries(db).at(-1)).toMatchObject({ action: 'retry', entityType: 'mail_outbox', entityId: row.id, actorId: fx.user.admin });
    expect(await deliverPending(db, s2)).toMatchObject({ failed: 1, sent: 0 });
    const after = db.select().from(mailOutbox).where(eq(mailOutbox.id, row.id)).get()!;
    expect(after).toMatchObject({ status: 'failed', attempts: 1 });
    expect(after.lastError).toMatch(/550/);
    await refusing.close();
  });
});

describe('a mail server that refuses the credentials', () => {
  it('keeps the messages for a later attempt (a setup error, not the messages’ fault)', async () => {
    await setup({ SMTP_URL: smtp.url.replace(/:[^:@/]+@/, ':wrong-password@'), MAIL_FROM: FROM });
    await recordFinding('critical');
    expect(await deliverPending(db, settings)).toMatchObject({ sent: 0, retrying: 2, failed: 0 });
    expect(outbox().map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(outbox()[0]!.lastError).toMatch(/EAUTH|535/);
  });
});

describe('no mail server configured', () => {
  beforeEach(() => setup({}));

  it('keeps every message pending and untouched, and says why on the outbox page (never an error page)', async () => {
    await recordFinding('critical');
    expect(outbox()).toHaveLength(2);
    const report = await deliverPending(db, settings);
    expect(report).toEqual({ configured: false, sent: 0, retrying: 0, failed: 0, recovered: 0 });
    expect(outbox().every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
    const admin = await login(app, 'admin');
    const page = await admin.get('/outbox');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chưa gửi: chưa cấu hình máy chủ thư');
    expect(page.text).toContain('Chưa cấu hình máy chủ thư (SMTP_URL)');
    const detail = await admin.get(`/outbox/${outbox()[0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('Máy chủ cơ sở dữ liệu chưa vá lỗ hổng nghiêm trọng');
    // the admin sees the message, not the recipient's unsubscribe link
    expect(detail.text).not.toContain(unsubscribeToken(settings.secret, outbox()[0]!.userId!, 'finding'));
  });
});

describe('the other notices', () => {
  beforeEach(() => setup({ SMTP_URL: smtp.url, MAIL_FROM: FROM }));

  function submittedDecision(): number {
    return db
      .insert(levelDecisions)
      .values({ systemId, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3, dossierStatus: 'submitted', submittedDate: daysFromToday(-20), createdBy: fx.user.ownerA1 })
      .returning()
      .get().id;
  }

  it('a dossier approved: the owner’s and operator’s users and who drew it up', async () => {
    const id = submittedDecision();
    const res = await (await login(app, 'admin')).post(`/systems/${systemId}/decisions/${id}/steps/approve`, {
      approvalNumber: '125/QĐ-SYT', approvalDate: daysFromToday(-1), approvingBody: 'Sở Y tế tỉnh An Hòa',
    });
    expect(res.status).toBe(303);
    const rows = outbox();
    // owner org Sở Y tế (owner), operator Bệnh viện (no user), author owner1 (Sở KH&CN); not the admin who recorded it
    expect(rows.map((r) => r.toAddress).sort()).toEqual([EMAIL.owner, EMAIL.ownerA1].sort());
    expect(rows[0]!.subject).toBe('Hồ sơ đề xuất cấp độ 3 của hệ thống “Phần mềm quản lý bệnh viện đa khoa” đã được phê duyệt');
    await deliverPending(db, settings);
    await smtp.settled();
    expect(smtp.received[0]!.mail.text).toContain('125/QĐ-SYT');
    expect(smtp.received[0]!.mail.text).toContain('chưa có quy chế bảo đảm an toàn, an ninh mạng');
  });

  it('a dossier rejected, with its reason; submitting one sends nothing', async () => {
    const id = submittedDecision();
    const admin = await login(app, 'admin');
    const res = await admin.post(`/systems/${systemId}/decisions/${id}/steps/reject`, { rejectionReason: 'Thiếu phương án bảo đảm an toàn', confirm: '1' });
    expect(res.status).toBe(303);
    expect(outbox().map((r) => r.subject)).toContain('Hồ sơ đề xuất cấp độ 3 của hệ thống “Phần mềm quản lý bệnh viện đa khoa” bị trả lại');
    const draft = db.insert(levelDecisions).values({ systemId, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3 }).returning().get().id;
    const n = outbox().length;
    expect((await admin.post(`/systems/${systemId}/decisions/${draft}/steps/submit`, { submittedDate: TODAY })).status).toBe(303);
    expect(outbox()).toHaveLength(n);
  });

  it('an engagement gives the company’s auditors access, and revoking it takes it back: one notice each', async () => {
    const owner = await login(app, 'owner');
    db.delete(engagements).run();
    const res = await owner.post(`/systems/${systemId}/protection/layer3`, {
      assessorKind: 'provider', assessorId: String(fx.org.provider), contractNumber: '15/2026/HĐ-KĐ', startDate: '01/06/2026', endDate: '31/12/2026', acknowledge: '1',
    });
    expect(res.status).toBe(303);
    expect(outbox().map((r) => [r.toAddress, r.kind, r.subject])).toEqual([[EMAIL.auditor, 'engagement', 'Được giao kiểm tra, đánh giá hệ thống “Phần mềm quản lý bệnh viện đa khoa”']]);
    const e = db.select().from(engagements).get()!;
    expect((await owner.post(`/systems/${systemId}/protection/layer3/${e.id}/revoke`, { confirm: '1' })).status).toBe(303);
    expect(outbox().map((r) => r.subject)).toEqual([
      'Được giao kiểm tra, đánh giá hệ thống “Phần mềm quản lý bệnh viện đa khoa”',
      'Kết thúc quyền truy cập hệ thống “Phần mềm quản lý bệnh viện đa khoa”',
    ]);
    await deliverPending(db, settings);
    await smtp.settled();
    const revoked = smtp.received.find((m) => m.mail.subject?.startsWith('Kết thúc'))!.mail;
    expect(revoked.text).toContain('không còn xem được hệ thống này');
    expect(revoked.html).not.toContain(`/systems/${systemId}"`);
  });

  it('a revoked in-depth certificate of a person running a level 3–5 system; not for a level 2 one', async () => {
    db.insert(levelDecisions).values({ systemId, regime: 'nd331', answers: {}, computedLevel: 3, proposedLevel: 3, dossierStatus: 'approved', approvalDate: '2025-05-05', approvalNumber: '1/QĐ' }).run();
    reconcileLevelsInForce(db); // a decision written behind the app's back: the level column catches up (the server does it every minute)
    const op = db.insert(operators).values({ fullName: 'Lê Văn Thành', organisationId: fx.org.unitA21 }).returning().get().id;
    db.insert(operatorAssignments).values({ operatorId: op, systemId, role: 'administrator', fromDate: '2025-01-01' }).run();
    const cert = db.insert(certificates).values({ operatorId: op, kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu ATTT', number: 'CS-0042', issuer: 'Cục An toàn thông tin', issueDate: '2024-03-01', expiryDate: '2027-03-01' }).returning().get().id;
    const form = { kind: 'national_in_depth', name: 'Chứng nhận chuyên sâu ATTT', number: 'CS-0042', issuer: 'Cục An toàn thông tin', issueDate: '01/03/2024', expiryDate: '01/03/2027' };
    const admin = await login(app, 'admin');
    expect((await admin.post(`/operators/${op}/certificates/${cert}`, { ...form, status: 'suspended', statusDate: TODAY, statusReason: 'Đang xác minh', confirm: '1' })).status).toBe(303);
    expect(outbox()).toEqual([]);
    expect((await admin.post(`/operators/${op}/certificates/${cert}`, { ...form, status: 'revoked', statusDate: TODAY, statusReason: 'Vi phạm quy chế', confirm: '1' })).status).toBe(303);
    expect(outbox().map((r) => r.toAddress).sort()).toEqual([EMAIL.owner, EMAIL.ownerA1].sort());
    expect(outbox()[0]!.subject).toBe('Chứng nhận của Lê Văn Thành bị thu hồi: 1 hệ thống cấp độ 3–5 bị ảnh hưởng');
  });
});

describe('each user’s choices', () => {
  beforeEach(() => setup({}));

  it('the account page turns kinds on and off and picks the language (audited); mail of a kind turned off is not sent', async () => {
    await recordFinding('critical');
    const owner = await login(app, 'owner');
    const page = await owner.get('/account/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain(EMAIL.owner);
    expect(page.text).toContain('name="finding" value="1" checked');
    const res = await owner.post('/account/notifications', { digest: '1', dossier: '1', certificate: '1', engagement: '1', locale: 'en' });
    expect(res.status).toBe(303);
    expect(db.select().from(mailPreferences).where(eq(mailPreferences.userId, fx.user.owner)).get()).toMatchObject({ finding: false, digest: true, locale: 'en' });
    expect(auditEntries(db).at(-1)).toMatchObject({ action: 'update', entityType: 'mail_preferences', entityId: fx.user.owner, changes: { finding: [true, false], locale: ['vi', 'en'] } });
    // the pending notice to that user is cancelled; the other stays
    expect(outbox().map((r) => [r.toAddress, r.status]).sort()).toEqual([[EMAIL.owner, 'cancelled'], [EMAIL.ownerA1, 'pending']].sort());
  });

  it('refuses a bad language with 422 and the user’s values; a missing CSRF token writes nothing', async () => {
    const owner = await login(app, 'owner');
    const bad = await owner.post('/account/notifications', { digest: '1', locale: 'fr' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('name="digest" value="1" checked');
    expect(bad.text).toContain('name="finding" value="1" >');
    const forged = await owner.agent.post('/account/notifications').type('form').send({ locale: 'en' });
    expect(forged.status).toBe(403);
    expect(db.select().from(mailPreferences).all()).toEqual([]);
  });

  it('shows a user without an e-mail address that nothing can reach them, and the admins who they are', async () => {
    db.update(users).set({ email: null }).where(eq(users.id, fx.user.viewer)).run();
    const viewer = await login(app, 'viewer');
    expect((await viewer.get('/account/notifications')).text).toContain('chưa có địa chỉ thư điện tử');
    const page = await (await login(app, 'admin')).get('/outbox');
    expect(page.text).toContain(`href="/users/${fx.user.viewer}"`);
  });
});

describe('the outbox page', () => {
  beforeEach(() => setup({}));

  it('is for admins only, shows only their subtree’s messages, and filters by status, kind, recipient and date', async () => {
    await recordFinding('critical');
    for (const who of ['owner', 'viewer', 'auditor']) expect((await (await login(app, who)).get('/outbox')).status, who).toBe(403);
    const other = await login(app, 'adminb');
    const otherPage = await other.get('/outbox');
    expect(otherPage.status).toBe(200);
    expect(otherPage.text).not.toContain(EMAIL.owner);
    expect((await other.get(`/outbox/${outbox()[0]!.id}`)).status).toBe(404);

    const admin = await login(app, 'admin');
    const all = await admin.get('/outbox');
    expect(all.text).toContain(EMAIL.owner);
    expect(all.text).toContain(EMAIL.ownerA1);
    const byRecipient = await admin.get('/outbox?recipient=CHU.QUAN');
    expect(byRecipient.text).toContain(EMAIL.owner);
    expect(byRecipient.text).not.toContain(EMAIL.ownerA1);
    expect((await admin.get('/outbox?kind=digest')).text).toContain('Không có thư nào khớp với bộ lọc.');
    expect((await admin.get('/outbox?status=sent')).text).toContain('Không có thư nào khớp với bộ lọc.');
    expect((await admin.get(`/outbox?from=${daysFromToday(1).split('-').reverse().join('/')}`)).text).toContain('Không có thư nào khớp với bộ lọc.');
    expect((await admin.get(`/outbox?from=${TODAY}&to=${TODAY}`)).text).toContain(EMAIL.owner);
    const bad = await admin.get('/outbox?from=32/13/2026&status=nonsense');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain(EMAIL.owner);
    expect((await admin.get('/outbox/abc')).status).toBe(404);
    expect((await admin.get('/outbox/999999')).status).toBe(404);
  });

  it('is linked from the header for admins, and the notification page for everyone', async () => {
    const admin = await login(app, 'admin');
    const home = await admin.get('/account/password');
    expect(home.text).toContain('href="/outbox"');
    expect(home.text).toContain('href="/account/notifications"');
    const viewer = await login(app, 'viewer');
    const page = await viewer.get('/account/password');
    expect(page.text).not.toContain('href="/outbox"');
    expect(page.text).toContain('href="/account/notifications"');
    expect(csrfFrom(page.text)).toBeTruthy();
  });
});
