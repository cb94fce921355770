// Mail in the demo: two users' choices (the ministry's admin reads mail in English; the province's viewer
// turned the finding notices off), and a short history in the outbox written by the real notice code —
// the notices of the province's latest critical finding, delivered, and the notice of its latest approved
// dossier, refused by the mail server for a mistyped address (the outbox page shows the error and
// "Gửi lại"). Nothing is left pending: a demo given an SMTP_URL sends only what happens from then on
// (and the day's digests). A finding notice of 2025, delivered more than a year ago, has been cleared by the
// outbox's retention. The province's owner also has a calendar feed link.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, lte } from 'drizzle-orm';
import { assessments, calendarTokens, findings } from '../src/db/schema/assessments.js';
import { levelDecisions } from '../src/db/schema/level-decisions.js';
import { mailOutbox, mailPreferences } from '../src/db/schema/mail.js';
import { systems } from '../src/db/schema/systems.js';
import { users } from '../src/db/schema/users.js';
import type { Actor } from '../src/modules/access/index.js';
import { dossierDecided, findingRecorded } from '../src/modules/mail/notices.service.js';
import { redactOldMessages } from '../src/modules/mail/outbox.service.js';
import { PROVINCE_ROOT_CODE } from './demo-data.js';
import type { DemoIds, SeedTx } from './demo-protection.js';

export interface MailSeedCounts {
  mailPreferences: number;
  outboxMessages: number;
}

/** A timestamp on a demo day, at a given hour in Vietnam (UTC+7). */
const at = (date: string, hourVn: number) => new Date(`${date}T${String(hourVn).padStart(2, '0')}:00:00+07:00`).toISOString();

export function seedMail(tx: SeedTx, ids: DemoIds): MailSeedCounts {
  const userId = (username: string) => ids.users.get(username) ?? null;
  // the province's owner follows the due list in a phone calendar: the page shows the link as active, with
  // "Thu hồi liên kết" behind its confirmation box (the address itself was shown once and is known to no one)
  const owner = userId('owner');
  if (owner !== null) {
    tx.insert(calendarTokens).values({ userId: owner, tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'), createdAt: at('2026-11-10', 8) }).run();
  }
  const prefs = [
    { username: 'admin.bo', values: { locale: 'en' as const } },
    { username: 'viewer', values: { finding: false } },
  ];
  for (const p of prefs) {
    const id = userId(p.username);
    if (id !== null) tx.insert(mailPreferences).values({ userId: id, ...p.values, updatedAt: '2026-10-01T02:00:00.000Z' }).run();
  }

  const adminRow = tx.select().from(users).where(eq(users.username, 'admin')).get();
  const province = ids.organisations.get(PROVINCE_ROOT_CODE);
  if (!adminRow || province === undefined) return { mailPreferences: prefs.length, outboxMessages: 0 };
  // the province's admin records what follows; the notices leave her out, as they leave out any author
  const admin: Actor = {
    id: adminRow.id, username: adminRow.username, fullName: adminRow.fullName, role: adminRow.role, organisationId: adminRow.organisationId,
    scope: new Set(), ancestors: new Set(), reach: new Set(),
  };
  const provinceSystems = tx.select().from(systems).where(eq(systems.ownerId, province)).all();
  const ids0 = provinceSystems.map((s) => s.id);
  if (!ids0.length) return { mailPreferences: prefs.length, outboxMessages: 0 };

  const latest = tx
    .select({ f: findings, a: assessments })
    .from(findings)
    .innerJoin(assessments, eq(assessments.id, findings.assessmentId))
    .where(and(inArray(findings.systemId, ids0), eq(findings.severity, 'critical')))
    .orderBy(desc(assessments.performedDate), desc(findings.id))
    .get();
  if (latest) {
    const system = provinceSystems.find((s) => s.id === latest.f.systemId)!;
    const first = tx.select({ id: mailOutbox.id }).from(mailOutbox).orderBy(desc(mailOutbox.id)).get()?.id ?? 0;
    findingRecorded(tx, admin, { system, assessment: latest.a, finding: latest.f });
    const day = latest.a.performedDate!;
    tx.update(mailOutbox)
      .set({ status: 'sent', attempts: 1, createdAt: at(day, 16), updatedAt: at(day, 16), nextAttemptAt: at(day, 16), sentAt: at(day, 16), serverResponse: '250 2.0.0 Ok: queued as 4F1A2B3C9D' })
      .where(and(eq(mailOutbox.kind, 'finding'), inArray(mailOutbox.id, rangeAfter(tx, first))))
      .run();
  }

  const approved = tx
    .select()
    .from(levelDecisions)
    .where(and(inArray(levelDecisions.systemId, ids0), eq(levelDecisions.dossierStatus, 'approved')))
    .orderBy(desc(levelDecisions.approvalDate), desc(levelDecisions.id))
    .get();
  if (approved) {
    const system = provinceSystems.find((s) => s.id === approved.systemId)!;
    const first = tx.select({ id: mailOutbox.id }).from(mailOutbox).orderBy(desc(mailOutbox.id)).get()?.id ?? 0;
    dossierDecided(tx, admin, { system, decision: approved });
    const day = approved.approvalDate!;
    for (const row of tx.select().from(mailOutbox).where(inArray(mailOutbox.id, rangeAfter(tx, first))).all()) {
      tx.update(mailOutbox)
        .set({
          status: 'failed', attempts: 1, createdAt: at(day, 10), updatedAt: at(day, 10), nextAttemptAt: at(day, 10),
          lastError: `550 5.1.1 <${row.toAddress}>: Recipient address rejected: User unknown in virtual mailbox table`,
          serverResponse: `550 5.1.1 <${row.toAddress}>: Recipient address rejected: User unknown in virtual mailbox table`,
        })
        .where(eq(mailOutbox.id, row.id))
        .run();
    }
  }

  // an older notice, of a high finding of 2025, delivered more than a year ago: the retention has cleared
  // its recipient and text, as the daily job does (the outbox page and the audit log show it)
  const older = tx
    .select({ f: findings, a: assessments })
    .from(findings)
    .innerJoin(assessments, eq(assessments.id, findings.assessmentId))
    .where(and(inArray(findings.systemId, ids0), inArray(findings.severity, ['critical', 'high']), lte(assessments.performedDate, '2025-10-31')))
    .orderBy(desc(assessments.performedDate), desc(findings.id))
    .get();
  if (older) {
    const system = provinceSystems.find((s) => s.id === older.f.systemId)!;
    const first = tx.select({ id: mailOutbox.id }).from(mailOutbox).orderBy(desc(mailOutbox.id)).get()?.id ?? 0;
    // written when it was recorded, still open then
    findingRecorded(tx, admin, { system, assessment: older.a, finding: { ...older.f, status: 'open' } });
    const day = older.a.performedDate!;
    tx.update(mailOutbox)
      .set({ status: 'sent', attempts: 1, createdAt: at(day, 15), updatedAt: at(day, 15), nextAttemptAt: at(day, 15), sentAt: at(day, 15), serverResponse: '250 2.0.0 Ok: queued as 1C2D3E4F5A' })
      .where(and(eq(mailOutbox.kind, 'finding'), inArray(mailOutbox.id, rangeAfter(tx, first))))
      .run();
    redactOldMessages(tx);
  }
  return { mailPreferences: prefs.length, outboxMessages: tx.select({ id: mailOutbox.id }).from(mailOutbox).all().length };
}

/** Ids of the outbox rows written after `id`. */
function rangeAfter(tx: SeedTx, id: number): number[] {
  return tx.select({ id: mailOutbox.id }).from(mailOutbox).all().map((r) => r.id).filter((n) => n > id);
}
