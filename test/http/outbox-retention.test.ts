// The outbox's retention: a finished message (sent, failed, cancelled) untouched for OUTBOX_RETENTION_DAYS
// loses its recipient, subject, text and the server's answers when the daily job runs; the row stays with
// its kind, status, dates and dedupe key (the same event never sends it twice); one audit entry per
// organisation; the pages say what happened and offer nothing to send again.
import { asc } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { mailOutbox, type OutboxRow } from '../../src/db/schema/mail.js';
import { engineConfigFrom } from '../../src/modules/evaluation/index.js';
import { enqueue } from '../../src/modules/mail/outbox.service.js';
import { activeRecipients } from '../../src/modules/mail/index.js';
import { runDailyJob } from '../../src/modules/reminders/digest.service.js';
import { auditEntries, login, makeApp, makeDemoApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  ctx = await makeApp();
});

const NOW = new Date('2026-12-04T01:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const rows = () => ctx.db.select().from(mailOutbox).orderBy(asc(mailOutbox.id)).all();

function message(status: OutboxRow['status'], age: number, extra: Partial<typeof mailOutbox.$inferInsert> = {}): number {
  return ctx.db.insert(mailOutbox).values({
    messageId: `m-${status}-${age}-${Math.random()}`, kind: 'finding', userId: ctx.fx.user.owner, organisationId: ctx.fx.org.provA,
    toAddress: 'chu.quan@anhoa.gov.vn', toName: 'Nguyễn Văn Chủ', locale: 'vi', subject: 'Phát hiện mới: tường lửa', payload: { heading: 'Phát hiện mới' },
    status, attempts: 1, lastError: status === 'failed' ? '550 5.1.1 <chu.quan@anhoa.gov.vn>: không có hộp thư' : null,
    serverResponse: status === 'sent' ? '250 OK' : null, sentAt: status === 'sent' ? daysAgo(age) : null,
    createdAt: daysAgo(age), updatedAt: daysAgo(age), ...extra,
  }).returning().get().id;
}

describe('the outbox retention', () => {
  it('clears what old finished messages say of their recipient, keeps the rest, and audits it per organisation', () => {
    const oldSent = message('sent', 400, { dedupeKey: 'finding:42:owner' });
    const oldFailed = message('failed', 366);
    const oldCancelled = message('cancelled', 500, { organisationId: ctx.fx.org.provB });
    const recentSent = message('sent', 300);
    const oldPending = message('pending', 400);

    const report = runDailyJob(ctx.db, engineConfigFrom(), { now: NOW, retentionDays: 365 });
    expect(report.redacted).toBe(3);
    const byId = new Map(rows().map((r) => [r.id, r]));
    for (const id of [oldSent, oldFailed, oldCancelled]) {
      expect(byId.get(id)).toMatchObject({ toAddress: '', toName: '', subject: '', payload: {}, lastError: null, serverResponse: null, redactedAt: NOW.toISOString() });
    }
    // what stays: kind, status, dates, the dedupe key
    expect(byId.get(oldSent)).toMatchObject({ kind: 'finding', status: 'sent', sentAt: daysAgo(400), dedupeKey: 'finding:42:owner' });
    for (const id of [recentSent, oldPending]) {
      expect(byId.get(id)).toMatchObject({ toAddress: 'chu.quan@anhoa.gov.vn', subject: 'Phát hiện mới: tường lửa', redactedAt: null });
    }
    const entries = auditEntries(ctx.db).filter((e) => e.entityType === 'mail_outbox' && e.action === 'redact');
    expect(entries.map((e) => [e.organisationId, e.summary, e.actorName])).toEqual([
      [ctx.fx.org.provA, '2 · 365', 'system'],
      [ctx.fx.org.provB, '1 · 365', 'system'],
    ]);

    // running again changes nothing and writes no entry
    expect(runDailyJob(ctx.db, engineConfigFrom(), { now: NOW, retentionDays: 365 }).redacted).toBe(0);
    expect(auditEntries(ctx.db).filter((e) => e.action === 'redact')).toHaveLength(2);
  });

  it('keeps the dedupe key, so the same event is not sent again after its message was cleared', () => {
    message('sent', 400, { dedupeKey: 'certificate:7:30' });
    runDailyJob(ctx.db, engineConfigFrom(), { now: NOW, retentionDays: 365 });
    const owner = activeRecipients(ctx.db).find((r) => r.id === ctx.fx.user.owner)!;
    const again = ctx.db.transaction((tx) =>
      enqueue(tx, { recipient: { ...owner, email: 'chu.quan@anhoa.gov.vn' }, kind: 'finding', subject: 'x', payload: {} as never, dedupeKey: 'certificate:7:30' }));
    expect(again).toBe(false);
    expect(rows()).toHaveLength(1);
  });

  it('shows a cleared message as such, with nothing to send again; the audit log says it in words', async () => {
    const id = message('failed', 400);
    runDailyJob(ctx.db, engineConfigFrom(), { now: NOW, retentionDays: 365 });
    const admin = await login(ctx.app, 'admin');
    const list = (await admin.get('/outbox')).text;
    expect(list).toContain('(nội dung đã xóa theo thời hạn lưu trữ)');
    expect(list).not.toContain('chu.quan@anhoa.gov.vn');
    const page = await admin.get(`/outbox/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('người nhận, tiêu đề và nội dung đã được xóa lúc');
    expect(page.text).not.toContain('chu.quan@anhoa.gov.vn');
    expect(page.text).not.toContain(`action="/outbox/${id}/retry"`);
    // a retry posted anyway leaves it as it is
    const retry = await admin.post(`/outbox/${id}/retry`);
    expect(retry.status).toBe(303);
    expect(rows()[0]).toMatchObject({ status: 'failed', redactedAt: NOW.toISOString() });
    const audit = (await admin.get('/audit?entity=mail_outbox')).text;
    expect(audit).toContain('Xóa nội dung theo thời hạn lưu trữ');
    expect(audit).toContain('1 thư đã kết thúc (đã gửi, không gửi được hoặc đã hủy) quá 365 ngày: đã xóa người nhận, tiêu đề và nội dung');
  });

  it('is 365 days unless OUTBOX_RETENTION_DAYS says otherwise, and never under 30', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mail.retentionDays).toBe(365);
    expect(loadConfig({ NODE_ENV: 'test', OUTBOX_RETENTION_DAYS: '90' }).mail.retentionDays).toBe(90);
    expect(() => loadConfig({ NODE_ENV: 'test', OUTBOX_RETENTION_DAYS: '7' })).toThrow(/OUTBOX_RETENTION_DAYS/);
  });
});

describe('the demo', () => {
  it('has a notice of 2025 cleared by the retention, shown so on the outbox page and in the audit log', async () => {
    const demo = await makeDemoApp();
    const cleared = demo.db.select().from(mailOutbox).all().filter((m) => m.redactedAt !== null);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ kind: 'finding', status: 'sent', toAddress: '', subject: '' });
    expect(cleared[0]!.sentAt! < '2025-11-01').toBe(true);
    const admin = await login(demo.app, 'admin', 'capdo-demo');
    const list = (await admin.get('/outbox')).text;
    expect(list).toContain('(nội dung đã xóa theo thời hạn lưu trữ)');
    // newest first by when it was written: the 2025 message is last
    const written = [...list.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]!);
    expect(written).toEqual([...written].sort().reverse());
    expect(written.at(-1)! < '2025-11-01').toBe(true);
    expect((await admin.get('/audit?entity=mail_outbox')).text).toContain('1 thư đã kết thúc (đã gửi, không gửi được hoặc đã hủy) quá 365 ngày');
  });
});
